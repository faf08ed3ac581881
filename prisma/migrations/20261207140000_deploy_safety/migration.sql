-- Safe to deploy (issue 19 items 1 and 4), hand-written.
--
-- 1. "mustChangePassword": the first administrator (npm run admin:create) signs in with a
--    password that was printed once; until they choose their own, every page and API call
--    sends them to the change-password step.
-- 2. "ReferenceData": which version of each reference set (orgs, catalog) a database was last
--    seeded with. Seeding only inserts missing rows, so this records what was offered, not
--    what administrators have since changed.

ALTER TABLE "User" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "ReferenceData" (
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "inserted" INTEGER NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferenceData_pkey" PRIMARY KEY ("name")
);

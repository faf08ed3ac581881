-- Visit frequency (issue 21 item 5): a visit being started holds its place in the enterprise's
-- rolling count from the moment it passes the check until its workflow writes the Inspection row
-- (the row is written by the workflow, in another transaction), so two simultaneous requests
-- cannot both pass as the last allowed visit. The id is the inspection's id.
CREATE TABLE "VisitReservation" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "scheduledFor" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VisitReservation_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "VisitReservation_enterpriseId_createdAt_idx" ON "VisitReservation"("enterpriseId", "createdAt");

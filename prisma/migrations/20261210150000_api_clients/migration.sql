-- Partner systems as OAuth 2.0 clients (issue 24), hand-written.
--
-- A client acts as its org's system: it has a User row of its own (same id), holding the org and
-- the role its people hold there, so the policy table, org scoping, idempotency keys and the audit
-- log treat it exactly as a person of that org, named by the client id. It cannot sign in with a
-- password (a random hash nobody knows). Secrets are argon2 hashes; a rotated secret keeps working
-- until its "expiresAt" (the overlap), a revoked client's tokens stop at once.
CREATE TABLE "ApiClient" (
  "id"          TEXT NOT NULL,
  "orgId"       TEXT NOT NULL,
  "name"        TEXT NOT NULL,
  "scopes"      TEXT[],
  "createdById" TEXT NOT NULL,
  "createdAt"   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "revokedAt"   TIMESTAMP(3),
  CONSTRAINT "ApiClient_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ApiClient_id_fkey" FOREIGN KEY ("id") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "ApiClient_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "ApiClient_orgId_idx" ON "ApiClient"("orgId");

CREATE TABLE "ApiClientSecret" (
  "id"         TEXT NOT NULL,
  "clientId"   TEXT NOT NULL,
  "secretHash" TEXT NOT NULL,
  "createdAt"  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expiresAt"  TIMESTAMP(3),
  CONSTRAINT "ApiClientSecret_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ApiClientSecret_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "ApiClient"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "ApiClientSecret_clientId_idx" ON "ApiClientSecret"("clientId");

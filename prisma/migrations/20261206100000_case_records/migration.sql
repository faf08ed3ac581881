-- 现场检查记录 and 询问笔录 as structured content (issue 17): a draft is saved unnumbered and
-- completed later; once numbered, the row is the content of its document and never changes —
-- a correction is a new numbered record that names the one it corrects.
CREATE TABLE "CaseRecord" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "documentId" TEXT,
    "correctsId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CaseRecord_documentId_key" ON "CaseRecord"("documentId");

-- CreateIndex
CREATE INDEX "CaseRecord_caseId_idx" ON "CaseRecord"("caseId");

-- A numbered record is the content of a 执法文书: as immutable as the document.
CREATE FUNCTION reject_issued_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'ISSUED' THEN
    RAISE EXCEPTION 'record % is numbered and read-only', OLD."id" USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER case_record_issued_read_only BEFORE UPDATE OR DELETE ON "CaseRecord"
  FOR EACH ROW EXECUTE FUNCTION reject_issued_record_change();

-- 归档 freezes the file, its records and drafts included.
CREATE TRIGGER case_record_archived_read_only BEFORE INSERT OR UPDATE OR DELETE ON "CaseRecord"
  FOR EACH ROW EXECUTE FUNCTION reject_evidence_for_archived_case();

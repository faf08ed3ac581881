-- PDF 文书 and their verification (issue 23), hand-written.
--
-- A document's PDF is drawn from its stored HTML on request; the same content gives the same
-- bytes, but a later library or font could draw different ones. Each distinct PDF ever handed out
-- is recorded with its SHA-256, so the public verification page (/verify/<id>) still recognises a
-- copy printed years ago.
CREATE TABLE "DocumentRendering" (
  "documentId" TEXT NOT NULL,
  "sha256"     TEXT NOT NULL,
  "format"     TEXT NOT NULL,
  "firstAt"    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "DocumentRendering_pkey" PRIMARY KEY ("documentId", "sha256")
);

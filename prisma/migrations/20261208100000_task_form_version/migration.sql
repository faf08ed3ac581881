-- The task form version a human task was opened with (issue 20 item 3, rules/form-versions.ts):
-- the API and the activity that writes the answer check it against that version. Tasks opened
-- before versioning were opened under version 1.
ALTER TABLE "Task" ADD COLUMN "formVersion" INTEGER NOT NULL DEFAULT 1;

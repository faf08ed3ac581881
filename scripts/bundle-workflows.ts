import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../infra/temporal.ts';

// Production workers load this prebuilt bundle (WORKFLOW_BUNDLE_PATH) instead of bundling
// the workflow source at every start.
const out = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
mkdirSync(path.dirname(out), { recursive: true });
const { code } = await bundleWorkflowCode({ workflowsPath });
writeFileSync(out, code);
console.log(`workflow bundle written to ${out} (${(code.length / 1024).toFixed(0)} KiB); run workers with WORKFLOW_BUNDLE_PATH=${out}`);

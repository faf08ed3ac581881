export { caseWorkflow } from './case.ts';
export { summaryCaseWorkflow } from './summary-case.ts';
export { referralWorkflow } from './referral.ts';
export { transferWorkflow } from './transfer.ts';
export { reconsiderationWorkflow } from './reconsideration.ts';
export { inspectionWorkflow } from './inspection.ts';
export { annualPlanWorkflow } from './annual-plan.ts';
export { delegationWorkflow } from './delegation.ts';

export { caseWorkflow } from './case.ts';
export { summaryCaseWorkflow } from './summary-case.ts';
export { referralWorkflow } from './referral.ts';

export { caseWorkflow } from './case.ts';
export { summaryCaseWorkflow } from './summary-case.ts';

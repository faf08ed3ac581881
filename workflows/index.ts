export { caseWorkflow } from './case.ts';

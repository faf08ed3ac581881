// Guardrails the Temporal samples use: no floating promises anywhere, and nothing in
// workflows/ that could break determinism (Node built-ins, Prisma, Express, activity values).
import tseslint from 'typescript-eslint';

const sandboxImports = [
  { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net'], message: 'workflow code must not use Node built-ins' },
  { group: ['**/generated/prisma/**', '@prisma/*', 'pg', 'express', 'pino', 'chinese-days'], message: 'workflow code must not do I/O' },
  { group: ['**/activities/*'], message: 'workflows import activity types only (import type)', allowTypeImports: true },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'generated/', 'dist/', '.data/', '.tools/', 'test-results/', 'bench/results/'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['workflows/**/*.ts', 'rules/**/*.ts', 'documents/kinds.ts'],
    ignores: ['rules/holiday-calendar.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: sandboxImports }],
    },
  },
  {
    // Every cached run evaluates what the bundle imports: zod and the form schemas cost ~1.1 MB
    // each (docs/workflow-memory.md). The API and the answer-writing activity check forms.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...sandboxImports, {
          group: ['zod', '**/rules/task-forms*', '**/rules/forms/*', '**/rules/form-versions*', '**/api/*'],
          message: 'workflows decide with rules/task-kinds.ts, never with form schemas or labels (issue 18 item 2)', allowTypeImports: true,
        }],
      }],
    },
  },
);

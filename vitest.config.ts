import { defineConfig } from 'vitest/config';

// Temporal's native core dislikes worker threads: forks only. System tests share one
// PostgreSQL and one Temporal dev server started by the global setup, and run one file at
// a time so a 2-core machine never runs two time-skipping servers at once.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'forks' } },
      {
        test: {
          name: 'system',
          include: ['test/workflow/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/browser/**/*.test.ts', 'test/bench/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});

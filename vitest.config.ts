import { defineConfig } from 'vitest/config';

/**
 * Tests that need a server (Postgres, Redis), the embedded database or the built CLI in a child process:
 * `npm test` runs them with the rest; `npm run test:unit` runs only the others (no server, a few minutes less).
 */
const INTEGRATION = [
  'test/store-*.test.ts',
  'test/server-*.test.ts',
  'test/cli-*.test.ts',
  'test/jobs.test.ts',
  'test/jobs-*.test.ts',
  'test/worker-*.test.ts',
  'test/games-ingest.test.ts',
  'test/season.test.ts',
  'test/season-app.test.ts',
  'test/calcutta-run.test.ts',
  'test/csv-truncated.test.ts',
  'test/web-*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests that share the one Postgres/Redis server run file by file; within a file they run in order.
    fileParallelism: false,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: INTEGRATION } },
      { extends: true, test: { name: 'integration', include: INTEGRATION, globalSetup: ['test/global-setup.ts'] } },
    ],
  },
});

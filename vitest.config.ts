import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests that share the one Postgres/Redis server run file by file; within a file they run in order.
    fileParallelism: false,
    reporters: ['default'],
  },
});

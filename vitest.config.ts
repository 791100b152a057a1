import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Builds the dashboard once (if its sources changed) before the browser tests open it.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Storage tests share one PostgreSQL database; each file uses its own schema,
    // so files may run in parallel.
    pool: 'forks',
    reporters: ['default'],
  },
});

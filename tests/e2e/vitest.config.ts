// End-to-end tests: the real server (in-memory PGlite, demo data) driven through Chromium.
// Run by `npm run test:e2e`, which builds the UI first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: '.',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

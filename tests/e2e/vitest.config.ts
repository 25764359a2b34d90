// End-to-end tests: the real server (in-memory PGlite, demo data) driven through Chromium.
// Run by `npm run test:e2e`, which builds the UI first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: '.',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // a browser on a loaded CI machine needs more than vitest's default second to show a change
    expect: { poll: { timeout: 15_000, interval: 100 } },
    pool: 'forks',
    fileParallelism: false,
  },
});

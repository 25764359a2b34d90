import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const apiTarget = process.env.QUYTRINH_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'ui',
  plugins: [svelte()],
  build: { outDir: '../dist/ui', emptyOutDir: true },
  server: {
    proxy: {
      '/api': apiTarget,
      '/docs': apiTarget,
      '/ws': { target: apiTarget.replace(/^http/, 'ws'), ws: true },
    },
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

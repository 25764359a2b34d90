import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { compression } from 'vite-plugin-compression2';

const apiTarget = process.env.QUYTRINH_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'ui',
  // brotli and gzip copies beside each asset, which the server sends by Accept-Encoding
  plugins: [svelte(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 })],
  build: {
    outDir: '../dist/ui',
    emptyOutDir: true,
    // engine/ only declares (its Ajv instances serve the functions that use them): a page that
    // imports a path helper from engine/index.ts gets that helper, not Ajv and XState.
    rolldownOptions: { treeshake: { moduleSideEffects: [{ test: /[\\/]engine[\\/][^\\/]+\.ts$/, sideEffects: false }] } },
  },
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

import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

const apiTarget = process.env.QUYTRINH_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'ui',
  // brotli and gzip copies beside each asset, which the server sends by Accept-Encoding
  plugins: [
    svelte(),
    // An installable app: manifest, icons, and a service worker that keeps the shell (not the
    // designer's layout engine, 1.4 MB) and the last answers of an official's reads for offline
    // viewing (ui/src/lib/pwa.svelte.ts). A new version waits for the user's reload.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/icon.svg', 'icons/apple-touch-icon.png'],
      manifest: {
        name: 'quytrinh — Xử lý thông tin xấu, độc trên không gian mạng',
        short_name: 'quytrinh',
        description: 'Theo dõi, xác minh và xử lý thông tin xấu, độc trên không gian mạng theo quy trình.',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f4f6fa',
        theme_color: '#102a5c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        globIgnores: ['**/elk.bundled-*.js', '**/designer-*.js'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/ws/, /^\/docs/],
        cleanupOutdatedCaches: true,
        // the first visit's page is served by it at once (an update still waits for the reload)
        clientsClaim: true,
        runtimeCaching: [
          {
            // what an official reads to see their work; never files, reports or anything written
            urlPattern: ({ url, request }) =>
              request.method === 'GET' && /^\/api\/(me|cases|cases\/[0-9a-f-]{36}|procedures(\/[^/]+)*|notifications)$/.test(url.pathname),
            handler: 'NetworkFirst',
            options: { cacheName: 'qt-api', cacheableResponse: { statuses: [200] }, expiration: { maxEntries: 300 } },
          },
        ],
      },
    }),
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
  ],
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

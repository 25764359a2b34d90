// The built UI served by the API's own process: hashed assets cached for good, the page asked
// for again at every visit, client routes answered with the page; a plain note when not built.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { qtError } from './errors.ts';

/** Serves the built UI with a fallback to index.html for client routes; says so when it is missing. */
export async function registerUi(app: FastifyInstance, uiDir: string | null) {
  const index = uiDir ? join(uiDir, 'index.html') : null;
  if (uiDir && index && existsSync(index)) {
    await app.register(fastifyStatic, {
      root: resolve(uiDir),
      wildcard: false,
      index: false, // the page is sent by the route below, at / and at every client route
      preCompressed: true, // the .br and .gz the build wrote beside each asset
      cacheControl: false,
      // names under assets/ carry a hash of their content: they never change; the page itself is asked for again
      setHeaders: (reply, path) =>
        reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    const html = readFileSync(index);
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/') || req.url.startsWith('/ws') || req.url.startsWith('/docs')) throw qtError('QT_NOT_FOUND');
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(
          'quytrinh server is running, but the UI is not built (dist/ui is missing).\n' +
            'Giao diện chưa được xây dựng (thiếu dist/ui). Run: npm run build\n\nAPI: /api/health · OpenAPI: /docs\n',
        ),
    );
  }
}

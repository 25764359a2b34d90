// Health and the OpenAPI description.
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { ref } from '../route-schemas.ts';
import { langOf } from '../errors.ts';
import { readiness } from '../ops/readiness.ts';

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>quytrinh API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}
h2{margin-top:2rem;border-bottom:1px solid #ccc}code{background:#f4f4f4;padding:0 .3em}
.m{display:inline-block;width:4.5em;font-weight:bold}.s{color:#555}</style></head>
<body><h1>quytrinh API</h1>
<p>OpenAPI 3 description: <a href="/docs/json">/docs/json</a>. Shapes: <code>docs/api.md</code>; error codes: <code>docs/errors.md</code>.</p>
<div id="routes">Loading…</div><script src="/docs/app.js"></script></body></html>`;

const DOCS_JS = `fetch('/docs/json').then(r => r.json()).then(spec => {
  const byTag = {};
  for (const [path, ops] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(ops)) {
    const tag = (op.tags && op.tags[0]) || 'other';
    (byTag[tag] = byTag[tag] || []).push({ path, method, op });
  }
  const esc = s => String(s).replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  document.getElementById('routes').innerHTML = Object.entries(byTag).map(([tag, list]) =>
    '<h2>' + esc(tag) + '</h2>' + list.map(({ path, method, op }) =>
      '<div><span class="m">' + method.toUpperCase() + '</span><code>' + esc(path) + '</code> <span class="s">' + esc(op.summary || '') + '</span></div>').join('')).join('');
});`;

export const systemRoutes: FastifyPluginAsync = async (app) => {
  const { store } = app.qt;

  app.get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Liveness and database status', response: { 200: ref('health'), 503: ref('health') } } },
    async (_req, reply) => {
      try {
        await sql`SELECT 1`.execute(store.db);
        return { status: 'ok', database: 'ok' };
      } catch {
        return reply.status(503).send({ status: 'error', database: 'unavailable' });
      }
    },
  );

  app.get(
    '/api/ready',
    { schema: { tags: ['system'], summary: 'Readiness: database, migrations, timers (503 with reasons when not ready)', response: { 200: ref('ready'), 503: ref('ready') } } },
    async (req, reply) => {
      const ready = await readiness(app.qt, langOf(req.headers['accept-language']));
      return reply.status(ready.status === 'ready' ? 200 : 503).send(ready);
    },
  );

  app.get('/docs', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(DOCS_HTML));
  app.get('/docs/app.js', { schema: { hide: true } }, async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(DOCS_JS));
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());
};

// GET /metrics: off without a token, then only for its bearer; what it reports follows what the
// server did (requests by route pattern, events accepted and refused, batches, timers, sockets,
// cases by state, refreshed at most every 30 s by the injected clock).
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bearerMatches } from '../../server/ops/metrics.ts';
import { dbLabel, makeApp, type UserName, useTestApp } from './helpers.ts';

const TOKEN = 'a-long-random-metrics-token';

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe(`metrics on ${dbLabel}`, () => {
  const t = useTestApp({ listen: true, app: { metricsToken: TOKEN } });
  const call = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.body;
  };
  const open = async () => (await call('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Trang giả mạo' } })).json();

  it('is answered only to the bearer of the token, and not at all without one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('QT_UNAUTHENTICATED');
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: TOKEN } })).statusCode).toBe(401);
    expect(sample(await scrape(), 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sample(await scrape(), 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    const off = await makeApp(t.store, t.clock);
    try {
      const res = await off.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('compares the token whole', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer ', TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
  });

  it('counts requests by route pattern, events accepted and refused by code, and batch sizes', async () => {
    const c = await open();
    const events = `/api/cases/${c.id}/events`;
    expect((await call('monitor', 'POST', events, { type: 'SUBMIT', expectedVersion: 1 })).statusCode).toBe(200);
    expect((await call('monitor', 'POST', events, { type: 'SUBMIT', expectedVersion: 1 })).statusCode).toBe(409);
    expect((await call('observer', 'POST', events, { type: 'APPROVE' })).statusCode).toBe(403);
    // events without effects beyond the case go through the writer, together when they arrive together
    const d = await open();
    const comments = await Promise.all([c, d].map((x) => call('monitor', 'POST', `/api/cases/${x.id}/events`, { type: 'COMMENT', data: { text: 'Ghi chú' } })));
    expect(comments.map((r) => r.statusCode)).toEqual([200, 200]);
    const text = await scrape();
    const route = { route: '/api/cases/:id/events', method: 'POST' };
    expect(sample(text, 'quytrinh_http_request_duration_seconds_count', { ...route, status: '200' })).toBe(3);
    expect(sample(text, 'quytrinh_http_request_duration_seconds_count', { ...route, status: '409' })).toBe(1);
    expect(sample(text, 'quytrinh_http_request_duration_seconds_count', { route: '/api/cases', method: 'POST', status: '201' })).toBe(2);
    expect(text).not.toContain(c.id); // never a URL, always its pattern
    expect(sample(text, 'quytrinh_events_accepted_total')).toBe(3);
    expect(sample(text, 'quytrinh_events_refused_total', { code: 'QT_CASE_VERSION_CONFLICT' })).toBe(1);
    expect(sample(text, 'quytrinh_events_refused_total', { code: 'QT_ROLE_NOT_ALLOWED' })).toBe(1);
    expect(sample(text, 'quytrinh_event_batch_size_sum')).toBe(2);
    expect(sample(text, 'quytrinh_event_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'quytrinh_event_batch_size_bucket', { le: '2' })).toBe(sample(text, 'quytrinh_event_batch_size_count'));
    expect(sample(text, 'quytrinh_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
  });

  it('reports cases by procedure and state, read again at most every 30 s', async () => {
    t.clock.advance('PT1H'); // past the refresh of an earlier test (the clock restarts at START for each)
    await open();
    expect(sample(await scrape(), 'quytrinh_cases', { procedure: 'mini', state: 'draft' })).toBe(1);
    await open();
    t.clock.advance('PT29S');
    expect(sample(await scrape(), 'quytrinh_cases', { procedure: 'mini', state: 'draft' })).toBe(1);
    t.clock.advance('PT1S');
    expect(sample(await scrape(), 'quytrinh_cases', { procedure: 'mini', state: 'draft' })).toBe(2);
  });

  it('reports timers due, then fired', async () => {
    const c = await open();
    await call('monitor', 'POST', `/api/cases/${c.id}/events`, { type: 'SUBMIT' });
    await call('verifier', 'POST', `/api/cases/${c.id}/events`, { type: 'APPROVE', data: { note: 'Đã xác minh' } });
    expect(sample(await scrape(), 'quytrinh_timers_due')).toBe(0);
    t.clock.advance('P3D');
    expect(sample(await scrape(), 'quytrinh_timers_due')).toBe(1);
    const before = sample(await scrape(), 'quytrinh_timers_fired_total', { outcome: 'fired' }) ?? 0;
    expect(await t.app.qt.scheduler.runDue()).toEqual({ fired: 1, refused: 0 });
    const text = await scrape();
    expect(sample(text, 'quytrinh_timers_due')).toBe(0);
    expect(sample(text, 'quytrinh_timers_fired_total', { outcome: 'fired' })).toBe(before + 1);
  });

  it('reports open WebSocket connections', async () => {
    const { port } = t.app.server.address() as AddressInfo;
    expect(sample(await scrape(), 'quytrinh_websocket_connections')).toBe(0);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { cookie: t.cookies.monitor } });
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    const text = await scrape();
    expect(sample(text, 'quytrinh_websocket_connections')).toBe(1);
    expect(sample(text, 'quytrinh_websocket_buffered_bytes')).toBe(0);
    ws.close();
    await new Promise((r) => ws.once('close', r));
  });
});

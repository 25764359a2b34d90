// The access matrix: every route × every role × a case of one's own unit and of another unit →
// the expected status; no error body and no WebSocket message carries a case one may not read.
// The routes come from the OpenAPI description, so a new route without a row here fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import WebSocket from 'ws';
import type { Store } from '../../server/db/connect.ts';
import { closeTestStore, dbLabel, login, loginAll, makeApp, multipart, openTestStore, PNG, seedWorld, START, TestClock, type UserName } from '../server/helpers.ts';

type Who = UserName | 'anonymous';
const WHO: Who[] = ['anonymous', 'admin', 'monitor', 'verifier', 'lead', 'liaison', 'secretariat', 'observer', 'monitor2'];
const PROVINCE = new Set<Who>(['admin', 'verifier', 'lead', 'liaison', 'secretariat', 'observer']);
/** Unit of the "own" case: unit A for everyone but monitor2, whose own case is in unit B. */
const unitOf = (who: Who) => (who === 'monitor2' ? 'B' : 'A');

// Marks planted in every case's data: none may appear in an answer to one who may not read it.
const SECRET = { A: 'BÍ-MẬT-ĐƠN-VỊ-A', B: 'BÍ-MẬT-ĐƠN-VỊ-B' };

interface Fixture {
  cases: Record<'A' | 'B', { id: string; number: string; attachment: string }>;
  /** an account the matrix renames */
  observerId: string;
}

/** One row of the matrix: the request, and the status each caller gets for their own and the other unit's case. */
interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string; // OpenAPI form
  request: (f: Fixture, target: 'A' | 'B', who: Who) => InjectOptions;
  /** the status, or the statuses any of which is right (where the outcome is not about access) */
  expected: (who: Who, target: 'A' | 'B') => number | number[];
}

const canRead = (who: Who, target: 'A' | 'B') => PROVINCE.has(who) || unitOf(who) === target;
const signedIn = (ok: number) => (who: Who) => (who === 'anonymous' ? 401 : ok);
const onCase = (ok: number | ((who: Who) => number)) => (who: Who, target: 'A' | 'B') =>
  who === 'anonymous' ? 401 : !canRead(who, target) ? 404 : typeof ok === 'number' ? ok : ok(who);
const adminOnly = (ok: number) => (who: Who) => (who === 'anonymous' ? 401 : who === 'admin' ? ok : 403);
const COMMENTERS = new Set<Who>(['monitor', 'monitor2', 'verifier', 'liaison']); // the mini procedure's COMMENT roles

const png = () => multipart('anh.png', 'image/png', PNG);
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/health', request: () => ({ method: 'GET', url: '/api/health' }), expected: () => 200 },
  // open to a load balancer; 503 here, where the app runs no timers (tests/server/ready.test.ts)
  { method: 'GET', path: '/api/ready', request: () => ({ method: 'GET', url: '/api/ready' }), expected: () => 503 },
  {
    method: 'POST',
    path: '/api/auth/login',
    request: () => ({ method: 'POST', url: '/api/auth/login', payload: { username: 'monitor', password: 'sai-mật-khẩu' } }),
    expected: () => 401,
  },
  { method: 'GET', path: '/api/me', request: () => ({ method: 'GET', url: '/api/me' }), expected: signedIn(200) },
  { method: 'GET', path: '/api/units', request: () => ({ method: 'GET', url: '/api/units' }), expected: signedIn(200) },
  { method: 'GET', path: '/api/users', request: () => ({ method: 'GET', url: '/api/users' }), expected: adminOnly(200) },
  {
    method: 'POST',
    path: '/api/units',
    request: (_f, t, who) => ({ method: 'POST', url: '/api/units', payload: { name: `Đơn vị mới ${who} ${t}` } }),
    expected: adminOnly(201),
  },
  {
    method: 'POST',
    path: '/api/users',
    request: (_f, t, who) => ({
      method: 'POST',
      url: '/api/users',
      payload: { username: `moi.${who}.${t}`.toLowerCase(), displayName: 'Cán bộ mới', unitId: 'unit-a', roles: ['monitor'] },
    }),
    expected: adminOnly(201),
  },
  {
    method: 'PATCH',
    path: '/api/users/{id}',
    request: (f, _t, who) => ({ method: 'PATCH', url: `/api/users/${f.observerId}`, payload: { displayName: `Quan sát viên (${who})` } }),
    expected: adminOnly(200),
  },
  {
    method: 'POST',
    path: '/api/users/import',
    request: () => ({ method: 'POST', url: '/api/users/import', payload: { csv: 'username,displayName,unit,roles\nnhap.thu,Nhập thử,Đơn vị A,monitor', dryRun: true } }),
    expected: adminOnly(200),
  },
  {
    method: 'POST',
    path: '/api/me/password',
    // a wrong current password: 422 proves the caller got past the access check, and changes nothing
    request: () => ({ method: 'POST', url: '/api/me/password', payload: { current: 'không-phải-mật-khẩu', next: 'một mật khẩu mới đủ dài' } }),
    expected: signedIn(422),
  },
  { method: 'GET', path: '/api/me/settings', request: () => ({ method: 'GET', url: '/api/me/settings' }), expected: signedIn(200) },
  { method: 'PATCH', path: '/api/me/settings', request: () => ({ method: 'PATCH', url: '/api/me/settings', payload: { emailDigest: false } }), expected: signedIn(200) },
  { method: 'GET', path: '/api/procedures', request: () => ({ method: 'GET', url: '/api/procedures' }), expected: signedIn(200) },
  { method: 'GET', path: '/api/procedures/{key}', request: () => ({ method: 'GET', url: '/api/procedures/mini' }), expected: signedIn(200) },
  {
    method: 'GET',
    path: '/api/procedures/{key}/versions/{n}',
    request: () => ({ method: 'GET', url: '/api/procedures/mini/versions/1' }),
    expected: signedIn(200),
  },
  {
    method: 'POST',
    path: '/api/procedures/validate',
    request: () => ({ method: 'POST', url: '/api/procedures/validate', payload: { key: 'x' } }),
    expected: signedIn(200),
  },
  {
    method: 'PUT',
    path: '/api/procedures/{key}/draft',
    request: () => ({ method: 'PUT', url: '/api/procedures/mini/draft', payload: { procedure: { key: 'mini' } } }),
    expected: adminOnly(200),
  },
  {
    method: 'POST',
    path: '/api/procedures/{key}/publish',
    // the admin's draft above is not a valid procedure: 422 proves the admin got past the access check
    request: () => ({ method: 'POST', url: '/api/procedures/mini/publish', payload: { note: 'thử' } }),
    expected: adminOnly(422),
  },
  {
    method: 'POST',
    path: '/api/procedures/import',
    // a machine with no states: 422 proves the admin got past the access check, and nothing is saved
    request: () => ({ method: 'POST', url: '/api/procedures/import', payload: { machine: { id: 'x', states: {} } } }),
    expected: adminOnly(422),
  },
  {
    method: 'POST',
    path: '/api/procedures/{key}/migrations',
    request: () => ({ method: 'POST', url: '/api/procedures/mini/migrations', payload: { fromVersion: 1, toVersion: 1, mapping: {}, dryRun: true } }),
    // for the admin, anything the migration itself answers (a plan, or why not): past the access check
    expected: (who) => (who === 'anonymous' ? 401 : who === 'admin' ? [200, 400, 409, 422] : 403),
  },
  {
    method: 'POST',
    path: '/api/cases',
    request: () => ({ method: 'POST', url: '/api/cases', payload: { procedure: 'mini', data: { title: 'Mở thêm hồ sơ' } } }),
    expected: (who) => (who === 'anonymous' ? 401 : who === 'monitor' || who === 'monitor2' ? 201 : 403),
  },
  { method: 'GET', path: '/api/cases', request: () => ({ method: 'GET', url: '/api/cases' }), expected: signedIn(200) },
  { method: 'GET', path: '/api/cases.csv', request: () => ({ method: 'GET', url: '/api/cases.csv?mine=0' }), expected: signedIn(200) },
  { method: 'GET', path: '/api/cases/{id}', request: (f, t) => ({ method: 'GET', url: `/api/cases/${f.cases[t].id}` }), expected: onCase(200) },
  {
    method: 'POST',
    path: '/api/cases/{id}/events',
    request: (f, t, who) => ({ method: 'POST', url: `/api/cases/${f.cases[t].id}/events`, payload: { type: 'COMMENT', data: { text: `ý kiến của ${who}` } } }),
    expected: onCase((who) => (COMMENTERS.has(who) ? 200 : 403)),
  },
  { method: 'GET', path: '/api/cases/{id}/assignee', request: (f, t) => ({ method: 'GET', url: `/api/cases/${f.cases[t].id}/assignee` }), expected: onCase(200) },
  {
    method: 'POST',
    path: '/api/cases/{id}/assignee',
    // a stale version: whoever may read the case learns only that it moved on
    request: (f, t) => ({ method: 'POST', url: `/api/cases/${f.cases[t].id}/assignee`, payload: { userId: null, expectedVersion: 9999 } }),
    expected: onCase(409),
  },
  { method: 'GET', path: '/api/cases/{id}/history', request: (f, t) => ({ method: 'GET', url: `/api/cases/${f.cases[t].id}/history` }), expected: onCase(200) },
  {
    method: 'GET',
    path: '/api/cases/{id}/attachments',
    request: (f, t) => ({ method: 'GET', url: `/api/cases/${f.cases[t].id}/attachments` }),
    expected: onCase(200),
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/attachments',
    request: (f, t) => {
      const m = png();
      return { method: 'POST', url: `/api/cases/${f.cases[t].id}/attachments`, payload: m.payload, headers: m.headers };
    },
    expected: onCase((who) => (who === 'observer' ? 403 : 201)),
  },
  {
    method: 'POST',
    path: '/api/attachments',
    request: () => {
      const m = png();
      return { method: 'POST', url: '/api/attachments', payload: m.payload, headers: m.headers };
    },
    expected: (who) => (who === 'anonymous' ? 401 : who === 'observer' ? 403 : 201),
  },
  {
    method: 'GET',
    path: '/api/attachments/{id}',
    request: (f, t) => ({ method: 'GET', url: `/api/attachments/${f.cases[t].attachment}` }),
    expected: onCase(200),
  },
  {
    method: 'GET',
    path: '/api/reports/summary',
    request: () => ({ method: 'GET', url: '/api/reports/summary?from=2026-01-01&to=2026-01-31' }),
    expected: signedIn(200),
  },
  {
    method: 'GET',
    path: '/api/reports/summary.csv',
    request: () => ({ method: 'GET', url: '/api/reports/summary.csv?from=2026-01-01&to=2026-01-31' }),
    expected: signedIn(200),
  },
  { method: 'GET', path: '/api/notifications', request: () => ({ method: 'GET', url: '/api/notifications' }), expected: signedIn(200) },
  {
    method: 'POST',
    path: '/api/notifications/read',
    request: () => ({ method: 'POST', url: '/api/notifications/read', payload: { ids: [] } }),
    expected: signedIn(204),
  },
  { method: 'GET', path: '/api/dashboard', request: () => ({ method: 'GET', url: '/api/dashboard' }), expected: signedIn(200) },
  { method: 'GET', path: '/api/incidents', request: () => ({ method: 'GET', url: '/api/incidents' }), expected: adminOnly(200) },
  // no incident with this id: an administrator is told so, everyone else is refused first
  {
    method: 'POST',
    path: '/api/incidents/{id}/retry',
    request: () => ({ method: 'POST', url: '/api/incidents/00000000-0000-4000-8000-000000000000/retry' }),
    expected: adminOnly(404),
  },
  {
    method: 'POST',
    path: '/api/incidents/{id}/skip',
    request: () => ({ method: 'POST', url: '/api/incidents/00000000-0000-4000-8000-000000000000/skip' }),
    expected: adminOnly(404),
  },
  // last: they end the caller's sessions (the matrix signs in afresh for them)
  { method: 'POST', path: '/api/auth/logout-everywhere', request: () => ({ method: 'POST', url: '/api/auth/logout-everywhere' }), expected: signedIn(204) },
  { method: 'POST', path: '/api/auth/logout', request: () => ({ method: 'POST', url: '/api/auth/logout' }), expected: () => 204 },
];

describe(`access matrix on ${dbLabel}`, () => {
  let store: Store;
  let app: FastifyInstance;
  let cookies: Record<UserName, string>;
  let f: Fixture;
  let routes: Route[] = ROUTES; // those the running app describes (set by the first test)
  const clock = new TestClock(START);

  beforeAll(async () => {
    store = await openTestStore();
    const world = await seedWorld(store);
    app = await makeApp(store, clock);
    cookies = await loginAll(app);
    const openFor = async (who: UserName, unit: 'A' | 'B') => {
      const m = png();
      const up = await app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: cookies[who] } });
      const attachment = up.json().id as string;
      const res = await app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { cookie: cookies[who] },
        payload: { procedure: 'mini', data: { title: `Hồ sơ ${SECRET[unit]}`, category: SECRET[unit], evidence: [attachment] } as never },
      });
      expect(res.statusCode, res.body).toBe(201);
      return { id: res.json().id, number: res.json().number, attachment };
    };
    f = { cases: { A: await openFor('monitor', 'A'), B: await openFor('monitor2', 'B') }, observerId: world.ids.observer };
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await closeTestStore(store);
  });

  it('covers every route the API describes', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const described = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const rows = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(described.filter((d) => !rows.includes(d)), 'routes without a row in the matrix').toEqual([]);
    described.sort();
    routes = ROUTES.filter((r) => described.includes(`${r.method} ${r.path}`));
    expect(routes.length).toBeGreaterThanOrEqual(24);
  });

  it('answers every route × role × own/other unit with the expected status and leaks no case', { timeout: 240_000 }, async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const route of routes) {
      for (const who of WHO) {
        for (const target of ['A', 'B'] as const) {
          let cookie = who === 'anonymous' ? undefined : cookies[who];
          if (route.path.startsWith('/api/auth/logout') && who !== 'anonymous') cookie = await login(app, who);
          const req = route.request(f, target, who);
          const res = await app.inject({ ...req, headers: { ...(req.headers ?? {}), ...(cookie ? { cookie } : {}) } });
          const label = `${route.method} ${route.path} as ${who} on ${target === unitOf(who) ? 'own' : 'other'} unit's case`;
          const expected = route.expected(who, target);
          got.push(`${label} → ${Array.isArray(expected) && expected.includes(res.statusCode) ? expected.join('|') : res.statusCode}`);
          want.push(`${label} → ${Array.isArray(expected) ? expected.join('|') : expected}`);
          if (res.statusCode >= 400 && route.path === '/api/ready') {
            // readiness answers 503 in its own shape (schemas/api/ready.json): the checks and coded reasons
            expect(res.json().reasons, label).toEqual(expect.arrayContaining([expect.objectContaining({ code: expect.stringMatching(/^QT_/) })]));
          } else if (res.statusCode >= 400) {
            // a coded error, and nothing of any case in it
            expect(res.json().error, label).toMatchObject({ code: expect.stringMatching(/^QT_/), message: expect.any(String) });
            for (const c of Object.values(f.cases)) {
              expect(res.body, label).not.toContain(c.number);
              expect(res.body).not.toContain(SECRET.A);
              expect(res.body).not.toContain(SECRET.B);
            }
          }
          // a reader of one unit never sees the other unit's case in any answer
          for (const unit of ['A', 'B'] as const) {
            if (!canRead(who, unit) && res.statusCode < 400) {
              expect(res.body, label).not.toContain(SECRET[unit]);
              expect(res.body, label).not.toContain(f.cases[unit].id);
            }
          }
        }
      }
    }
    // signing out everywhere ended the sessions the later tests hold: sign in again
    cookies = await loginAll(app);
    expect(got).toEqual(want);
  });

  it('sends no case of another unit over WebSocket, not live and not on catch-up', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const ws = new WebSocket(address.replace(/^http/, 'ws') + '/ws', { headers: { cookie: cookies.monitor2 } });
    const received: string[] = [];
    ws.on('message', (raw) => received.push(String(raw)));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const next = (n: number) => expect.poll(() => received.length, { timeout: 5000 }).toBeGreaterThanOrEqual(n);

    // asking for unit A's case by id, with catch-up from the start, is answered, and with nothing of it
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['cases', `case:${f.cases.A.id}`], since: 0 }));
    await next(1);
    // a change to unit A's case, then one to unit B's: only B's arrives
    await app.inject({ method: 'POST', url: `/api/cases/${f.cases.A.id}/events`, headers: { cookie: cookies.monitor }, payload: { type: 'COMMENT', data: { text: SECRET.A } } });
    await app.inject({ method: 'POST', url: `/api/cases/${f.cases.B.id}/events`, headers: { cookie: cookies.monitor2 }, payload: { type: 'COMMENT', data: { text: 'B' } } });
    await app.qt.hub.idle();
    await expect.poll(() => received.filter((m) => m.includes(`"id":"${f.cases.B.id}"`)).length, { timeout: 5000 }).toBe(2); // catch-up + live
    ws.send(JSON.stringify({ type: 'ping' }));
    await expect.poll(() => received.at(-1), { timeout: 5000 }).toBe('{"type":"pong"}');
    const messages = received.map((m) => JSON.parse(m) as { type: string; case?: { id: string; unitId: string } });
    expect(messages.filter((m) => m.type === 'case.updated' && m.case!.unitId !== 'unit-b')).toEqual([]);
    const all = received.join('\n');
    expect(all).not.toContain(SECRET.A);
    expect(all).not.toContain(f.cases.A.number);
    expect(JSON.parse(received[0]!)).toEqual({ type: 'subscribed', topics: ['case:' + f.cases.A.id, 'cases'].sort() });
    ws.close();
  });
});

// Sessions (fixation, logout, idle expiry by the clock), CSRF (foreign Origin, non-JSON bodies),
// the login rate limit and the security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import type { Store } from '../../server/db/connect.ts';
import { closeTestStore, dbLabel, login, makeApp, multipart, openTestStore, PASSWORD, PNG, seedWorld, START, TestClock } from '../server/helpers.ts';

const tokenOf = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === 'qt_session')?.value;

describe(`sessions and CSRF on ${dbLabel}`, () => {
  let store: Store;
  let app: FastifyInstance;
  const clock = new TestClock(START);

  beforeAll(async () => {
    store = await openTestStore();
    await seedWorld(store);
    app = await makeApp(store, clock, { sessionTtl: 'PT30M' });
  });
  afterAll(async () => {
    await app.close();
    await closeTestStore(store);
  });

  const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });

  it('issues a fresh token at sign-in and ends the one the browser already had (fixation)', async () => {
    // an attacker's own valid session, and a token they made up, planted in the victim's browser
    const attacker = await login(app, 'monitor2');
    for (const planted of [attacker, 'qt_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: planted }, payload: { username: 'monitor', password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      const fresh = tokenOf(res)!;
      expect(`qt_session=${fresh}`).not.toBe(planted);
      expect((await me(`qt_session=${fresh}`)).json().user.username).toBe('monitor');
      // the planted token did not become the victim's session: signing in ended it
      expect((await me(planted)).statusCode).toBe(401);
    }
    // two sign-ins, two different tokens
    expect(await login(app, 'monitor')).not.toBe(await login(app, 'monitor'));
  });

  it('ends the session on the server at logout: the old cookie opens nothing, not even a WebSocket, and its open socket closes', async () => {
    const cookie = await login(app, 'lead');
    expect((await me(cookie)).statusCode).toBe(200);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const open = new WebSocket(address.replace(/^http/, 'ws') + '/ws', { headers: { cookie } });
    await new Promise((resolve, reject) => (open.once('open', resolve), open.once('error', reject)));
    const closed = new Promise<[number, string]>((resolve) => open.once('close', (code, reason) => resolve([code, String(reason)])));
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(await closed).toEqual([1008, 'QT_UNAUTHENTICATED']);
    expect(out.cookies.find((c) => c.name === 'qt_session')).toMatchObject({ value: '' });
    const after = await me(cookie);
    expect([after.statusCode, after.json().error.code]).toEqual([401, 'QT_UNAUTHENTICATED']);
    expect((await app.inject({ method: 'GET', url: '/api/cases', headers: { cookie } })).statusCode).toBe(401);

    const ws = new WebSocket(address.replace(/^http/, 'ws') + '/ws', { headers: { cookie } });
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('signs out everywhere: every session of the user ends, others keep theirs, and it is audited', async () => {
    const [phone, desk, other] = [await login(app, 'secretariat'), await login(app, 'secretariat'), await login(app, 'lead')];
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout-everywhere', headers: { cookie: phone } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'qt_session')).toMatchObject({ value: '' });
    for (const cookie of [phone, desk]) expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);
    const row = await store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'auth.logout_everywhere').executeTakeFirstOrThrow();
    expect(row.detail).toMatchObject({ sessions: 2 });
    const anonymous = await app.inject({ method: 'POST', url: '/api/auth/logout-everywhere' });
    expect([anonymous.statusCode, anonymous.json().error.code]).toEqual([401, 'QT_UNAUTHENTICATED']);
  });

  it('expires an idle session by the clock, and slides while it is used', async () => {
    clock.set(START);
    const cookie = await login(app, 'verifier');
    clock.advance('PT29M');
    expect((await me(cookie)).statusCode).toBe(200); // used: the 30 minutes start again
    clock.advance('PT29M');
    expect((await me(cookie)).statusCode).toBe(200);
    clock.advance('PT31M');
    const expired = await me(cookie);
    expect([expired.statusCode, expired.json().error.code]).toEqual([401, 'QT_UNAUTHENTICATED']);
    // the cookie's own lifetime is not what counts: the server's row is
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('refuses a state-changing request or WebSocket from another origin, and bodies a form could send', async () => {
    const cookie = await login(app, 'monitor');
    const open = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, ...headers }, payload: { procedure: 'mini', data: { title: 'Từ trang khác' } } });
    for (const origin of ['https://evil.example', 'null', 'http://localhost:81', 'http://localhost.evil.example']) {
      const res = await open({ origin });
      expect([res.statusCode, res.json().error.code], origin).toEqual([403, 'QT_FORBIDDEN']);
    }
    const crossSite = await open({ 'sec-fetch-site': 'cross-site' });
    expect([crossSite.statusCode, crossSite.json().error.code]).toEqual([403, 'QT_FORBIDDEN']);
    // the same request from our own origin (app.inject's host is localhost:80) goes through
    expect((await open({ origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await open({})).statusCode).toBe(201);
    // logout is state-changing too
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: 'https://evil.example' } });
    expect(out.statusCode).toBe(403);
    expect((await me(cookie)).statusCode).toBe(200);
    // reading is not refused for an Origin header (GETs change nothing)
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie, origin: 'https://evil.example' } })).statusCode).toBe(200);

    // what an HTML form can send: urlencoded, text/plain, multipart — never a case, never a logout
    const formBodies: [string, string][] = [
      ['application/x-www-form-urlencoded', 'procedure=mini&data[title]=Form'],
      ['text/plain', '{"procedure":"mini","data":{"title":"Từ form text/plain"}}'],
    ];
    for (const [type, body] of formBodies) {
      const res = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, 'content-type': type }, payload: body });
      expect([res.statusCode, res.json().error.code], type).toEqual([415, 'QT_UNSUPPORTED_MEDIA_TYPE']);
      const out2 = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'content-type': type }, payload: body });
      expect(out2.statusCode, type).toBe(415);
    }
    const multipartBody = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie, 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="procedure"\r\n\r\nmini\r\n--x--\r\n',
    });
    expect(multipartBody.statusCode).toBe(400);
    expect((await me(cookie)).statusCode).toBe(200);

    const address = await app.listen({ port: 0, host: '127.0.0.1' }).catch(() => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    const wsStatus = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(address.replace(/^http/, 'ws') + '/ws', { headers: { cookie }, origin });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => (ws.close(), resolve(101)));
      });
    expect(await wsStatus('https://evil.example')).toBe(403);
    expect(await wsStatus(address)).toBe(101);
  });

  it('limits sign-in attempts per user name and address (429 with Retry-After)', async () => {
    const limited = await makeApp(store, clock, { loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const attempt = (username: string, password = 'sai') =>
      limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    for (let i = 0; i < 3; i++) expect((await attempt('admin')).statusCode).toBe(401);
    const blocked = await attempt('admin', PASSWORD); // even the right password, once limited
    expect([blocked.statusCode, blocked.json().error.code]).toEqual([429, 'QT_RATE_LIMITED']);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // another user name from the same address is not locked out by it
    expect((await attempt('observer', PASSWORD)).statusCode).toBe(200);
    await limited.close();
  });

  it('sends the security headers on API answers and pages', async () => {
    for (const url of ['/api/health', '/', '/api/nothing-here']) {
      const h = (await app.inject({ method: 'GET', url })).headers;
      expect(h['x-content-type-options'], url).toBe('nosniff');
      expect(h['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(h['referrer-policy'], url).toBe('no-referrer');
      expect(h['cross-origin-opener-policy'], url).toBe('same-origin');
      expect(h['x-powered-by'], url).toBeUndefined();
      const csp = String(h['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toMatch(/script-src 'self'[^;]*;/);
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      // the browser never compiles code at run time (precompiled validators and an interpreter)
      expect(csp).not.toContain('unsafe-eval');
      // served over plain HTTP (no TLS, no trusted proxy): an upgrade to https would break every asset on any host but localhost
      expect(csp, url).not.toContain('upgrade-insecure-requests');
    }
  });

  it('tells browsers and caches to keep no API answer, and leaves the UI cacheable', async () => {
    const cookie = await login(app, 'monitor');
    const opened = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { procedure: 'mini', data: { title: 'Không lưu đệm' } } });
    const id = opened.json().id as string;
    const m = multipart('anh.png', 'image/png', PNG);
    const file = (await app.inject({ method: 'POST', url: `/api/cases/${id}/attachments`, payload: m.payload, headers: { ...m.headers, cookie } })).json();
    const answers = [
      await app.inject({ method: 'GET', url: `/api/attachments/${file.id}`, headers: { cookie } }), // evidence itself
      opened,
      await app.inject({ method: 'GET', url: '/api/health' }),
      await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } }),
      await app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie } }),
      await app.inject({ method: 'GET', url: '/api/cases', headers: { cookie } }),
      await app.inject({ method: 'GET', url: '/api/me' }), // 401
      await app.inject({ method: 'GET', url: '/api/nothing-here' }), // 404
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'monitor', password: PASSWORD } }),
    ];
    for (const res of answers) expect(res.headers['cache-control'], `${res.statusCode} ${res.body.slice(0, 80)}`).toBe('no-store');
    expect((await app.inject({ method: 'GET', url: '/' })).headers['cache-control']).toBeUndefined();
  });
});

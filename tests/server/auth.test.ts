// Sign in, sign out, who am I; errors in both languages; login rate limit.
import { describe, expect, it } from 'vitest';
import { dbLabel, login, makeApp, PASSWORD, UNIT_A, useTestApp, errorBody } from './helpers.ts';

describe(`auth on ${dbLabel}`, () => {
  const t = useTestApp({ login: false });

  it('signs in with a session cookie that is HttpOnly and SameSite=Strict', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'monitor', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: { id: t.world.ids.monitor, username: 'monitor', displayName: 'Người monitor', unitId: UNIT_A, unitName: 'Đơn vị A', roles: ['monitor'] },
    });
    const cookie = res.cookies.find((c) => c.name === 'qt_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('marks the cookie Secure behind TLS', async () => {
    const tls = await makeApp(t.store, t.clock, { trustProxy: ['127.0.0.1'] });
    const res = await tls.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'monitor', password: PASSWORD },
    });
    expect(res.cookies.find((c) => c.name === 'qt_session')!.secure).toBe(true);
    await tls.close();
  });

  it('refuses a wrong password and an unknown user alike, in Vietnamese by default', async () => {
    for (const payload of [{ username: 'monitor', password: 'sai' }, { username: 'nobody', password: 'x' }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual(errorBody('QT_LOGIN_FAILED', { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong user name or password.' }));
    }
  });

  it('answers in English when asked', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual(errorBody('QT_UNAUTHENTICATED', { vi: 'Bạn chưa đăng nhập hoặc phiên đã hết hạn. Hãy đăng nhập lại.', en: 'You are not signed in or your session has expired. Sign in again.' }, [], 'en'));
  });

  it('rejects a malformed body with QT_VALIDATION naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'monitor' }, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(errorBody('QT_VALIDATION', { vi: 'Yêu cầu không đúng định dạng. Kiểm tra các trường được nêu.', en: 'The request is malformed. Check the fields listed.' }, [{ field: 'body/password', message: "must have required property 'password'" }], 'en'));
  });

  it('knows who is signed in, and forgets on logout', async () => {
    const cookie = await login(t.app, 'lead');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json()).toEqual({
      user: { id: t.world.ids.lead, username: 'lead', displayName: 'Người lead', unitId: UNIT_A, unitName: 'Đơn vị A', roles: ['lead'] },
    });
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  describe('on the events route, which remembers a session for a minute and checks it again in its write', () => {
    async function openAndComment(cookie: string) {
      const opened = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { procedure: 'mini', data: { title: 'Hồ sơ phiên' } } });
      expect(opened.statusCode).toBe(201);
      const id = opened.json().id as string;
      const first = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie }, payload: { type: 'COMMENT', data: { text: 'một' } } });
      expect(first.statusCode).toBe(200);
      return id;
    }
    const comment = (cookie: string, id: string) =>
      t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie }, payload: { type: 'COMMENT', data: { text: 'hai' } } });
    const version = async (id: string) => (await t.store.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

    it('refuses an event (401) once the session ended behind this process, and writes nothing', async () => {
      const cookie = await login(t.app, 'monitor');
      const id = await openAndComment(cookie);
      // signed out through another server process: only the database knows
      await t.store.db.deleteFrom('sessions').execute();
      const res = await comment(cookie, id);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('QT_UNAUTHENTICATED');
      expect(await version(id)).toBe(2);
    });

    it('judges an event by the roles the user has now, not the remembered ones', async () => {
      const cookie = await login(t.app, 'monitor');
      const id = await openAndComment(cookie);
      await t.store.db.updateTable('users').set({ roles: ['observer'] }).where('username', '=', 'monitor').execute();
      const res = await comment(cookie, id);
      expect(res.statusCode).toBe(403);
      expect(await version(id)).toBe(2);
      await t.store.db.updateTable('users').set({ roles: ['monitor'] }).where('username', '=', 'monitor').execute();
      expect((await comment(cookie, id)).statusCode).toBe(200);
      expect(await version(id)).toBe(3);
    });

    it('refuses an event of a deactivated user', async () => {
      const cookie = await login(t.app, 'monitor');
      const id = await openAndComment(cookie);
      await t.store.db.updateTable('users').set({ active: false }).where('username', '=', 'monitor').execute();
      expect((await comment(cookie, id)).statusCode).toBe(401);
      expect(await version(id)).toBe(2);
    });
  });

  it('expires an idle session by the clock', async () => {
    const short = await makeApp(t.store, t.clock, { sessionTtl: 'PT1H' });
    const cookie = await login(short, 'lead');
    t.clock.advance('PT2H');
    expect((await short.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    await short.close();
  });

  it('rate-limits login attempts', async () => {
    const limited = await makeApp(t.store, t.clock, { loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const attempt = () => limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'monitor', password: 'sai' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const res = await attempt();
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json()).toEqual(errorBody('QT_RATE_LIMITED', { vi: 'Quá nhiều lần thử. Hãy đợi một lát rồi thử lại.', en: 'Too many attempts. Wait a moment and try again.' }, [{ retryAfterSeconds: 60 }]));
    // another user name from the same address is not locked out by this one
    expect((await limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lead', password: PASSWORD } })).statusCode).toBe(200);
    await limited.close();
  });

  describe('failed sign-ins', () => {
    const attempt = (app: typeof t.app, username: string, password: string, from = '127.0.0.1') =>
      app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: from, payload: { username, password } });

    it('caps the attempts of one address whatever the user names', async () => {
      const limited = await makeApp(t.store, t.clock, { loginIpRateLimit: { max: 3, timeWindowMs: 60_000 } });
      const statuses = [];
      for (const name of ['monitor', 'lead', 'verifier', 'liaison']) statuses.push((await attempt(limited, name, 'sai-mật-khẩu', '198.51.100.20')).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const blocked = await attempt(limited, 'observer', PASSWORD, '198.51.100.20');
      expect([blocked.statusCode, blocked.json().error.code, Number(blocked.headers['retry-after'])]).toEqual([429, 'QT_RATE_LIMITED', 60]);
      expect((await attempt(limited, 'observer', PASSWORD, '198.51.100.21')).statusCode).toBe(200); // another address
      await limited.close();
    });

    it('locks a user name after too many failures from any address, until they leave the window', async () => {
      const app = await makeApp(t.store, t.clock, { loginLockout: { failures: 3, windowMs: 15 * 60_000 } });
      for (const from of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
        expect((await attempt(app, 'monitor', 'sai-mật-khẩu', from)).statusCode).toBe(401);
        t.clock.advance('PT1M');
      }
      // even the right password, from yet another address
      const locked = await attempt(app, 'monitor', PASSWORD, '198.51.100.4');
      expect(locked.statusCode).toBe(429);
      expect(locked.headers['retry-after']).toBe(String(12 * 60));
      expect(locked.json()).toEqual(
        errorBody(
          'QT_LOGIN_LOCKED',
          { vi: 'Tên đăng nhập này tạm bị khóa do nhập sai mật khẩu nhiều lần. Hãy thử lại sau.', en: 'This user name is locked for a while after too many wrong passwords. Try again later.' },
          [{ retryAfterSeconds: 12 * 60 }],
        ),
      );
      expect((await attempt(app, 'lead', PASSWORD)).statusCode).toBe(200); // other names are not locked
      t.clock.advance('PT12M'); // the first failure leaves the window
      expect((await attempt(app, 'monitor', PASSWORD)).statusCode).toBe(200);
      await app.close();
    });

    it('writes failed and refused sign-ins to the audit log, without the password', async () => {
      await attempt(t.app, 'monitor', 'mật-khẩu-sai-bí-mật', '198.51.100.7');
      await attempt(t.app, 'khong-ai-ca', 'mật-khẩu-sai-bí-mật', '198.51.100.7');
      const rows = await t.store.db.selectFrom('audit_log').select(['actor_id', 'action', 'detail']).where('action', '=', 'auth.login_failed').orderBy('seq').execute();
      expect(rows).toEqual([
        { actor_id: t.world.ids.monitor, action: 'auth.login_failed', detail: { username: 'monitor', ip: '198.51.100.7', reason: 'wrong password' } },
        { actor_id: 'anonymous', action: 'auth.login_failed', detail: { username: 'khong-ai-ca', ip: '198.51.100.7', reason: 'unknown user' } },
      ]);
      const all = JSON.stringify(await t.store.db.selectFrom('audit_log').selectAll().execute());
      expect(all).not.toContain('mật-khẩu-sai-bí-mật');
    });

    it('writes refused authorizations (403) to the audit log', async () => {
      const cookie = await login(t.app, 'monitor');
      const res = await t.app.inject({ method: 'PUT', url: '/api/procedures/mini/draft', headers: { cookie }, payload: { procedure: { key: 'mini' } } });
      expect(res.statusCode).toBe(403);
      const rows = await t.store.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('action', '=', 'access.refused').execute();
      expect(rows).toEqual([{ actor_id: t.world.ids.monitor, detail: { method: 'PUT', url: '/api/procedures/mini/draft', code: 'QT_FORBIDDEN', ip: '127.0.0.1' } }]);
    });
  });
});

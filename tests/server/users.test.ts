// Accounts: an administrator creates officials, changes their unit and roles, deactivates them,
// resets passwords and adds units; a password set by someone else must be changed before anything
// else; everyone changes their own. Every change is audited, never with a password in it.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCatalog, type ErrorCode } from '../../server/errors.ts';
import { dbLabel, errorBody, login, makeApp, PASSWORD, START, UNIT_A, UNIT_B, type UserName, useTestApp } from './helpers.ts';

const catalog = (code: ErrorCode) => ErrorCatalog[code].message;
const STRONG = 'ba con mèo trên mái nhà';

describe(`accounts on ${dbLabel}`, () => {
  const t = useTestApp({ listen: true });

  const as = (who: UserName | string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: who in t.cookies ? t.cookies[who as UserName] : who, ...headers } });
  const create = (body: Record<string, unknown>, who: UserName = 'admin') =>
    as(who, 'POST', '/api/users', { displayName: 'Nguyễn Văn Mới', unitId: UNIT_B, roles: ['monitor'], ...body });
  const audit = async (action: string) =>
    (await t.store.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('action', '=', action).orderBy('seq').execute()).map((r) => ({
      actor: r.actor_id,
      detail: r.detail as Record<string, unknown>,
    }));
  const sessionsOf = async (userId: string) =>
    Number((await t.store.db.selectFrom('sessions').select((e) => e.fn.countAll().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);

  it('lists every account for an administrator, with unit name, roles, active and last sign-in; others are refused', async () => {
    const res = await as('admin', 'GET', '/api/users');
    expect(res.statusCode).toBe(200);
    const users = res.json().users as { username: string }[];
    expect(users.map((u) => u.username)).toEqual(['admin', 'lead', 'liaison', 'monitor', 'monitor2', 'monitorBis', 'observer', 'secretariat', 'verifier'].sort());
    expect(users.find((u) => u.username === 'monitor2')).toEqual({
      id: t.world.ids.monitor2,
      username: 'monitor2',
      displayName: 'Người monitor2',
      unitId: UNIT_B,
      unitName: 'Đơn vị B',
      roles: ['monitor'],
      active: true,
      mustChangePassword: false,
      lastSignInAt: START,
      createdAt: START,
      email: null,
    });
    for (const who of ['monitor', 'lead', 'observer'] as const) {
      const denied = await as(who, 'GET', '/api/users');
      expect(denied.json()).toEqual(errorBody('QT_FORBIDDEN', catalog('QT_FORBIDDEN')));
    }
  });

  it('creates an official with a temporary password answered once, who must change it before anything else', async () => {
    const res = await create({ username: 'nguyen.moi' });
    expect(res.statusCode, res.body).toBe(201);
    const { user, temporaryPassword } = res.json();
    expect(temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(user).toEqual({
      id: expect.any(String),
      username: 'nguyen.moi',
      displayName: 'Nguyễn Văn Mới',
      unitId: UNIT_B,
      unitName: 'Đơn vị B',
      roles: ['monitor'],
      active: true,
      mustChangePassword: true,
      lastSignInAt: null,
      createdAt: START,
      email: null,
    });
    expect(await audit('user.created')).toEqual([
      { actor: t.world.ids.admin, detail: { userId: user.id, username: 'nguyen.moi', displayName: 'Nguyễn Văn Mới', unitId: UNIT_B, roles: ['monitor'], email: null } },
    ]);
    const stored = await t.store.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain(temporaryPassword);

    // signed in with it: GET /api/me says so, every other route refuses
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nguyen.moi', password: temporaryPassword } });
    expect(signIn.json().user).toMatchObject({ username: 'nguyen.moi', mustChangePassword: true });
    const cookie = `qt_session=${signIn.cookies.find((c) => c.name === 'qt_session')!.value}`;
    expect((await as(cookie, 'GET', '/api/me')).json().user.mustChangePassword).toBe(true);
    const refused = errorBody('QT_PASSWORD_CHANGE_REQUIRED', catalog('QT_PASSWORD_CHANGE_REQUIRED'));
    for (const [method, url, payload] of [
      ['GET', '/api/cases'],
      ['GET', '/api/procedures'],
      ['GET', '/api/units'],
      ['GET', '/api/notifications'],
      ['GET', '/api/dashboard'],
      ['POST', '/api/cases', { procedure: 'mini', data: { title: 'Trước khi đổi mật khẩu' } }],
    ] as const) {
      const res = await as(cookie, method, url, payload);
      expect([url, res.statusCode, res.json()]).toEqual([url, 403, refused]);
    }
    // nor a WebSocket
    const ws = new WebSocket(`ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`, { headers: { cookie } });
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(status).toBe(403);

    // changed: a new session, the old one ended, every route open
    const changed = await as(cookie, 'POST', '/api/me/password', { current: temporaryPassword, next: STRONG });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({
      user: { id: user.id, username: 'nguyen.moi', displayName: 'Nguyễn Văn Mới', unitId: UNIT_B, unitName: 'Đơn vị B', roles: ['monitor'] },
    });
    const fresh = `qt_session=${changed.cookies.find((c) => c.name === 'qt_session')!.value}`;
    expect(fresh).not.toBe(cookie);
    expect((await as(cookie, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await as(fresh, 'GET', '/api/me')).json().user.mustChangePassword).toBeUndefined();
    expect((await as(fresh, 'GET', '/api/cases')).statusCode).toBe(200);
    expect(await audit('user.password_changed')).toEqual([{ actor: user.id, detail: { userId: user.id, username: 'nguyen.moi' } }]);
    await login(t.app, 'nguyen.moi', STRONG);
  });

  it('sets an official\'s e-mail address: checked (422 QT_EMAIL_INVALID, in the language asked), changed and removed, audited', async () => {
    const made = await create({ username: 'co.email', email: '  Le.Van.C@SoKHCN.AnGiang.gov.vn ' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().user.id as string;
    expect(made.json().user.email).toBe('Le.Van.C@sokhcn.angiang.gov.vn'); // trimmed, the domain in lower case
    for (const bad of ['le.van.c', 'a@b', 'hai @tinh.gov.vn', 'a@@tinh.gov.vn', 'a@tinh..gov.vn', `${'x'.repeat(250)}@tinh.gov.vn`]) {
      const res = await as('admin', 'PATCH', `/api/users/${id}`, { email: bad }, { 'accept-language': 'en' });
      expect([res.statusCode, res.json()], bad).toEqual([422, errorBody('QT_EMAIL_INVALID', catalog('QT_EMAIL_INVALID'), [{ field: 'email' }], 'en')]);
    }
    const bad = await create({ username: 'sai.email', email: 'sai' });
    expect([bad.statusCode, bad.json().error.code, bad.json().error.message]).toEqual([422, 'QT_EMAIL_INVALID', catalog('QT_EMAIL_INVALID').vi]);
    const changed = await as('admin', 'PATCH', `/api/users/${id}`, { email: 'c@tinh.gov.vn' });
    expect([changed.statusCode, changed.json().user.email]).toEqual([200, 'c@tinh.gov.vn']);
    expect((await as('admin', 'GET', '/api/users')).json().users.find((u: { id: string }) => u.id === id).email).toBe('c@tinh.gov.vn');
    const removed = await as('admin', 'PATCH', `/api/users/${id}`, { email: '' });
    expect(removed.json().user.email).toBeNull();
    expect((await audit('user.updated')).map((a) => a.detail.changes)).toEqual([
      { email: { from: 'Le.Van.C@sokhcn.angiang.gov.vn', to: 'c@tinh.gov.vn' } },
      { email: { from: 'c@tinh.gov.vn', to: null } },
    ]);
    // the official's own: shown on the account page, changed there, checked the same way
    const own = await as('lead', 'PATCH', '/api/me/settings', { email: 'lanh.dao@tinh.gov.vn', lang: 'en' });
    expect([own.statusCode, own.json()]).toMatchObject([200, { email: 'lanh.dao@tinh.gov.vn', lang: 'en', emailDigest: false }]);
    const wrong = await as('lead', 'PATCH', '/api/me/settings', { email: 'lanh.dao' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([422, 'QT_EMAIL_INVALID']);
    expect((await as('lead', 'GET', '/api/me/settings')).json().email).toBe('lanh.dao@tinh.gov.vn');
    expect((await as('lead', 'PATCH', '/api/me/settings', {})).statusCode).toBe(400);
  });

  it('keeps the password the administrator chose out of the answer, and makes it temporary too', async () => {
    const res = await create({ username: 'tran.b', password: 'một mật khẩu đủ dài' });
    expect(res.statusCode).toBe(201);
    expect(res.json().temporaryPassword).toBeUndefined();
    expect(res.json().user.mustChangePassword).toBe(true);
    const cookie = await login(t.app, 'tran.b', 'một mật khẩu đủ dài');
    expect((await as(cookie, 'GET', '/api/cases')).json().error.code).toBe('QT_PASSWORD_CHANGE_REQUIRED');
    expect(JSON.stringify(await audit('user.created'))).not.toContain('một mật khẩu');
  });

  it('refuses a taken user name (409), an unknown unit or role (422), a malformed name (400)', async () => {
    const taken = await create({ username: 'monitor' });
    expect([taken.statusCode, taken.json()]).toEqual([409, errorBody('QT_USERNAME_TAKEN', catalog('QT_USERNAME_TAKEN'), [{ field: 'username' }])]);
    const unit = await create({ username: 'x.unit', unitId: 'no-such-unit' });
    expect([unit.statusCode, unit.json()]).toEqual([422, errorBody('QT_UNKNOWN_UNIT', catalog('QT_UNKNOWN_UNIT'), [{ field: 'unitId' }])]);
    const role = await create({ username: 'x.role', roles: ['monitor', 'king'] });
    expect([role.statusCode, role.json()]).toEqual([422, errorBody('QT_UNKNOWN_ROLE', catalog('QT_UNKNOWN_ROLE'), [{ field: 'roles', roles: ['king'] }])]);
    for (const username of ['Hoa', 'nguyễn', 'a', 'có dấu cách', '.dot']) {
      const bad = await create({ username });
      expect([username, bad.statusCode, bad.json().error.code, bad.json().error.details[0].field]).toEqual([username, 400, 'QT_VALIDATION', 'body/username']);
    }
    expect((await as('admin', 'GET', '/api/users')).json().users).toHaveLength(9);
  });

  it('refuses a weak password, saying why, in the language asked', async () => {
    const cases: [string, string, { vi: string; en: string }][] = [
      ['ngắn-quá', 'too_short', { vi: 'Mật khẩu phải có ít nhất 12 ký tự.', en: 'The password must be at least 12 characters long.' }],
      ['qwertyuiop123', 'common', { vi: 'Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.', en: 'This password is too common and easy to guess. Choose another.' }],
      ['Password1234', 'common', { vi: 'Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.', en: 'This password is too common and easy to guess. Choose another.' }],
      ['pham.c-2026-mua-xuan', 'contains_username', { vi: 'Mật khẩu không được chứa tên đăng nhập.', en: 'The password must not contain the user name.' }],
    ];
    for (const [password, reason, messages] of cases) {
      const res = await as('admin', 'POST', '/api/users', { username: 'pham.c', displayName: 'Phạm C', unitId: UNIT_A, roles: ['verifier'], password }, { 'accept-language': 'en' });
      expect([password, res.statusCode, res.json()]).toEqual([password, 422, errorBody('QT_PASSWORD_WEAK', messages, [{ field: 'password', reason }], 'en')]);
    }
    // 12 characters as a person counts them, accents included
    expect((await create({ username: 'pham.c', password: 'mật khẩu dài' })).statusCode).toBe(201);
  });

  it('changes name, unit and roles, audited with what changed', async () => {
    const id = t.world.ids.monitorBis;
    const res = await as('admin', 'PATCH', `/api/users/${id}`, { displayName: '  Lê Thị Bis  ', unitId: UNIT_B, roles: ['monitor', 'verifier'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      user: expect.objectContaining({ id, displayName: 'Lê Thị Bis', unitId: UNIT_B, unitName: 'Đơn vị B', roles: ['monitor', 'verifier'], active: true }),
    });
    expect((await as('monitorBis', 'GET', '/api/me')).json().user).toMatchObject({ unitId: UNIT_B, roles: ['monitor', 'verifier'] });
    expect(await audit('user.updated')).toEqual([
      {
        actor: t.world.ids.admin,
        detail: {
          userId: id,
          username: 'monitorBis',
          changes: { displayName: { from: 'Người monitorBis', to: 'Lê Thị Bis' }, unitId: { from: UNIT_A, to: UNIT_B }, roles: { from: ['monitor'], to: ['monitor', 'verifier'] } },
        },
      },
    ]);
    // the same values again change nothing and write no audit row
    expect((await as('admin', 'PATCH', `/api/users/${id}`, { unitId: UNIT_B })).statusCode).toBe(200);
    expect(await audit('user.updated')).toHaveLength(1);

    const unit = await as('admin', 'PATCH', `/api/users/${id}`, { unitId: 'nowhere' });
    expect([unit.statusCode, unit.json().error.code]).toEqual([422, 'QT_UNKNOWN_UNIT']);
    const role = await as('admin', 'PATCH', `/api/users/${id}`, { roles: ['chief'] });
    expect([role.statusCode, role.json().error.code]).toEqual([422, 'QT_UNKNOWN_ROLE']);
    const missing = await as('admin', 'PATCH', '/api/users/7d3c2f0e-2b1a-4c5d-9e8f-0a1b2c3d4e5f', { active: false });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'QT_NOT_FOUND']);
    const empty = await as('admin', 'PATCH', `/api/users/${id}`, {});
    expect(empty.statusCode).toBe(400);
    expect((await as('lead', 'PATCH', `/api/users/${id}`, { active: false })).statusCode).toBe(403);
  });

  it('ends every session of a deactivated official: their next request, an event through the cached session, a new sign-in', async () => {
    const id = t.world.ids.monitor;
    const opened = await as('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Trước khi nghỉ' } });
    const caseId = opened.json().id as string;
    const comment = () => as('monitor', 'POST', `/api/cases/${caseId}/events`, { type: 'COMMENT', data: { text: 'vẫn còn đây' } });
    expect((await comment()).statusCode).toBe(200); // the events route now remembers this session
    const second = await login(t.app, 'monitor');
    expect(await sessionsOf(id)).toBe(2);

    const res = await as('admin', 'PATCH', `/api/users/${id}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.active).toBe(false);
    expect(await sessionsOf(id)).toBe(0);
    expect((await comment()).statusCode).toBe(401);
    expect((await as(second, 'GET', '/api/cases')).json()).toEqual(errorBody('QT_UNAUTHENTICATED', catalog('QT_UNAUTHENTICATED')));
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'monitor', password: PASSWORD } });
    expect([again.statusCode, again.json().error.code]).toEqual([401, 'QT_LOGIN_FAILED']);
    expect(await audit('user.updated')).toEqual([{ actor: t.world.ids.admin, detail: { userId: id, username: 'monitor', changes: { active: { from: true, to: false } } } }]);
    expect(await audit('user.sessions_ended')).toEqual([{ actor: t.world.ids.admin, detail: { userId: id, username: 'monitor', sessions: 2 } }]);

    // reactivated: signs in again, with the same password
    expect((await as('admin', 'PATCH', `/api/users/${id}`, { active: true })).json().user.active).toBe(true);
    await login(t.app, 'monitor');
  });

  it('refuses to deactivate oneself or to leave no active administrator', async () => {
    const self = await as('admin', 'PATCH', `/api/users/${t.world.ids.admin}`, { active: false });
    expect([self.statusCode, self.json()]).toEqual([409, errorBody('QT_CANNOT_DEACTIVATE_SELF', catalog('QT_CANNOT_DEACTIVATE_SELF'), [{ field: 'active' }])]);
    const demote = await as('admin', 'PATCH', `/api/users/${t.world.ids.admin}`, { roles: ['observer'] });
    expect([demote.statusCode, demote.json()]).toEqual([409, errorBody('QT_LAST_ADMIN', catalog('QT_LAST_ADMIN'), [{ field: 'roles' }])]);

    // a second administrator: now one of the two may step down, and is then the last again
    expect((await as('admin', 'PATCH', `/api/users/${t.world.ids.lead}`, { roles: ['lead', 'admin'] })).statusCode).toBe(200);
    const lead = await login(t.app, 'lead');
    expect((await as(lead, 'PATCH', `/api/users/${t.world.ids.admin}`, { roles: ['observer'] })).statusCode).toBe(200);
    const last = await as(lead, 'PATCH', `/api/users/${t.world.ids.lead}`, { roles: ['lead'] });
    expect(last.json().error.code).toBe('QT_LAST_ADMIN');
    // an inactive administrator does not count
    expect((await as(lead, 'PATCH', `/api/users/${t.world.ids.admin}`, { roles: ['admin'], active: false })).statusCode).toBe(200);
    expect((await as(lead, 'PATCH', `/api/users/${t.world.ids.lead}`, { roles: ['lead'] })).json().error.code).toBe('QT_LAST_ADMIN');
    expect((await as(lead, 'PATCH', `/api/users/${t.world.ids.admin}`, { active: true })).statusCode).toBe(200);
    expect((await as(lead, 'PATCH', `/api/users/${t.world.ids.lead}`, { roles: ['lead'] })).statusCode).toBe(200);
  });

  it('resets a password: a temporary one answered once, the old one and every session end, audited without it', async () => {
    const id = t.world.ids.verifier;
    const res = await as('admin', 'PATCH', `/api/users/${id}`, { resetPassword: true });
    expect(res.statusCode).toBe(200);
    const { user, temporaryPassword } = res.json();
    expect(user.mustChangePassword).toBe(true);
    expect(typeof temporaryPassword).toBe('string');
    expect(await sessionsOf(id)).toBe(0);
    expect((await as('verifier', 'GET', '/api/me')).statusCode).toBe(401);
    const old = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'verifier', password: PASSWORD } });
    expect(old.statusCode).toBe(401);
    const cookie = await login(t.app, 'verifier', temporaryPassword);
    expect((await as(cookie, 'GET', '/api/me')).json().user.mustChangePassword).toBe(true);
    expect((await as(cookie, 'GET', '/api/cases')).statusCode).toBe(403);
    expect(await audit('user.password_reset')).toEqual([{ actor: t.world.ids.admin, detail: { userId: id, username: 'verifier' } }]);
    const rows = JSON.stringify(await t.store.db.selectFrom('audit_log').select('detail').execute());
    expect(rows).not.toContain(temporaryPassword);
  });

  it('changes one\'s own password: the current one checked, the new one strong and different', async () => {
    const url = '/api/me/password';
    const wrong = await as('lead', 'POST', url, { current: 'không phải', next: STRONG });
    expect([wrong.statusCode, wrong.json()]).toEqual([422, errorBody('QT_PASSWORD_WRONG', catalog('QT_PASSWORD_WRONG'), [{ field: 'current' }])]);
    const same = await as('lead', 'POST', url, { current: PASSWORD, next: PASSWORD });
    expect([same.statusCode, same.json().error.code, same.json().error.details]).toEqual([422, 'QT_PASSWORD_WEAK', [{ field: 'next', reason: 'same_as_current' }]]);
    const weak = await as('lead', 'POST', url, { current: PASSWORD, next: 'lead-lead-lead-lead' });
    expect(weak.json().error.details).toEqual([{ field: 'next', reason: 'contains_username' }]);
    const other = await login(t.app, 'lead'); // another browser
    const ok = await as('lead', 'POST', url, { current: PASSWORD, next: STRONG });
    expect(ok.statusCode).toBe(200);
    expect((await as(other, 'GET', '/api/me')).statusCode).toBe(401); // signed out everywhere else
    const fresh = `qt_session=${ok.cookies.find((c) => c.name === 'qt_session')!.value}`;
    expect((await as(fresh, 'GET', '/api/cases')).statusCode).toBe(200);
    await login(t.app, 'lead', STRONG);
    expect((await t.app.inject({ method: 'POST', url, payload: { current: 'a', next: 'b' } })).statusCode).toBe(401);
  });

  it('limits guesses of the current password like sign-ins (429)', async () => {
    const limited = await makeApp(t.store, t.clock, { loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const cookie = await login(limited, 'secretariat');
    const guess = () => limited.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { current: 'đoán', next: STRONG } });
    for (let i = 0; i < 3; i++) expect((await guess()).statusCode).toBe(422);
    const res = await guess();
    expect([res.statusCode, res.json().error.code]).toEqual([429, 'QT_RATE_LIMITED']);
    await limited.close();
  });

  it('adds units, refusing a name already used (whatever its case and spaces); everyone reads them', async () => {
    const res = await as('admin', 'POST', '/api/units', { name: '  UBND phường Vĩnh Thanh ' });
    expect(res.statusCode).toBe(201);
    const unit = res.json().unit;
    expect(unit).toEqual({ id: expect.any(String), name: 'UBND phường Vĩnh Thanh' });
    const dup = await as('admin', 'POST', '/api/units', { name: 'ubnd PHƯỜNG vĩnh thanh' });
    expect([dup.statusCode, dup.json()]).toEqual([409, errorBody('QT_UNIT_NAME_TAKEN', catalog('QT_UNIT_NAME_TAKEN'), [{ field: 'name' }])]);
    expect((await as('admin', 'POST', '/api/units', { name: '   ' })).statusCode).toBe(400);
    expect((await as('monitor', 'POST', '/api/units', { name: 'Khác' })).statusCode).toBe(403);
    expect((await as('monitor', 'GET', '/api/units')).json().units.map((u: { name: string }) => u.name)).toEqual(['Đơn vị A', 'Đơn vị B', 'UBND phường Vĩnh Thanh']);
    expect(await audit('unit.created')).toEqual([{ actor: t.world.ids.admin, detail: { unitId: unit.id, name: 'UBND phường Vĩnh Thanh' } }]);
    // and an official can be created in it
    expect((await create({ username: 'vinh.thanh', unitId: unit.id })).json().user.unitName).toBe('UBND phường Vĩnh Thanh');
  });
});

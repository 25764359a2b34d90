// WebSocket robustness: a malformed message is answered or closes that socket only; a client
// that reconnects with the last `seq` it saw gets every change it missed, in order, no gap, even
// while changes keep coming; a socket lives no longer than its session and its user as they were.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dbLabel, login, type UserName, useTestApp } from '../server/helpers.ts';
import { tokenId } from '../../server/stores/users.ts';
import { Client } from './ws-client.ts';

describe(`WebSocket robustness on ${dbLabel}`, () => {
  const t = useTestApp({ once: true, listen: true });
  const wsUrl = () => `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`;

  const http = (who: UserName, method: 'GET' | 'POST', path: string, payload?: unknown) =>
    t.app.inject({ method, url: path, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const openCase = async (title: string) => (await http('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title } })).json() as { id: string };
  const comment = (id: string, text: string) => http('monitor', 'POST', `/api/cases/${id}/events`, { type: 'COMMENT', data: { text } });

  it('answers malformed messages with a coded error and keeps the socket; an oversized one closes that socket only', async () => {
    const bystander = await Client.connect(wsUrl(), t.cookies.lead);
    await bystander.roundTrip();
    const bad = await Client.connect(wsUrl(), t.cookies.lead);
    const garbage: unknown[] = [
      'not json',
      '{"type":',
      '[]',
      'null',
      '42',
      '"subscribe"',
      { type: 123 },
      { type: 'subscribe' },
      { type: 'subscribe', topics: 'cases' },
      { type: 'subscribe', topics: [1, 2] },
      { type: 'subscribe', topics: ['case:not-a-uuid'] },
      { type: 'subscribe', topics: ['cases'], since: -1 },
      { type: 'subscribe', topics: ['cases'], since: 'yesterday' },
      { type: 'subscribe', topics: ['cases'], since: 1e300 },
      { type: 'unsubscribe', topics: { a: 1 } },
      { type: '__proto__', topics: ['cases'] },
      { type: 'subscribe', topics: ['cases'], __proto__: { polluted: true } },
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    ];
    for (const g of garbage) bad.send(g);
    await bad.roundTrip();
    expect(bad.closed).toBeNull();
    const errors = bad.messages.filter((m) => m.type === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(10);
    for (const e of errors) expect(e).toEqual({ type: 'error', code: 'QT_VALIDATION', message: expect.stringMatching(/\S/) });
    expect(bad.messages.every((m) => ['error', 'subscribed', 'pong'].includes(m.type))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // too large for the socket's limit: that socket is closed (1009), the other one carries on
    bad.send('x'.repeat(65 * 1024));
    await bad.until(() => false, 'closed');
    expect(bad.closed).toBe(1009);
    await bystander.roundTrip();
    expect(bystander.closed).toBeNull();
    bystander.ws.close();
  });

  it('catches a reconnecting client up from its last seq: every change missed, in order, no gap, none older than seen', async () => {
    const cases = [];
    for (let i = 0; i < 4; i++) cases.push(await openCase(`Hồ sơ ${i}`));
    const first = await Client.connect(wsUrl(), t.cookies.lead);
    first.send({ type: 'subscribe', topics: ['cases'], since: 0 });
    await first.until((ms) => ms.filter((m) => m.type === 'case.updated').length >= 4, 'catch-up of the 4 cases');
    const lastSeen = Math.max(...first.messages.filter((m) => m.seq !== undefined).map((m) => m.seq!));
    first.ws.terminate(); // the network drops

    // changes while away
    for (let round = 0; round < 3; round++) for (const c of cases) expect((await comment(c.id, `vắng ${round}`)).statusCode).toBe(200);
    const fifth = await openCase('Hồ sơ mới khi vắng');

    // reconnect while changes keep coming
    const back = await Client.connect(wsUrl(), t.cookies.lead);
    const writes = (async () => {
      for (let round = 0; round < 3; round++) for (const c of [...cases, fifth]) await comment(c.id, `khi quay lại ${round}`);
    })();
    back.send({ type: 'subscribe', topics: ['cases'], since: lastSeen });
    await writes;
    await t.app.qt.hub.idle();

    const finals = new Map<string, number>();
    for (const c of [...cases, fifth]) finals.set(c.id, (await http('lead', 'GET', `/api/cases/${c.id}`)).json().version);
    await back.until(
      (ms) => [...finals].every(([id, v]) => ms.some((m) => m.type === 'case.updated' && m.case!.id === id && m.case!.version === v)),
      'every case at its final version',
    );
    const updates = back.messages.filter((m) => m.type === 'case.updated');
    // the first answers are the catch-up: each case changed while away, in the order of their changes
    expect(updates.every((m) => m.seq! > lastSeen)).toBe(true);
    // no case ever goes back to an older version, whatever interleaving of catch-up and live pushes
    const latest = new Map<string, number>();
    for (const m of updates) {
      const before = latest.get(m.case!.id) ?? 0;
      expect(m.case!.version, `case ${m.case!.id} went from v${before} to v${m.case!.version}`).toBeGreaterThanOrEqual(before);
      latest.set(m.case!.id, m.case!.version);
    }
    expect(latest).toEqual(finals);
    back.ws.close();
  });
});

describe(`a WebSocket dies with its session, on ${dbLabel}`, () => {
  const t = useTestApp({ listen: true, login: false, app: { sessionTtl: 'PT30M' } });
  const wsUrl = () => `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`;
  const vi = {
    QT_UNAUTHENTICATED: 'Bạn chưa đăng nhập hoặc phiên đã hết hạn. Hãy đăng nhập lại.',
    QT_ACCOUNT_CHANGED: 'Tài khoản của bạn vừa được thay đổi (vai trò, đơn vị hoặc mật khẩu). Trang sẽ kết nối lại với quyền hiện tại.',
  };

  /** Opens a case as a freshly signed-in monitor (the one signed in before may have expired) and waits until it is pushed. */
  const openCase = async (title: string) => {
    const cookie = await login(t.app, 'monitor');
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { procedure: 'mini', data: { title } } });
    expect(res.statusCode).toBe(201);
    await t.app.qt.hub.idle();
    return res.json() as { id: string };
  };
  /** A signed-in socket following every case, that has received one push. */
  const following = async (who: UserName) => {
    const cookie = await login(t.app, who);
    const c = await Client.connect(wsUrl(), cookie);
    c.send({ type: 'subscribe', topics: ['cases'] });
    await c.until((ms) => ms.some((m) => m.type === 'subscribed'), 'subscribed');
    const first = await openCase('Trước khi phiên kết thúc');
    await c.until((ms) => ms.some((m) => m.case?.id === first.id), 'the first push');
    return { c, cookie };
  };
  /** After the session or user changed: the next case is not pushed, the socket is told why and closed (1008). */
  const endsWith = async (c: Client, code: keyof typeof vi) => {
    const after = await openCase('Sau khi phiên kết thúc');
    await c.untilClosed();
    expect(c.messages.filter((m) => m.case?.id === after.id)).toEqual([]);
    expect(c.messages.at(-1)).toEqual({ type: 'error', code, message: vi[code] });
    expect([c.closed, c.closeReason]).toEqual([1008, code]);
  };

  it('closes a socket at its session’s logout, before any later case; other sessions of the user keep theirs', async () => {
    const { c, cookie } = await following('lead');
    const other = await following('lead'); // the same user in another browser
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    await c.untilClosed();
    expect([c.closed, c.closeReason]).toEqual([1008, 'QT_UNAUTHENTICATED']);
    expect(c.messages.at(-1)).toEqual({ type: 'error', code: 'QT_UNAUTHENTICATED', message: vi.QT_UNAUTHENTICATED });
    const pushed = c.messages.length;
    const after = await openCase('Sau khi đăng xuất');
    await other.c.until((ms) => ms.some((m) => m.case?.id === after.id), 'the other session still gets pushes');
    expect(c.messages.length).toBe(pushed);
    expect(other.c.closed).toBeNull();
  });

  it('closes a socket whose session ended in another process (its row deleted) at the next push', async () => {
    const { c, cookie } = await following('verifier');
    await t.store.db.deleteFrom('sessions').where('id', '=', tokenId(cookie.split('=')[1]!)).execute();
    await endsWith(c, 'QT_UNAUTHENTICATED');
  });

  it('closes a socket whose session expired by the clock at the next push', async () => {
    const { c } = await following('secretariat');
    t.clock.advance('PT31M');
    await endsWith(c, 'QT_UNAUTHENTICATED');
  });

  it('closes a socket whose session expired by the clock at the next sweep, with nothing pushed meanwhile', async () => {
    const { c } = await following('secretariat');
    const pushed = c.messages.length;
    await t.app.qt.hub.sweep();
    expect(c.closed).toBeNull(); // still signed in: the sweep leaves it
    t.clock.advance('PT31M');
    await t.app.qt.hub.sweep();
    await c.untilClosed();
    expect([c.closed, c.closeReason]).toEqual([1008, 'QT_UNAUTHENTICATED']);
    expect(c.messages.slice(pushed)).toEqual([{ type: 'error', code: 'QT_UNAUTHENTICATED', message: vi.QT_UNAUTHENTICATED }]);
  });

  it('closes a socket whose user was deactivated at the next push', async () => {
    const { c } = await following('observer');
    await t.store.db.updateTable('users').set({ active: false }).where('id', '=', t.world.ids.observer).execute();
    await endsWith(c, 'QT_UNAUTHENTICATED');
  });

  it('closes a socket whose user’s roles changed at the next push: it reconnects as the user is now', async () => {
    const { c, cookie } = await following('lead');
    await t.store.db.updateTable('users').set({ roles: ['monitor'] }).where('id', '=', t.world.ids.lead).execute();
    await endsWith(c, 'QT_ACCOUNT_CHANGED');
    const again = await Client.connect(wsUrl(), cookie);
    again.send({ type: 'subscribe', topics: ['cases'] });
    await again.roundTrip();
    expect(again.closed).toBeNull();
    again.ws.close();
  });

  it('closes every socket of a user at once (closeUser), and no one else’s', async () => {
    const a = await following('liaison');
    const b = await following('liaison');
    const bystander = await following('lead');
    t.app.qt.hub.closeUser(t.world.ids.liaison);
    for (const s of [a.c, b.c]) {
      await s.untilClosed();
      expect([s.closed, s.closeReason]).toEqual([1008, 'QT_ACCOUNT_CHANGED']);
    }
    const after = await openCase('Sau khi đóng kết nối của người dùng');
    await bystander.c.until((ms) => ms.some((m) => m.case?.id === after.id), 'the bystander still gets pushes');
    expect(bystander.c.closed).toBeNull();
    bystander.c.ws.close();
  });
});

// The e-mail digest: each official's own choice, kept on the server; what the next digest holds
// is their unread notifications since the last one, on cases they may still read.
import { describe, expect, it } from 'vitest';
import { dbLabel, type UserName, useTestApp } from './helpers.ts';
import { insertNotifications } from '../../server/stores/notifications.ts';
import { digestRecipients, markDigestSent, unreadSinceLastDigest } from '../../server/stores/digest.ts';

describe(`e-mail digest on ${dbLabel}`, () => {
  const t = useTestApp({ app: { maxUploadBytes: 4096 } });
  const http = (who: UserName, method: 'GET' | 'PATCH' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const open = async (who: UserName = 'monitor') =>
    (await http(who, 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Hồ sơ thử' } })).json() as { id: string; number: string };
  const notify = (caseId: string, role: string, vi: string) =>
    insertNotifications(t.store.db, caseId, [{ type: 'notify', role, message: { vi, en: vi } }], t.clock.now(), null);

  it('is off until the official turns it on, and says how large a file may be', async () => {
    expect((await http('lead', 'GET', '/api/me/settings')).json()).toEqual({ emailDigest: false, email: null, lang: 'vi', maxUploadBytes: 4096 });
    const on = await http('lead', 'PATCH', '/api/me/settings', { emailDigest: true });
    expect([on.statusCode, on.json()]).toEqual([200, { emailDigest: true, email: null, lang: 'vi', maxUploadBytes: 4096 }]);
    expect((await http('lead', 'GET', '/api/me/settings')).json().emailDigest).toBe(true);
    expect((await http('verifier', 'GET', '/api/me/settings')).json().emailDigest).toBe(false); // per official
    expect(await digestRecipients(t.store.db)).toEqual([t.world.ids.lead]);
    expect((await http('lead', 'PATCH', '/api/me/settings', { emailDigest: 'yes' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/settings' })).statusCode).toBe(401);
    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'user.settings_changed').execute();
    expect(audit).toHaveLength(1);
  });

  it('lists the unread notifications since the last digest, oldest first, and nothing for one who did not choose it', async () => {
    const c = await open();
    await notify(c.id, 'lead', 'trước khi bật');
    t.clock.advance('PT1H');
    await http('lead', 'PATCH', '/api/me/settings', { emailDigest: true });
    expect(await unreadSinceLastDigest(t.store.db, t.world.ids.lead)).toEqual({ since: t.clock.now().toISOString(), notifications: [] });
    t.clock.advance('PT1H');
    const [first] = await notify(c.id, 'lead', 'thứ nhất');
    t.clock.advance('PT1H');
    const [second] = await notify(c.id, 'lead', 'thứ hai');
    await notify(c.id, 'verifier', 'không phải vai trò này');
    const digest = await unreadSinceLastDigest(t.store.db, t.world.ids.lead);
    expect(digest!.notifications.map((n) => [n.id, n.message.vi, n.caseNumber, n.read])).toEqual([
      [first, 'thứ nhất', c.number, false],
      [second, 'thứ hai', c.number, false],
    ]);
    // read in the bell: not in the e-mail
    await http('lead', 'POST', '/api/notifications/read', { ids: [first] });
    expect((await unreadSinceLastDigest(t.store.db, t.world.ids.lead))!.notifications.map((n) => n.id)).toEqual([second]);
    // sent: the next digest starts after it
    await markDigestSent(t.store.db, t.world.ids.lead, t.clock.now());
    t.clock.advance('PT1H');
    const [third] = await notify(c.id, 'lead', 'thứ ba');
    expect((await unreadSinceLastDigest(t.store.db, t.world.ids.lead))!.notifications.map((n) => n.id)).toEqual([third]);
    expect(await unreadSinceLastDigest(t.store.db, t.world.ids.verifier)).toBeNull();
  });

  it('leaves out cases the official may not read', async () => {
    const other = await open('monitor2'); // unit B
    await http('monitor2', 'PATCH', '/api/me/settings', { emailDigest: true });
    await http('monitor', 'PATCH', '/api/me/settings', { emailDigest: true });
    t.clock.advance('PT1M');
    await notify(other.id, 'monitor', 'hồ sơ của đơn vị B');
    expect((await unreadSinceLastDigest(t.store.db, t.world.ids.monitor))!.notifications).toEqual([]);
    expect((await unreadSinceLastDigest(t.store.db, t.world.ids.monitor2))!.notifications).toHaveLength(1);
  });
});

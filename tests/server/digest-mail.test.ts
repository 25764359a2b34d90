// The daily e-mail digest, end to end through a real SMTP server (smtp-server, in this process):
// at the digest hour (Vietnam time) each official who chose it and has an address gets ONE mail
// listing their unread notifications in words; nobody else does; nothing unread, no mail; two
// runs or two processes the same day give one mail; an SMTP server down only delays it.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DigestJob, DEFAULT_DIGEST, digestDue } from '../../server/digest.ts';
import { digestMail } from '../../server/digest-mail.ts';
import { ServiceWorker } from '../../server/outbox/worker.ts';
import { DEFAULT_AUTOMATION } from '../../server/outbox/types.ts';
import { insertNotifications } from '../../server/stores/notifications.ts';
import { smtpReceiver } from './smtp-receiver.ts';
import { dbLabel, type UserName, useTestApp } from './helpers.ts';

const smtp = await smtpReceiver();
const { arrived } = smtp;
const smtpUp = smtp.up;
const smtpDown = smtp.down;
const port = smtp.port;
afterAll(smtpDown);

const PUBLIC_URL = 'https://quytrinh.tinh.gov.vn';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe(`the daily e-mail digest on ${dbLabel}`, () => {
  const t = useTestApp({
    app: {
      automation: { attempts: 3, retryBaseMs: 1000, timeoutMs: 10_000, smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: 'quytrinh@tinh.gov.vn' },
      digest: { hour: 7, publicUrl: PUBLIC_URL + '/' },
    },
  });
  const http = (who: UserName, method: 'GET' | 'PATCH' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });
  /** The official chooses the digest, with this address set by an administrator (null: none). */
  async function chooses(who: UserName, email: string | null, digest = true) {
    if (email) expect((await http('admin', 'PATCH', `/api/users/${t.world.ids[who]}`, { email })).statusCode).toBe(200);
    expect((await http(who, 'PATCH', '/api/me/settings', { emailDigest: digest })).statusCode).toBe(200);
  }
  /** A case opened and submitted: the verifiers are told it waits for them, in words. */
  async function submitted() {
    const opened = await http('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Trang giả mạo UBND xã' } });
    const { id, number } = opened.json() as { id: string; number: string };
    expect((await http('monitor', 'POST', `/api/cases/${id}/events`, { type: 'SUBMIT', data: {}, expectedVersion: 1 })).statusCode).toBe(200);
    return { id, number };
  }
  const outbox = () => t.store.db.selectFrom('outbox').selectAll().where('case_id', 'is', null).orderBy('id').execute();
  const VI_7AM_6JAN = '2026-01-06T00:00:00.000Z';

  beforeEach(async () => {
    arrived.length = 0;
    if (!smtp.running()) await smtpUp();
  });

  it('sends each official who chose it ONE mail a day at the digest hour, in Vietnamese words; nobody else gets one', async () => {
    await chooses('verifier', 'xac.minh@sokhcn.tinh.gov.vn');
    await chooses('liaison', 'phoi.hop@sokhcn.tinh.gov.vn'); // nothing unread: no mail
    await chooses('lead', null); // no address
    await chooses('observer', 'theo.doi@tinh.gov.vn', false); // did not choose it
    t.clock.advance('PT1H'); // 10:00 in Vietnam, 5 January
    const kase = await submitted();
    await insertNotifications(t.store.db, kase.id, [{ type: 'notify', role: 'lead', message: { vi: 'Có hồ sơ mới.', en: 'A new case.' } }], t.clock.now(), null);
    await insertNotifications(t.store.db, kase.id, [{ type: 'notify', role: 'observer', message: { vi: 'Có hồ sơ mới.', en: 'A new case.' } }], t.clock.now(), null);

    // today's hour had passed when they chose it: the first digest is tomorrow's
    expect(await t.app.qt.digest.run()).toEqual({ queued: 0, empty: 0 });
    t.clock.set('2026-01-05T23:59:00.000Z'); // 06:59 in Vietnam
    expect(await t.app.qt.digest.run()).toEqual({ queued: 0, empty: 0 });
    // two processes at the hour: their digests and their workers side by side give one mail
    t.clock.set(VI_7AM_6JAN);
    const other = new DigestJob(t.app.qt.flow, t.clock, { ...DEFAULT_DIGEST, publicUrl: PUBLIC_URL });
    const runs = await Promise.all([t.app.qt.digest.run(), other.run()]);
    expect([runs[0].queued + runs[1].queued, runs[0].empty + runs[1].empty]).toEqual([1, 1]);
    const otherWorker = new ServiceWorker(t.app.qt.flow, t.clock, { ...DEFAULT_AUTOMATION, smtpUrl: `smtp://127.0.0.1:${port}` });
    const attempts = await Promise.all([t.app.qt.calls.runDue(), otherWorker.runDue()]);
    expect(attempts[0] + attempts[1]).toBe(1);

    expect(arrived).toHaveLength(1);
    const m = arrived[0]!;
    expect(m.to && 'text' in m.to ? m.to.text : m.to).toBe('xac.minh@sokhcn.tinh.gov.vn');
    expect(m.subject).toBe('Quy trình: 1 thông báo chưa đọc (06/01/2026)');
    expect(m.messageId).toBe(`<digest.2026-01-06.${t.world.ids.verifier}@quytrinh>`);
    expect(m.text).toBe(
      [
        'Kính gửi Người verifier,',
        '',
        'Bạn có 1 thông báo chưa đọc kể từ lần tóm tắt trước:',
        '',
        '1. Hồ sơ đã đến bước “Xem xét”, chờ bạn xử lý.',
        `   Hồ sơ ${kase.number} · Quy trình thử`,
        '   Bước hiện tại: Xem xét',
        '   Lúc 10:00 05/01/2026',
        `   Mở hồ sơ: ${PUBLIC_URL}/#/cases/${kase.id}`,
        '',
        '--',
        'Thư này được gửi vì bạn chọn nhận e-mail tóm tắt thông báo chưa đọc. Thông báo đã đọc trên trang không có trong thư.',
        `Thôi nhận thư này: bỏ chọn ở trang Tài khoản: ${PUBLIC_URL}/#/password`,
        '',
      ].join('\n'),
    );
    // words only: the case's id is in its link, no other key, id or ISO time anywhere
    expect(m.text!.replace(`${PUBLIC_URL}/#/cases/${kase.id}`, '')).not.toMatch(UUID);
    expect(m.text).not.toMatch(/\d{4}-\d{2}-\d{2}T|PT\d|review|SUBMIT/);

    // again the same day, and from a second process: no second mail
    t.clock.advance('PT3H');
    expect(await Promise.all([t.app.qt.digest.run(), other.run()])).toEqual([{ queued: 0, empty: 0 }, { queued: 0, empty: 0 }]);
    expect(await Promise.all([t.app.qt.calls.runDue(), otherWorker.runDue()])).toEqual([0, 0]);
    expect(arrived).toHaveLength(1);

    // the next day: only what came since, and nothing when nothing did
    t.clock.set('2026-01-07T00:30:00.000Z');
    expect(await t.app.qt.digest.run()).toEqual({ queued: 0, empty: 2 });
    t.clock.advance('PT1M');
    const second = await submitted();
    t.clock.set('2026-01-08T00:00:00.000Z');
    expect(await t.app.qt.digest.run()).toEqual({ queued: 1, empty: 1 });
    await t.app.qt.calls.runDue();
    expect(arrived).toHaveLength(2);
    expect(arrived[1]!.text).toContain(`Hồ sơ ${second.number} · Quy trình thử`);
    expect(arrived[1]!.text).not.toContain(`Hồ sơ ${kase.number} ·`);
    expect((await outbox()).map((r) => [r.id, r.status])).toEqual([
      [`digest.2026-01-06.${t.world.ids.verifier}`, 'done'],
      [`digest.2026-01-08.${t.world.ids.verifier}`, 'done'],
    ]);
    const audit = await t.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'digest.%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['digest.queued', 'digest.sent', 'digest.queued', 'digest.sent']);
  });

  it('leaves out what was read in the bell, and writes in English for one who reads English', async () => {
    await chooses('verifier', 'xac.minh@sokhcn.tinh.gov.vn');
    expect((await http('verifier', 'PATCH', '/api/me/settings', { lang: 'en' })).statusCode).toBe(200);
    t.clock.advance('PT1H');
    const read = await submitted();
    const unread = await submitted();
    const list = (await http('verifier', 'GET', '/api/notifications')).json().notifications as { id: string; caseId: string }[];
    await http('verifier', 'POST', '/api/notifications/read', { ids: list.filter((n) => n.caseId === read.id).map((n) => n.id) });
    t.clock.set(VI_7AM_6JAN);
    await t.app.qt.digest.run();
    await t.app.qt.calls.runDue();
    expect(arrived.map((m) => m.subject)).toEqual(['Quytrinh: 1 unread notification (06/01/2026)']);
    expect(arrived[0]!.text).toContain(`1. A case has reached the step “Review” and waits for you.\n   Case ${unread.number} · Test procedure\n   Now at the step: Review`);
    expect(arrived[0]!.text).not.toContain(read.number);
  });

  it('starts from the first address: what came before anyone could send it is left to the bell', async () => {
    await chooses('verifier', null); // chosen while no address was known
    t.clock.advance('PT1H');
    await submitted();
    t.clock.set('2026-01-07T01:00:00.000Z');
    expect((await http('verifier', 'PATCH', '/api/me/settings', { email: 'xac.minh@sokhcn.tinh.gov.vn' })).statusCode).toBe(200);
    t.clock.set('2026-01-08T00:00:00.000Z');
    expect(await t.app.qt.digest.run()).toEqual({ queued: 0, empty: 1 });
    t.clock.advance('PT1M');
    const later = await submitted();
    t.clock.set('2026-01-09T00:00:00.000Z');
    expect(await t.app.qt.digest.run()).toEqual({ queued: 1, empty: 0 });
    await t.app.qt.calls.runDue();
    expect(arrived.map((m) => m.text!.includes(later.number))).toEqual([true]);
  });

  it('SMTP down, then up: retried with the same key and delivered once; down for good: failed, audited, no incident', async () => {
    await chooses('verifier', 'xac.minh@sokhcn.tinh.gov.vn');
    t.clock.advance('PT1H');
    await submitted();
    await smtpDown();
    t.clock.set(VI_7AM_6JAN);
    expect((await t.app.qt.digest.run()).queued).toBe(1);
    expect(await t.app.qt.calls.runDue()).toBe(1); // refused: nothing listens
    expect((await outbox()).map((r) => [r.status, r.attempts])).toEqual([['pending', 1]]);
    await smtpUp();
    t.clock.advance(1000);
    expect(await t.app.qt.calls.runDue()).toBe(1);
    t.clock.advance('PT1H');
    expect(await t.app.qt.calls.runDue()).toBe(0);
    expect(arrived).toHaveLength(1);
    expect((await outbox()).map((r) => [r.status, r.attempts])).toEqual([['done', 2]]);

    // the next day's digest with the server down for every attempt
    await submitted();
    await smtpDown();
    t.clock.set('2026-01-07T00:00:00.000Z');
    expect((await t.app.qt.digest.run()).queued).toBe(1);
    for (let i = 0; i < 3; i++) {
      expect(await t.app.qt.calls.runDue()).toBe(1);
      t.clock.advance('PT1M');
    }
    expect(await t.app.qt.calls.runDue()).toBe(0);
    const failed = (await outbox()).find((r) => r.id.startsWith('digest.2026-01-07'))!;
    expect([failed.status, failed.attempts]).toEqual(['failed', 3]);
    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'digest.failed').execute();
    expect(audit.map((a) => (a.detail as { userId: string }).userId)).toEqual([t.world.ids.verifier]);
    expect((await http('admin', 'GET', '/api/incidents')).json().incidents).toEqual([]);
    expect(arrived).toHaveLength(1);
  });
});

describe('when digests are due, and their words', () => {
  it('is the day\'s hour in Vietnam (UTC+7), else the day before\'s', () => {
    expect(digestDue(new Date('2026-01-06T00:00:00.000Z'), 7)).toEqual({ at: new Date('2026-01-06T00:00:00.000Z'), day: '2026-01-06' });
    expect(digestDue(new Date('2026-01-05T23:59:59.000Z'), 7)).toEqual({ at: new Date('2026-01-05T00:00:00.000Z'), day: '2026-01-05' });
    expect(digestDue(new Date('2026-01-05T18:30:00.000Z'), 0)).toEqual({ at: new Date('2026-01-05T17:00:00.000Z'), day: '2026-01-06' });
    expect(digestDue(new Date('2026-01-05T15:59:00.000Z'), 23)).toEqual({ at: new Date('2026-01-04T16:00:00.000Z'), day: '2026-01-04' });
  });

  it('says when more are unread than the mail lists', () => {
    const mail = digestMail({ lang: 'vi', displayName: 'Chị An', items: [], more: true, publicUrl: PUBLIC_URL, day: '2026-01-06' });
    expect(mail.body).toContain('Còn thông báo khác chưa đọc: xem chuông thông báo trên trang.');
  });
});

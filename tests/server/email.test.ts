// The `email` service through a real SMTP server (smtp-server, in this process): the subject and
// body in the recipient's language from the case's data, a Message-ID made from the
// Idempotency-Key; with the SMTP server down the call is retried, and once it is up the message
// is delivered once.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { publishVersion } from '../../server/stores/procedures.ts';
import { serviceProcedure } from '../engine/service-procedure.ts';
import { smtpReceiver } from './smtp-receiver.ts';
import { START, useTestApp } from './helpers.ts';

const smtp = await smtpReceiver();
const { arrived } = smtp;
const smtpUp = smtp.up;
const smtpDown = smtp.down;
const port = smtp.port;
afterAll(smtpDown);

const t = useTestApp({ app: { automation: { attempts: 4, retryBaseMs: 1000, timeoutMs: 10_000, smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: 'quytrinh@tinh.gov.vn' } } });

const mail = (lang: 'vi' | 'en', key: string) =>
  serviceProcedure('email', {
    to: 'ban-tuyen-giao@tinh.gov.vn',
    lang,
    subject: { vi: 'Hồ sơ {{case.number}}: {{data.title}}', en: 'Case {{case.number}}: {{data.title}}' },
    body: { vi: 'Nền tảng: {{data.platform}}. Đề nghị xem xét.', en: 'Platform: {{data.platform}}. Please review.' },
  }, { key });

beforeEach(async () => {
  arrived.length = 0;
  await publishVersion(t.store.db, mail('vi', 'mail-vi'), 'system', 'test', new Date(START));
  await publishVersion(t.store.db, mail('en', 'mail-en'), 'system', 'test', new Date(START));
});

async function approved(procedure: string) {
  const { app, cookies } = t;
  const opened = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies.monitor }, payload: { procedure, data: { title: 'Quảng cáo thuốc giả', platform: 'tiktok' } } });
  const id = opened.json().id as string;
  for (const [who, type, data, v] of [['monitor', 'SUBMIT', {}, 1], ['verifier', 'APPROVE', { note: 'sai sự thật' }, 2]] as const) {
    const r = await app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: cookies[who] }, payload: { type, data, expectedVersion: v } });
    expect(r.statusCode, r.body).toBe(200);
  }
  return { id, number: opened.json().number as string };
}

const stateOf = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: t.cookies.admin } })).json().state;

describe('the email service', () => {
  it('SMTP down, then up: retried and delivered once, in Vietnamese, with the Message-ID from the key', async () => {
    const { id, number } = await approved('mail-vi');
    expect(await t.app.qt.calls.runDue()).toBe(1); // refused: nothing listens
    expect(await stateOf(id)).toBe('calling');
    await smtpUp();
    t.clock.advance(1000);
    expect(await t.app.qt.calls.runDue()).toBe(1);
    t.clock.advance('PT1H');
    expect(await t.app.qt.calls.runDue()).toBe(0);
    expect(await stateOf(id)).toBe('waiting');

    expect(arrived).toHaveLength(1);
    const m = arrived[0]!;
    expect(m.subject).toBe(`Hồ sơ ${number}: Quảng cáo thuốc giả`);
    expect(m.text?.trim()).toBe('Nền tảng: tiktok. Đề nghị xem xét.');
    const call = await t.store.db.selectFrom('outbox').select(['id', 'attempts']).where('case_id', '=', id).executeTakeFirstOrThrow();
    expect(call.attempts).toBe(2);
    expect(m.messageId).toBe(`<${call.id}@quytrinh>`);
    expect(m.headers.get('idempotency-key')).toBe(call.id);
  });

  it('in English for a recipient who reads English', async () => {
    if (!smtp.running()) await smtpUp();
    const { number } = await approved('mail-en');
    expect(await t.app.qt.calls.runDue()).toBe(1);
    expect(arrived.map((m) => m.subject)).toEqual([`Case ${number}: Quảng cáo thuốc giả`]);
    expect(arrived[0]!.text?.trim()).toBe('Platform: tiktok. Please review.');
  });
});

// Automated steps on the server: the call is written with the event that entered its state, a
// worker runs it with retries (exponential backoff, the clock moved by the test, one
// Idempotency-Key), and its result is one event of the case. Webhooks go only where allowed.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { publishVersion } from '../../server/stores/procedures.ts';
import { ServiceWorker, backoffMs } from '../../server/outbox/worker.ts';
import { DEFAULT_AUTOMATION } from '../../server/outbox/types.ts';
import { isPrivateAddress } from '../../server/outbox/webhook.ts';
import { serviceProcedure } from '../engine/service-procedure.ts';
import { START, useTestApp } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const SECRET = 'bí-mật-ký-webhook';
const receiver = await startReceiver(SECRET);
const automation = { attempts: 3, retryBaseMs: 1000, timeoutMs: 10_000, webhookAllow: [`${receiver.base}/hook/`, 'http://'], webhookSecret: SECRET };
const t = useTestApp({ app: { automation, metricsToken: 'metrics-token' } });
const metrics = async () => (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token' } })).body;
afterAll(() => receiver.close());

const hook = (path: string, opts: { onError?: boolean; key?: string } = {}) =>
  serviceProcedure('webhook', { url: path, payload: { title: '{{data.title}}', number: '{{case.number}}' } }, opts);

beforeEach(async () => {
  receiver.received.length = 0;
  receiver.answers = [];
  for (const p of [
    hook(`${receiver.base}/hook/{{data.platform}}`, { key: 'auto-hook' }),
    hook(`${receiver.base}/hook/{{data.platform}}`, { key: 'auto-hook-error', onError: true }),
    hook('https://elsewhere.example/hook', { key: 'auto-outside' }),
    hook(`${receiver.base}/other`, { key: 'auto-loopback' }),
  ]) {
    await publishVersion(t.store.db, p, 'system', 'test', new Date(START));
  }
});

async function caseAtCall(procedure: string): Promise<string> {
  const { app, cookies } = t;
  const opened = await app.inject({ method: 'POST', url: '/api/cases', cookies: {}, headers: { cookie: cookies.monitor }, payload: { procedure, data: { title: 'Trang mạo danh UBND xã', platform: 'facebook' } } });
  expect(opened.statusCode, opened.body).toBe(201);
  const id = opened.json().id as string;
  const send = async (who: 'monitor' | 'verifier', type: string, data: object, expectedVersion: number) => {
    const r = await app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: cookies[who] }, payload: { type, data, expectedVersion } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  await send('monitor', 'SUBMIT', {}, 1);
  expect((await send('verifier', 'APPROVE', { note: 'đúng vi phạm' }, 2)).state).toBe('calling');
  return id;
}

const getCase = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: t.cookies.admin } })).json();
const history = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: { cookie: t.cookies.admin } })).json();
const incidents = async () => (await t.app.inject({ method: 'GET', url: '/api/incidents', headers: { cookie: t.cookies.admin } })).json().incidents as any[];

describe('the outbox', () => {
  it('a receiver that fails twice then succeeds: three attempts, one key, signed, the case moves on once', async () => {
    const id = await caseAtCall('auto-hook');
    receiver.answers = [500, 503, 200];
    const worker = t.app.qt.calls;
    expect(await worker.runDue()).toBe(1);
    expect(await worker.runDue()).toBe(0); // the retry waits for its time
    t.clock.advance(1000);
    expect(await worker.runDue()).toBe(1);
    t.clock.advance(1000);
    expect(await worker.runDue()).toBe(0); // the second delay is longer
    t.clock.advance(1000);
    expect(await worker.runDue()).toBe(1);
    expect(await worker.runDue()).toBe(0);

    expect(receiver.received).toHaveLength(3);
    const keys = new Set(receiver.received.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect(receiver.received.every((r) => r.signed)).toBe(true);
    expect(receiver.received[0]!.path).toBe('/hook/facebook');
    const body = JSON.parse(receiver.received[0]!.body);
    expect(body.case).toMatchObject({ id, procedure: 'auto-hook', state: 'calling' });
    expect(body.event).toMatchObject({ type: 'APPROVE', step: 'calling', call: [...keys][0] });
    expect(body.input).toEqual({ title: 'Trang mạo danh UBND xã', number: (await getCase(id)).number });

    expect((await getCase(id)).state).toBe('waiting');
    const h = await history(id);
    expect(h.events.filter((e: any) => e.type === 'quytrinh.done.calling')).toHaveLength(1);
    expect(h.events.find((e: any) => e.type === 'quytrinh.done.calling').data).toMatchObject({ service: 'webhook', attempts: 3, result: { status: 200 } });
    expect(h.audit.map((a: any) => a.action).filter((a: string) => a.startsWith('service.'))).toEqual(['service.called', 'service.failed', 'service.failed', 'service.done']);
    const m = await metrics();
    expect(m).toMatch(/quytrinh_service_attempts_total\{service="webhook",result="retry"\} 2/);
    expect(m).toMatch(/quytrinh_service_attempts_total\{service="webhook",result="done"\} 1/);
  });

  it("no official can send a step's result through the API, not even an administrator", async () => {
    const id = await caseAtCall('auto-hook-error');
    for (const [who, type] of [['verifier', 'quytrinh.done.calling'], ['admin', 'quytrinh.error.calling']] as const) {
      const r = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: t.cookies[who] }, payload: { type, data: {} } });
      expect(r.statusCode, r.body).toBe(403);
      expect(r.json().error.code).toBe('QT_ROLE_NOT_ALLOWED');
    }
    expect((await getCase(id)).state).toBe('calling');
  });

  it('after the last attempt: onError when the step has one', async () => {
    const id = await caseAtCall('auto-hook-error');
    receiver.answers = [500];
    for (let i = 0; i < 3; i++) {
      expect(await t.app.qt.calls.runDue()).toBe(1);
      t.clock.advance(4000);
    }
    expect(receiver.received).toHaveLength(3);
    expect((await getCase(id)).state).toBe('late');
    expect(await incidents()).toEqual([]);
  });

  it('after the last attempt with no onError: an incident, retried or skipped by an administrator', async () => {
    const id = await caseAtCall('auto-hook');
    receiver.answers = [500];
    for (let i = 0; i < 3; i++) {
      await t.app.qt.calls.runDue();
      t.clock.advance(4000);
    }
    const [incident, ...more] = await incidents();
    expect(more).toEqual([]);
    expect(await metrics()).toMatch(/quytrinh_incidents_open 1/);
    expect(incident).toMatchObject({ caseId: id, service: 'webhook', serviceLabel: { vi: 'Gọi webhook' }, attempts: 3, state: 'calling' });
    // why, in words in both languages, with the technical detail beside
    expect(incident.lastError).toEqual({
      code: 'QT_SERVICE_HTTP_STATUS',
      message: { vi: expect.stringContaining('mã 500'), en: expect.stringContaining('status 500') },
      detail: 'HTTP 500',
    });
    expect((await getCase(id)).state).toBe('calling');
    // not for anyone but an administrator
    const lead = await t.app.inject({ method: 'POST', url: `/api/incidents/${incident.id}/retry`, headers: { cookie: t.cookies.lead } });
    expect(lead.statusCode).toBe(403);

    receiver.answers = [200];
    const retry = await t.app.inject({ method: 'POST', url: `/api/incidents/${incident.id}/retry`, headers: { cookie: t.cookies.admin } });
    expect(retry.statusCode, retry.body).toBe(204);
    expect(await incidents()).toEqual([]);
    expect(await t.app.qt.calls.runDue()).toBe(1);
    expect((await getCase(id)).state).toBe('waiting');
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    const again = await t.app.inject({ method: 'POST', url: `/api/incidents/${incident.id}/skip`, headers: { cookie: t.cookies.admin } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('QT_INCIDENT_CLOSED');
  });

  it('skipping an incident counts the step as done: the case moves on by its onDone', async () => {
    const id = await caseAtCall('auto-outside');
    expect(await t.app.qt.calls.runDue()).toBe(1);
    const [incident] = await incidents();
    const skip = await t.app.inject({ method: 'POST', url: `/api/incidents/${incident.id}/skip`, headers: { cookie: t.cookies.admin } });
    expect(skip.statusCode, skip.body).toBe(204);
    expect((await getCase(id)).state).toBe('waiting');
    const done = (await history(id)).events.find((e: any) => e.type === 'quytrinh.done.calling');
    expect(done.data).toMatchObject({ skipped: true });
  });

  it('leaving the state cancels a call waiting for its next attempt', async () => {
    const id = await caseAtCall('auto-hook');
    receiver.answers = [500];
    await t.app.qt.calls.runDue();
    const stop = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: t.cookies.verifier }, payload: { type: 'STOP', data: {} } });
    expect(stop.statusCode, stop.body).toBe(200);
    t.clock.advance('PT1H');
    expect(await t.app.qt.calls.runDue()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const actions = (await history(id)).audit.map((a: any) => a.action);
    expect(actions).toContain('service.cancelled');
  });

  it('a call cancelled while it runs records nothing when it ends', async () => {
    const id = await caseAtCall('auto-hook');
    receiver.answers = ['hold'];
    const run = t.app.qt.calls.runDue();
    await until(() => receiver.held === 1);
    const stop = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: t.cookies.verifier }, payload: { type: 'STOP', data: {} } });
    expect(stop.statusCode, stop.body).toBe(200);
    receiver.release(200);
    await run;
    expect((await getCase(id)).state).toBe('review');
    expect((await history(id)).events.some((e: any) => e.type.startsWith('quytrinh.done'))).toBe(false);
  });

  it('two workers on one database never run one call at the same time', async () => {
    const id = await caseAtCall('auto-hook');
    receiver.answers = ['hold'];
    const other = new ServiceWorker(t.app.qt.flow, t.clock, { ...DEFAULT_AUTOMATION, ...automation });
    const first = t.app.qt.calls.runDue();
    await until(() => receiver.held === 1);
    expect(await other.runDue()).toBe(0); // claimed by the first: skipped, not waited for
    receiver.release(200);
    expect(await first).toBe(1);
    expect(await other.runDue()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect((await history(id)).events.filter((e: any) => e.type === 'quytrinh.done.calling')).toHaveLength(1);
  });

  it('refuses a URL outside the allow-list, a redirect, and a loopback address not listed by name', async () => {
    const outside = await caseAtCall('auto-outside');
    const loopback = await caseAtCall('auto-loopback');
    await publishVersion(t.store.db, hook(`${receiver.base}/hook/redirect`, { key: 'auto-redirect' }), 'system', 'test', new Date(START));
    const redirect = await caseAtCall('auto-redirect');
    receiver.answers = [{ status: 302, location: 'https://elsewhere.example/' }];
    expect(await t.app.qt.calls.runDue()).toBe(3);
    const byCase = Object.fromEntries((await incidents()).map((i) => [i.caseId, i]));
    expect(byCase[outside].lastError).toMatchObject({ code: 'QT_SERVICE_URL_NOT_ALLOWED', message: { vi: expect.stringContaining('không nằm trong danh sách được phép') }, detail: expect.stringMatching(/QUYTRINH_WEBHOOK_ALLOW/) });
    expect(byCase[outside].attempts).toBe(1);
    expect(byCase[loopback].lastError).toMatchObject({ code: 'QT_SERVICE_PRIVATE_ADDRESS', message: { vi: expect.stringContaining('127.0.0.1 là địa chỉ mạng nội bộ') }, detail: expect.stringMatching(/127\.0\.0\.1 is a private or loopback address/) });
    expect(byCase[redirect].lastError).toMatchObject({ code: 'QT_SERVICE_REDIRECT', message: { en: expect.stringContaining('status 302') }, detail: 'HTTP 302: redirects are not followed' });
    // only the redirecting URL was reached, once, and its Location not followed
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook/redirect']);
  });

  it('private, loopback and link-local addresses are told from public ones; backoff doubles with jitter', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '192.168.1.1', '172.16.0.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0']) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '2001:4860:4860::8888', '203.113.131.1']) expect(isPrivateAddress(a), a).toBe(false);
    expect([1, 2, 3].map((n) => backoffMs(2000, n, () => 0))).toEqual([1000, 2000, 4000]);
    expect([1, 2, 3].map((n) => backoffMs(2000, n, () => 1))).toEqual([2000, 4000, 8000]);
  });
});

/** Waits for something another party does (a request arriving over the network), with a deadline. */
async function until(ok: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}

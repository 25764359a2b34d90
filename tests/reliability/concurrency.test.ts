// Concurrency: many writers on one case, many cases at once, retried requests. Whatever the
// interleaving, one event per accepted request, and every case's snapshot is what its event log
// replays to.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { replay, type LogEntry } from '../../engine/index.ts';
import { saveAttachment } from '../../server/stores/attachments.ts';
import { dbLabel, PNG, referenceProcedure, type UserName, useTestApp } from '../server/helpers.ts';

type Step = [who: UserName, type: string, data: Record<string, unknown>];

const OPEN_DATA = {
  urls: ['https://www.facebook.com/gia.mao/posts/1'],
  platform: 'facebook',
  category: 'impersonation',
  description: 'Trang mạo danh cơ quan nhà nước kêu gọi chuyển tiền.',
};
const SUBMIT: Step = ['monitor', 'SUBMIT', {}];
const CONFIRM: Step = ['verifier', 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'high' }];
const REPORT: Step = ['secretariat', 'SUBMIT_REPORT', { reportNumber: '15-BC/BTGTU', summary: 'Đã xử lý xong nội dung.' }];

/** Submitted, confirmed, removal requested, and the request sent under `reference` on `channel`. */
const sent = (reference: string, channel: string): Step[] => [
  SUBMIT,
  CONFIRM,
  ['lead', 'REQUEST_REMOVAL', { deadline: '2026-01-08' }],
  ['liaison', 'SENT', { requestReference: reference, sentAt: '2026-01-05', channel }],
];

/** The paths the 200 cases take, with where each ends. */
const PATHS: { end: string; steps: Step[] }[] = [
  { end: 'done', steps: [...sent('12/STTTT', 'ministry_ict'), ['liaison', 'REMOVED', { removedAt: '2026-01-06' }], REPORT] },
  { end: 'closed_no_violation', steps: [SUBMIT, ['verifier', 'REJECT', { reason: 'Không có dấu hiệu vi phạm.' }]] },
  {
    end: 'done',
    steps: [
      SUBMIT,
      ['verifier', 'NEED_MORE_INFO', { question: 'Bổ sung ảnh chụp?' }],
      ['monitor', 'COMMENT', { text: 'Đã bổ sung.' }],
      SUBMIT,
      CONFIRM,
      ['lead', 'COUNTER', { counterPlan: 'Đăng tin cải chính trên cổng tỉnh.' }],
      REPORT,
    ],
  },
  { end: 'removal.following_up', steps: sent('13/STTTT', 'platform_portal') },
  {
    end: 'done',
    steps: [SUBMIT, CONFIRM, ['lead', 'REFER', { referredTo: 'provincial_police' }], ['liaison', 'REFERRAL_ACKNOWLEDGED', { acknowledgementReference: 'CV-01/CAT' }], REPORT],
  },
];

describe(`concurrency on ${dbLabel}`, () => {
  const t = useTestApp({ reference: true });

  const call = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who], ...headers } });
  const openReference = async () => {
    // evidence is a file the monitor uploaded (the server checks), saved here without the upload route
    const evidence = await saveAttachment(t.store.db, { caseId: null, filename: 'anh-chup.png', contentType: 'image/png', content: PNG, uploadedBy: t.world.ids.monitor }, t.clock.now());
    const res = await call('monitor', 'POST', '/api/cases', { procedure: 'harmful-content', data: { ...OPEN_DATA, evidence: [evidence.id] } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number };
  };
  const eventCount = async (caseId: string) =>
    Number((await t.store.db.selectFrom('case_events').select((e) => e.fn.countAll().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);

  it('accepts exactly one of 50 conflicting events on one case; the others get 409 and change nothing', async () => {
    const c = await openReference();
    const senders: UserName[] = ['monitor', 'monitorBis', 'verifier', 'lead', 'liaison', 'secretariat'];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(senders[i % senders.length]!, 'POST', `/api/cases/${c.id}/events`, { type: 'COMMENT', data: { text: `ý kiến ${i}` }, expectedVersion: 1 }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().error).toMatchObject({ code: 'QT_CASE_VERSION_CONFLICT', details: [{ expectedVersion: 1 }] });
    }
    expect(await eventCount(c.id)).toBe(2); // OPEN and the one accepted COMMENT
    const after = (await call('lead', 'GET', `/api/cases/${c.id}`)).json();
    expect(after.version).toBe(2);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect(after.data.comments).toEqual(winner.data.comments);
    expect(after.data.comments).toHaveLength(1);
  });

  it('drives 200 cases through the reference procedure at once; each ends where it should and replays to its snapshot', { timeout: 300_000 }, async () => {
    const N = 200;
    const opened = await Promise.all(Array.from({ length: N }, () => openReference()));
    expect(new Set(opened.map((c) => c.id)).size).toBe(N);

    const sent: { who: UserName; id: string; body: unknown; key: string; answer: unknown }[] = [];
    async function drive(id: string, steps: Step[]) {
      let version = 1;
      for (const [who, type, data] of steps) {
        const body = { type, data, expectedVersion: version };
        const res = await call(who, 'POST', `/api/cases/${id}/events`, body, { 'idempotency-key': `${id}-${version}` });
        expect(res.statusCode, `${who} ${type}: ${res.body}`).toBe(200);
        sent.push({ who, id, body, key: `${id}-${version}`, answer: res.json() });
        version = res.json().version;
      }
      return version;
    }
    const versions = await Promise.all(opened.map((c, i) => drive(c.id, PATHS[i % PATHS.length]!.steps)));

    const procedure = referenceProcedure();
    const rows = await t.store.db.selectFrom('cases').select(['id', 'state', 'version', 'snapshot', 'last_seq']).execute();
    expect(rows).toHaveLength(N);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const events = await t.store.db
      .selectFrom('case_events')
      .select(['case_id', 'case_seq', 'seq', 'type', 'data', 'actor', 'at'])
      .orderBy('case_id')
      .orderBy('case_seq')
      .execute();
    const logs = new Map<string, typeof events>();
    for (const e of events) logs.set(e.case_id, [...(logs.get(e.case_id) ?? []), e]);

    opened.forEach((c, i) => {
      const path = PATHS[i % PATHS.length]!;
      const row = byId.get(c.id)!;
      const log = logs.get(c.id)!;
      expect(row.state).toBe(path.end);
      expect(row.version).toBe(path.steps.length + 1);
      expect(versions[i]).toBe(row.version);
      // one event per accepted request, numbered 1…n with no gap, the last one the case's last_seq
      expect(log.map((e) => e.case_seq)).toEqual(Array.from({ length: row.version }, (_, k) => k + 1));
      expect(log.map((e) => e.type)).toEqual(['OPEN', ...path.steps.map((s) => s[1])]);
      expect(Number(log.at(-1)!.seq)).toBe(Number(row.last_seq));
      const entries: LogEntry[] = log.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, actor: e.actor as LogEntry['actor'], at: new Date(e.at).toISOString() }));
      expect(replay(procedure, entries)).toEqual(row.snapshot);
    });

    // Every request of the first cases sent again once they have reached their end: each gets
    // the answer it got the first time (rebuilt from the events), nothing is recorded twice.
    const ids = new Set(opened.slice(0, PATHS.length * 2).map((c) => c.id));
    const again = sent.filter((s) => ids.has(s.id));
    expect(again.length).toBeGreaterThan(PATHS.length * 4);
    for (const s of again) {
      const res = await call(s.who, 'POST', `/api/cases/${s.id}/events`, s.body, { 'idempotency-key': s.key });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json(), `${s.who} ${s.key}`).toEqual(s.answer);
    }
    expect(Number((await t.store.db.selectFrom('case_events').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(events.length);
  });

  it('records one event for concurrent and repeated requests with one Idempotency-Key, each answered alike', async () => {
    const c = await openReference();
    const body = { type: 'COMMENT', data: { text: 'gửi lại nhiều lần' }, expectedVersion: 1 };
    const headers = { 'idempotency-key': 'retry-42' };
    const burst = await Promise.all(Array.from({ length: 20 }, () => call('monitor', 'POST', `/api/cases/${c.id}/events`, body, headers)));
    const later = await call('monitor', 'POST', `/api/cases/${c.id}/events`, body, headers);
    for (const r of [...burst, later]) {
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual(burst[0]!.json());
    }
    expect(await eventCount(c.id)).toBe(2);
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log WHERE case_id = ${c.id}`.execute(t.store.db);
    expect(Number(rows[0]!.n)).toBe(2); // opened + one event
    // the same key with a different request is refused, not applied
    const reused = await call('monitor', 'POST', `/api/cases/${c.id}/events`, { ...body, data: { text: 'khác' } }, headers);
    expect([reused.statusCode, reused.json().error.code]).toEqual([422, 'QT_IDEMPOTENCY_KEY_REUSED']);
    expect(await eventCount(c.id)).toBe(2);
  });
});

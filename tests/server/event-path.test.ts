// The event path with two server processes on one database, each remembering the cases it wrote
// last (CaseCache): a stale memory never decides an answer — the write holds only at the version
// read, and a refusal, a 409 or a 404 judged on a remembered case is judged again on a fresh read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CompiledQuery } from 'kysely';
import type { Store } from '../../server/db/connect.ts';
import { replay } from '../../engine/index.ts';
import { chainAllAudit, verifyAudit } from '../../server/stores/audit.ts';
import { CaseCache, CaseReader, EventWriter, planEvent, rowWeight } from '../../server/events/index.ts';
import { loadCase } from '../../server/stores/cases.ts';
import { closeTestStore, dbLabel, fixture, loginAll, makeApp, openTestStore, resetStore, seedWorld, START, TestClock, type UserName, useTestApp } from './helpers.ts';

describe(`event path across two processes on ${dbLabel}`, () => {
  let store: Store;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let cookies: Record<UserName, string>;
  const clock = new TestClock(START);

  beforeAll(async () => {
    store = await openTestStore();
    a = await makeApp(store, clock);
    b = await makeApp(store, clock);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await closeTestStore(store);
  });
  beforeEach(async () => {
    await resetStore(store);
    await seedWorld(store);
    cookies = await loginAll(a);
  });

  const send = (app: FastifyInstance, who: UserName, id: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: cookies[who] }, payload });
  async function open() {
    const res = await a.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies.monitor }, payload: { procedure: 'mini', data: { title: 'Hồ sơ hai máy chủ' } } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }

  it('applies events in turn on both processes: versions consecutive, every comment kept, the snapshot equal to a replay', async () => {
    const id = await open();
    for (let i = 0; i < 6; i++) {
      const res = await send(i % 2 ? b : a, 'monitor', id, { type: 'COMMENT', data: { text: `lần ${i}` } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().version).toBe(i + 2);
    }
    // a's memory of the case is two writes old now: it must not write over b's
    const last = await send(a, 'monitor', id, { type: 'COMMENT', data: { text: 'cuối' } });
    expect(last.json()).toMatchObject({ version: 8 });
    expect((last.json().data.comments as { text: string }[]).map((c) => c.text)).toEqual(['lần 0', 'lần 1', 'lần 2', 'lần 3', 'lần 4', 'lần 5', 'cuối']);
    const events = await store.db.selectFrom('case_events').select(['case_seq', 'type', 'data', 'actor', 'at']).where('case_id', '=', id).orderBy('case_seq').execute();
    expect(events.map((e) => e.case_seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const row = await store.db.selectFrom('cases').select('snapshot').where('id', '=', id).executeTakeFirstOrThrow();
    const replayed = replay(fixture('mini'), events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, actor: e.actor as never, at: new Date(e.at).toISOString() })));
    expect(replayed).toEqual(row.snapshot);
  });

  it("answers an event with the case as reading it shows it, the data's text made once for the write and the answer — whatever the text holds", async () => {
    const id = await open();
    // text that looks like the answer's own JSON, replacement patterns, a line separator, letters of two bytes and more
    const tricky = ['x",{"data":{}},"id":"y', ',"data":{}', '$& $1 $$', '\u2028 \u2029', 'Đã kiểm tra 𝕏 "trích dẫn" \\'];
    for (const text of tricky) {
      const res = await send(a, 'monitor', id, { type: 'COMMENT', data: { text } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      const read = await a.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: cookies.monitor } });
      expect(res.json()).toEqual(read.json());
    }
    const answered = (await send(a, 'monitor', id, { type: 'COMMENT', data: { text: 'cuối' } })).json();
    expect((answered.data.comments as { text: string }[]).map((c) => c.text)).toEqual([...tricky, 'cuối']);
    // what was written is what was answered: the data column and the snapshot's copy of it
    const row = await store.db.selectFrom('cases').select(['data', 'snapshot']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.data).toEqual(answered.data);
    expect((row.snapshot as { context: { data: unknown } }).context.data).toEqual(answered.data);
  });

  it('judges an action again on the case as it is now when the remembered one would refuse it', async () => {
    const id = await open();
    expect((await send(a, 'monitor', id, { type: 'COMMENT', data: { text: 'a nhớ hồ sơ ở bước nháp' } })).statusCode).toBe(200);
    expect((await send(b, 'monitor', id, { type: 'SUBMIT' })).statusCode).toBe(200);
    // a remembers "draft", where APPROVE does not exist; the case is in review
    const approved = await send(a, 'verifier', id, { type: 'APPROVE', data: { note: 'Đồng ý.' }, expectedVersion: 3 });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'waiting', version: 4 });
    // and a stale expectedVersion is still a 409, with the current version
    const stale = await send(b, 'liaison', id, { type: 'COMMENT', data: { text: 'muộn' }, expectedVersion: 3 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toEqual([{ expectedVersion: 3, currentVersion: 4 }]);
  });

  it('accepts every one of 30 events sent at once to one case without an expectedVersion, on both processes', async () => {
    const id = await open();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(i % 2 ? b : a, 'monitor', id, { type: 'COMMENT', data: { text: `cùng lúc ${i}` } })),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    expect(answers.map((r) => r.json().version).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    const row = await store.db.selectFrom('cases').select(['version', 'data']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.version).toBe(31);
    expect((row.data as { comments: unknown[] }).comments).toHaveLength(30);
  });

  it('chains every audit row the two processes wrote', async () => {
    const id = await open();
    await Promise.all([0, 1, 2, 3].map((i) => send(i % 2 ? b : a, 'monitor', id, { type: 'COMMENT', data: { text: `song song ${i}` } })));
    await chainAllAudit(store.db);
    const result = await verifyAudit(store.db);
    expect(result).toMatchObject({ ok: true, pending: 0 });
    const rows = await store.db.selectFrom('audit_log').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(result.ok && result.checked).toBe(Number(rows.n));
  });
});

describe(`EventWriter and CaseReader on ${dbLabel}`, () => {
  const t = useTestApp();

  async function open(title: string) {
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: t.cookies.monitor }, payload: { procedure: 'mini', data: { title } } });
    return res.json().id as string;
  }
  async function plan(id: string, text: string, idempotencyKey?: string, event: { type: string; data?: Record<string, unknown> } = { type: 'COMMENT', data: { text } }) {
    const row = (await loadCase(t.store.db, id))!;
    const user = (await sessionUserOf('monitor'))!;
    const planned = await planEvent(t.app.qt.flow, t.store.db, row, { caseId: id, event, acting: { user }, idempotencyKey }, new Date(START));
    if (!planned.ok) throw planned.error;
    return planned.plan;
  }
  const sessionUserOf = async (name: UserName) => (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: t.cookies[name] } })).json().user;

  it('answers a burst of events on many cases, two per case, each as if alone', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => open(`Hồ sơ loạt ${i}`)));
    const before = { ...t.app.qt.flow.writer!.stats };
    const answers = await Promise.all(
      ids.flatMap((id) => [1, 2].map((n) => t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: t.cookies.monitor }, payload: { type: 'COMMENT', data: { text: `lần ${n}` } } }))),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(24).fill(200));
    for (const id of ids) {
      const events = await t.store.db.selectFrom('case_events').select('case_seq').where('case_id', '=', id).orderBy('case_seq').execute();
      expect(events.map((e) => e.case_seq)).toEqual([1, 2, 3]);
    }
    const stats = t.app.qt.flow.writer!.stats;
    expect(stats.events - before.events).toBe(24);
    expect(stats.statements - before.statements).toBeLessThanOrEqual(24);
    await chainAllAudit(t.store.db);
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true, pending: 0 });
  });

  it('gathers the writes of one turn of the event loop into one statement', async () => {
    const ids = await Promise.all(['E', 'F', 'G'].map((t) => open(`Hồ sơ ${t}`)));
    const plans = await Promise.all(ids.map((id) => plan(id, 'cùng lượt')));
    const now = new Date(START);
    const gathering = new EventWriter(t.store.db, { gather: true });
    expect((await Promise.all(plans.map((p) => gathering.write(p, now)))).map((r) => r.written)).toEqual([true, true, true]);
    expect(gathering.stats).toEqual({ statements: 1, events: 3 });
    // without gathering, the first of the same burst goes alone
    const again = await Promise.all(ids.map((id) => plan(id, 'lượt sau')));
    const eager = new EventWriter(t.store.db);
    await Promise.all(again.map((p) => eager.write(p, now)));
    expect(eager.stats).toEqual({ statements: 2, events: 3 });
  });

  it('writes the notifications of the steps entered in the same statement as their events', async () => {
    const ids = await Promise.all(['H', 'I', 'J'].map((t) => open(`Hồ sơ ${t}`)));
    // submitting enters the verifiers' step: each event tells them
    const plans = await Promise.all(ids.map((id) => plan(id, '', undefined, { type: 'SUBMIT', data: {} })));
    expect(plans.map((p) => p.notifications.map((n) => n.role))).toEqual([['verifier'], ['verifier'], ['verifier']]);
    const writer = new EventWriter(t.store.db, { gather: true });
    const results = await Promise.all(plans.map((p) => writer.write(p, new Date(START))));
    expect(writer.stats).toEqual({ statements: 1, events: 3 });
    expect(results.map((r) => r.notificationIds)).toEqual(plans.map((p) => p.notifications.map((n) => n.id)));
    const rows = await t.store.db.selectFrom('notifications').select(['id', 'case_id', 'role']).where('case_id', 'in', ids).where('role', '=', 'verifier').execute();
    expect(rows.map((r) => [r.case_id, r.role]).sort()).toEqual(ids.map((id) => [id, 'verifier']).sort());
    expect(rows.map((r) => r.id).sort()).toEqual(results.flatMap((r) => r.notificationIds).sort());
    // an event that was not written (the case moved on) writes no notification
    const stale = await writer.write(plans[0]!, new Date(START));
    expect(stale).toMatchObject({ written: false, notificationIds: [] });
    expect(await t.store.db.selectFrom('notifications').select('id').where('case_id', '=', ids[0]!).where('role', '=', 'verifier').execute()).toHaveLength(1);
  });

  it('writes the rest of a statement one by one when one event in it fails, so only that one fails', async () => {
    const [a, b, c, d] = await Promise.all(['A', 'B', 'C', 'D'].map((t) => open(`Hồ sơ ${t}`)));
    // the key is used once on case a; a second event with it passes the engine but not the unique index
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/${a}/events`, headers: { cookie: t.cookies.monitor, 'idempotency-key': 'khoa-1' }, payload: { type: 'COMMENT', data: { text: 'một' } } })).statusCode).toBe(200);
    const writer = new EventWriter(t.store.db, { maxInFlight: 1 });
    const plans = [await plan(d!, 'trước'), await plan(a!, 'một', 'khoa-1'), await plan(b!, 'hai'), await plan(c!, 'ba')];
    const now = new Date(START);
    // the first goes alone; the three that come while it is in flight share the next statement
    const results = await Promise.allSettled(plans.map((p) => writer.write(p, now)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    expect(writer.stats).toEqual({ statements: 1 + 1 + 3, events: 3 });
    for (const [id, version] of [[a, 2], [b, 2], [c, 2], [d, 2]] as const) {
      expect((await t.store.db.selectFrom('cases').select('version').where('id', '=', id!).executeTakeFirstOrThrow()).version).toBe(version);
    }
    // and when nothing fails, the three that waited go in one statement
    const next = [await plan(d!, 'bốn'), await plan(b!, 'năm'), await plan(c!, 'sáu'), await plan(a!, 'bảy')];
    const written = await Promise.all(next.map((p) => writer.write(p, now)));
    expect(written.map((r) => r.written)).toEqual([true, true, true, true]);
    expect(writer.stats).toEqual({ statements: 5 + 2, events: 3 + 4 });
    // two events of one case never share a statement: the second is judged at the version the first left
    const [p1, p2] = [await plan(b!, 'tám'), await plan(b!, 'chín')];
    const [r1, r2] = await Promise.all([writer.write(p1, now), writer.write(p2, now)]);
    expect([r1.written, r2.written]).toEqual([true, false]);
  });

  it('reads the cases asked for in one turn of the event loop in one statement, each as loadCase reads it', async () => {
    const [a, b, c] = await Promise.all(['H', 'I', 'K'].map((t) => open(`Hồ sơ đọc ${t}`)));
    await t.app.inject({ method: 'POST', url: `/api/cases/${b}/events`, headers: { cookie: t.cookies.monitor }, payload: { type: 'COMMENT', data: { text: 'đã có ý kiến' } } });
    const reader = new CaseReader(t.store.db, { prepared: t.store.prepared });
    const rows = await Promise.all([a!, b!, c!, 'khong-co-ho-so-nay', a!].map((id) => reader.read(id)));
    expect(reader.stats).toEqual({ statements: 1, reads: 5 });
    for (const [i, id] of [a, b, c, 'khong-co-ho-so-nay', a].entries()) expect(rows[i]).toEqual(await loadCase(t.store.db, id!));
    expect(rows[3]).toBeUndefined();
    expect((rows[1]!.data as { comments: { text: string }[] }).comments.map((x) => x.text)).toEqual(['đã có ý kiến']);
    // the data is not read twice: it is the snapshot's own
    expect(rows[1]!.data).toBe((rows[1]!.snapshot as { context: { data: unknown } }).context.data);
  });

  it('fails every read of a statement that fails, and reads again after it', async () => {
    const id = await open('Hồ sơ lỗi đọc');
    let fail = true;
    // PGlite has no prepared statements: the same text, run as it is
    const prepared = t.store.prepared ?? (async <R>(_n: string, text: string, values: readonly unknown[]) => ({ rows: (await t.store.db.executeQuery(CompiledQuery.raw(text, [...values]))).rows as R[] }));
    const reader = new CaseReader(t.store.db, {
      prepared: async (name, text, values) => {
        if (fail) throw new Error('kết nối bị ngắt');
        return prepared(name, text, values);
      },
    });
    const results = await Promise.allSettled([reader.read(id), reader.read(id)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ message: 'kết nối bị ngắt' });
    fail = false;
    expect((await reader.read(id))?.id).toBe(id);
    expect(reader.stats).toEqual({ statements: 2, reads: 3 });
  });

  it('answers events on cases this process does not remember, each read through the reader', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => open(`Hồ sơ quên ${i}`)));
    const flow = t.app.qt.flow;
    const cache = flow.cases;
    flow.cases = new CaseCache(1);
    try {
      const before = { ...flow.reader!.stats };
      const answers = await Promise.all(ids.map((id) => t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: t.cookies.monitor }, payload: { type: 'COMMENT', data: { text: 'lần đầu' } } })));
      expect(answers.map((r) => [r.statusCode, r.json().version, r.json().data.comments.length])).toEqual(Array(6).fill([200, 2, 1]));
      expect(flow.reader!.stats.reads - before.reads).toBe(6);
      for (const id of ids) expect((await loadCase(t.store.db, id))!.version).toBe(2);
    } finally {
      flow.cases = cache;
    }
  });

  it('weighs each remembered case by its data, and forgets the oldest when a thread outgrows the budget', async () => {
    const [first, second] = await Promise.all([open('Hồ sơ nặng 1'), open('Hồ sơ nặng 2')]);
    const flow = t.app.qt.flow;
    const cache = flow.cases;
    const comment = (id: string, text: string) =>
      t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: t.cookies.monitor }, payload: { type: 'COMMENT', data: { text } } });
    const weight = (data: unknown) => rowWeight(Buffer.byteLength(JSON.stringify(data)));
    try {
      const budget = 25_000;
      flow.cases = new CaseCache(100, budget);
      const a2 = (await comment(first, 'Ý kiến thứ hai — “ngoặc kép”, chữ có dấu')).json();
      expect(flow.cases.bytes).toBe(weight(a2.data));
      expect(flow.cases.get(first)?.version).toBe(a2.version);
      // the second case's thread grows past what is left: the first is forgotten
      const answer = await comment(second, 'Một ý kiến rất dài. '.repeat(240));
      expect(answer.statusCode).toBe(200);
      const long = answer.json();
      expect(weight(long.data) <= budget && weight(long.data) + weight(a2.data) > budget).toBe(true);
      expect(flow.cases.get(first)).toBeUndefined();
      expect(flow.cases.bytes).toBe(weight(long.data));
      // and its next event reads it again, answered as it is in the database
      const before = flow.reader!.stats.reads;
      const a3 = await comment(first, 'Lần ba');
      expect([a3.statusCode, a3.json().version, a3.json().data.comments.length]).toEqual([200, a2.version + 1, 2]);
      expect(flow.reader!.stats.reads - before).toBe(1);
    } finally {
      flow.cases = cache;
    }
  });
});

// Cases through HTTP: open, read with actions, list and filter, send events (409, idempotency,
// 403, 422), history; every body compared whole.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { casesChangedSince, entryListChanges, searchFieldsChanged } from '../../server/stores/cases.ts';
import { getUser } from '../../server/stores/users.ts';
import { dbLabel, START, UNIT_A, UNIT_B, type UserName, useTestApp, errorBody } from './helpers.ts';

const TITLE = { vi: 'Quy trình thử', en: 'Test procedure' };
const SUBMIT = { type: 'SUBMIT', label: { vi: 'Gửi', en: 'Submit' }, roles: ['monitor'], form: null };
const COMMENT = {
  type: 'COMMENT',
  label: { vi: 'Ghi ý kiến', en: 'Comment' },
  roles: ['monitor', 'verifier', 'liaison'],
  form: { schema: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } }, additionalProperties: false } },
  stays: true,
};
const CANCEL = { type: 'CANCEL', label: { vi: 'Hủy', en: 'Cancel' }, roles: ['admin'], form: null };
const APPROVE = {
  type: 'APPROVE',
  label: { vi: 'Duyệt', en: 'Approve' },
  roles: ['verifier'],
  form: { schema: { type: 'object', required: ['note'], properties: { note: { type: 'string', minLength: 3 } }, additionalProperties: false } },
};

describe(`cases on ${dbLabel}`, () => {
  const t = useTestApp();

  const call = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who], ...headers } });
  const open = async (who: UserName = 'monitor', data: Record<string, unknown> = { title: 'Trang giả mạo' }) => {
    const res = await call(who, 'POST', '/api/cases', { procedure: 'mini', data });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const send = (who: UserName, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call(who, 'POST', `/api/cases/${id}/events`, body, headers);

  function caseBody(c: { id: string; number: string }, over: Record<string, unknown> = {}) {
    return {
      id: c.id,
      number: c.number,
      procedure: { key: 'mini', version: 1, title: TITLE },
      state: 'draft',
      stateTitle: { vi: 'Nháp', en: 'Draft' },
      status: 'active',
      summary: 'Trang giả mạo',
      data: { title: 'Trang giả mạo' },
      waitingOn: ['monitor'],
      unitId: UNIT_A,
      unitName: 'Đơn vị A',
      assignee: null,
      openedBy: { id: t.world.ids.monitor, displayName: 'Người monitor' },
      openedAt: START,
      updatedAt: START,
      dueAt: null,
      overdue: false,
      version: 1,
      ...over,
    };
  }

  it('opens a case: 201 with the actions of its opener', async () => {
    const c = await open();
    expect(c.number).toBe('MINI-2026-000001');
    expect(c).toEqual(caseBody(c, { actions: [SUBMIT, COMMENT] }));
  });

  it('refuses to open a case for a role the procedure does not allow (403) or with a bad form (422)', async () => {
    const denied = await call('observer', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'xyz' } }, { 'accept-language': 'en' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toEqual(errorBody('QT_ROLE_NOT_ALLOWED', { vi: 'Chỉ monitor được mở hồ sơ theo quy trình này.', en: 'Only monitor may open a case of this procedure.' }, [], 'en'));
    const bad = await call('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'x' } }, { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual(errorBody('QT_FORM_INVALID', { vi: 'Biểu mẫu chưa hợp lệ: title. Hãy sửa các trường được đánh dấu rồi gửi lại.', en: 'The form is not valid: title. Correct the marked fields and send it again.' }, [{ field: 'title', message: 'must NOT have fewer than 3 characters' }], 'en'));
    const unknown = await call('monitor', 'POST', '/api/cases', { procedure: 'nope', data: {} });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('QT_NOT_FOUND');
  });

  it('shows each user exactly the actions they may take now', async () => {
    const c = await open();
    const get = async (who: UserName) => (await call(who, 'GET', `/api/cases/${c.id}`)).json();
    expect(await get('monitor')).toEqual(caseBody(c, { actions: [SUBMIT, COMMENT] }));
    expect((await get('verifier')).actions).toEqual([COMMENT]);
    expect((await get('admin')).actions).toEqual([CANCEL]);
    expect((await get('observer')).actions).toEqual([]);
  });

  it('hides a case from another unit (404) but not from province-level roles', async () => {
    const c = await open();
    const res = await call('monitor2', 'GET', `/api/cases/${c.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('QT_NOT_FOUND');
    expect((await send('monitor2', c.id, { type: 'COMMENT', data: { text: 'hi' } })).statusCode).toBe(404);
    expect((await call('monitor2', 'GET', `/api/cases/${c.id}/history`)).statusCode).toBe(404);
    expect((await call('observer', 'GET', `/api/cases/${c.id}`)).statusCode).toBe(200);
    expect((await call('monitor2', 'GET', '/api/cases')).json()).toEqual({ cases: [], nextCursor: null, counts: {} });
  });

  it('applies an event: 200, the updated case with the sender’s next actions', async () => {
    const c = await open();
    t.clock.advance('PT1H');
    const res = await send('monitor', c.id, { type: 'SUBMIT', data: {}, expectedVersion: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(
      caseBody(c, {
        state: 'review',
        stateTitle: { vi: 'Xem xét', en: 'Review' },
        waitingOn: ['verifier'],
        updatedAt: '2026-01-05T03:00:00.000Z',
        dueAt: '2026-01-06T03:00:00.000Z',
        version: 2,
        actions: [COMMENT],
      }),
    );
    const v = await call('verifier', 'GET', `/api/cases/${c.id}`);
    expect(v.json().actions).toEqual([APPROVE, COMMENT]);
  });

  it('answers 409 to a stale expectedVersion and changes nothing', async () => {
    const c = await open();
    await send('monitor', c.id, { type: 'COMMENT', data: { text: 'một' }, expectedVersion: 1 });
    const stale = await send('monitor', c.id, { type: 'SUBMIT', expectedVersion: 1 }, { 'accept-language': 'en' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual(errorBody('QT_CASE_VERSION_CONFLICT', { vi: 'Hồ sơ vừa được người khác cập nhật. Hãy tải lại hồ sơ rồi thực hiện lại.', en: 'Someone else has just updated the case. Reload it and try again.' }, [{ expectedVersion: 1, currentVersion: 2 }], 'en'));
    const now = (await call('monitor', 'GET', `/api/cases/${c.id}`)).json();
    expect(now.state).toBe('draft');
    expect(now.version).toBe(2);
    const history = (await call('monitor', 'GET', `/api/cases/${c.id}/history`)).json();
    expect(history.events.map((e: { type: string }) => e.type)).toEqual(['OPEN', 'COMMENT']);
  });

  it('records one event for one Idempotency-Key and gives the same answer twice', async () => {
    const c = await open();
    const headers = { 'idempotency-key': 'k-123' };
    const first = await send('monitor', c.id, { type: 'SUBMIT', expectedVersion: 1 }, headers);
    t.clock.advance('PT5M');
    const again = await send('monitor', c.id, { type: 'SUBMIT', expectedVersion: 1 }, headers);
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const history = (await call('monitor', 'GET', `/api/cases/${c.id}/history`)).json();
    expect(history.events.map((e: { type: string }) => e.type)).toEqual(['OPEN', 'SUBMIT']);
    // the same key for a different request is refused
    const other = await send('monitor', c.id, { type: 'COMMENT', data: { text: 'x' } }, headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('QT_IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses an action of another role (403), an action not available (422) and bad form data (422 naming fields)', async () => {
    const c = await open();
    const role = await send('verifier', c.id, { type: 'SUBMIT' });
    expect(role.statusCode).toBe(403);
    expect(role.json()).toEqual(errorBody('QT_ROLE_NOT_ALLOWED', { vi: 'Vai trò của bạn không được thực hiện thao tác này. Vai trò được phép: monitor.', en: 'Your role may not take this action. Roles allowed: monitor.' }));
    const na = await send('verifier', c.id, { type: 'APPROVE', data: { note: 'ok ok' } });
    expect(na.statusCode).toBe(422);
    expect(na.json().error.code).toBe('QT_EVENT_NOT_AVAILABLE');
    await send('monitor', c.id, { type: 'SUBMIT' });
    const form = await send('verifier', c.id, { type: 'APPROVE', data: { note: 'x' } });
    expect(form.statusCode).toBe(422);
    expect(form.json().error.code).toBe('QT_FORM_INVALID');
    expect(form.json().error.details).toEqual([{ field: 'note', message: expect.any(String) }]);
    const malformed = await send('verifier', c.id, { data: {} });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details).toEqual([{ field: 'body/type', message: "must have required property 'type'" }]);
    const closed = await send('admin', c.id, { type: 'CANCEL' });
    expect(closed.json().status).toBe('done');
    const after = await send('monitor', c.id, { type: 'COMMENT', data: { text: 'x' } });
    expect(after.statusCode).toBe(422);
    expect(after.json().error.code).toBe('QT_CASE_CLOSED');
  });

  it('gives the history: events with their actors and states, and the audit rows', async () => {
    const c = await open();
    t.clock.advance('PT1H');
    await send('monitor', c.id, { type: 'SUBMIT' });
    const res = await call('observer', 'GET', `/api/cases/${c.id}/history`);
    const monitor = { id: t.world.ids.monitor, displayName: 'Người monitor', roles: ['monitor'] };
    expect(res.json()).toEqual({
      events: [
        { seq: 1, type: 'OPEN', data: { title: 'Trang giả mạo' }, actor: monitor, at: START, fromState: '', toState: 'draft' },
        { seq: 2, type: 'SUBMIT', data: {}, actor: monitor, at: '2026-01-05T03:00:00.000Z', fromState: 'draft', toState: 'review' },
      ],
      audit: [
        { seq: expect.any(Number), at: START, actor: monitor, action: 'case.opened', detail: { number: c.number, procedure: 'mini', version: 1, state: 'draft' } },
        { seq: expect.any(Number), at: '2026-01-05T03:00:00.000Z', actor: monitor, action: 'case.event', detail: { type: 'SUBMIT', from: 'draft', to: 'review', version: 2 } },
      ],
    });
  });

  it('lists cases due first, filters them, counts by state and pages with a cursor', async () => {
    const a = await open('monitor', { title: 'Một một', category: 'fraud' });
    t.clock.advance('PT1M');
    const b = await open('monitor', { title: 'Hai hai', category: 'defamation' });
    t.clock.advance('PT1M');
    const d = await open('monitor2', { title: 'Ba ba', category: 'fraud' });
    t.clock.advance('PT1M');
    await send('monitor', b.id, { type: 'SUBMIT' }); // b now has a deadline: first
    t.clock.advance('PT1M');
    // the latest change does not move a case: without deadlines, the newest opened come first
    expect((await send('monitor', a.id, { type: 'COMMENT', data: { text: 'Đã xem' } })).statusCode).toBe(200);

    const list = (who: UserName, q = '') => call(who, 'GET', `/api/cases${q}`).then((r) => r.json());
    const all = await list('lead');
    expect(all.cases.map((c: { id: string }) => c.id)).toEqual([b.id, d.id, a.id]);
    expect(all.counts).toEqual({ draft: 2, review: 1 });
    expect(all.nextCursor).toBeNull();
    expect(all.cases[1]).toEqual(
      caseBody(d, {
        summary: 'Ba ba',
        data: { title: 'Ba ba', category: 'fraud' },
        unitId: UNIT_B,
        unitName: 'Đơn vị B',
        openedBy: { id: t.world.ids.monitor2, displayName: 'Người monitor2' },
        openedAt: '2026-01-05T02:02:00.000Z',
        updatedAt: '2026-01-05T02:02:00.000Z',
      }),
    );

    expect((await list('lead', '?state=draft')).cases.map((c: { id: string }) => c.id)).toEqual([d.id, a.id]);
    expect((await list('lead', '?state=draft')).counts).toEqual({ draft: 2, review: 1 });
    expect((await list('lead', '?category=fraud')).cases.map((c: { id: string }) => c.id)).toEqual([d.id, a.id]);
    expect((await list('lead', `?unit=${UNIT_B}`)).cases.map((c: { id: string }) => c.id)).toEqual([d.id]);
    expect((await list('lead', '?q=hai')).cases.map((c: { id: string }) => c.id)).toEqual([b.id]);
    expect((await list('lead', `?q=${encodeURIComponent(a.number)}`)).cases.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect((await list('lead', '?overdue=1')).cases).toEqual([]);
    expect((await list('lead', '?procedure=other')).cases).toEqual([]);
    expect((await list('verifier', '?mine=1')).cases.map((c: { id: string }) => c.id)).toEqual([b.id]);
    expect((await list('monitor', '?mine=1')).cases.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect((await list('monitor', '')).cases.map((c: { id: string }) => c.id)).toEqual([b.id, a.id]);

    const p1 = await list('lead', '?limit=2');
    expect(p1.cases.map((c: { id: string }) => c.id)).toEqual([b.id, d.id]);
    expect(typeof p1.nextCursor).toBe('string');
    const p2 = await list('lead', `?limit=2&cursor=${p1.nextCursor}`);
    expect(p2.cases.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect(p2.nextCursor).toBeNull();

    const bad = await call('lead', 'GET', '/api/cases?cursor=zzz');
    expect(bad.statusCode).toBe(400);
    const badLimit = await call('lead', 'GET', '/api/cases?limit=0');
    expect(badLimit.json().error.details).toEqual([{ field: 'querystring/limit', message: 'must be >= 1' }]);
  });

  it('changes no indexed column of a case for an event without a transition (a HOT update)', async () => {
    const c = await open();
    const row = async () => (await sql<Record<string, unknown>>`SELECT * FROM cases WHERE id = ${c.id}`.execute(t.store.db)).rows[0]!;
    const before = await row();
    t.clock.advance('PT1M');
    expect((await send('monitor', c.id, { type: 'COMMENT', data: { text: 'Đã xem' } })).statusCode).toBe(200);
    const after = await row();
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    expect(changed.sort()).toEqual(['data', 'last_seq', 'snapshot', 'updated_at', 'version']);
    // PostgreSQL's rule for a HOT update: no column named by an index (key, INCLUDE, expression
    // or predicate) changed
    const { rows: indexes } = await sql<{ def: string }>`
      SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i WHERE i.indrelid = 'cases'::regclass`.execute(t.store.db);
    expect(indexes.length).toBeGreaterThan(5);
    const naming = indexes.filter(({ def }) => changed.some((col) => new RegExp(`\\b${col}\\b`).test(def.replace(/^.*? USING /, ''))));
    expect(naming).toEqual([]);
  });

  it('leaves room on the pages of cases for a row to grow in place (fillfactor 70)', async () => {
    const { rows } = await sql<{ opts: string[] | null }>`SELECT reloptions AS opts FROM pg_class WHERE oid = 'cases'::regclass`.execute(t.store.db);
    expect(rows[0]!.opts).toEqual(['fillfactor=70']);
  });

  it('catches a client up with every readable case changed after a seq, in last-change order, however the events are walked', async () => {
    const cases = [await open('monitor'), await open('monitor2'), await open('monitor'), await open('monitor2')];
    // events spread over the cases, some cases changed again later
    for (const i of [0, 1, 0, 2, 3, 1, 0, 3, 2, 0]) {
      t.clock.advance('PT1M');
      const who = i % 2 === 0 ? 'monitor' : 'monitor2';
      expect((await send(who, cases[i]!.id, { type: 'COMMENT', data: { text: `ý kiến ${i}` } })).statusCode).toBe(200);
    }
    const db = t.store.db;
    const { max } = await db.selectFrom('case_events').select((e) => e.fn.max('seq').as('max')).executeTakeFirstOrThrow();
    for (const name of ['lead', 'monitor', 'monitor2'] as const) {
      const user = (await getUser(db, t.world.ids[name]))!;
      for (let since = 0; since <= Number(max); since++) {
        for (const limit of [1, 3, 500]) {
          // what an index on last_seq would answer
          const changed = await db
            .selectFrom('cases')
            .select(['id', 'last_seq'])
            .where('last_seq', '>', since)
            .where(sql<boolean>`(${name === 'lead'} OR unit_id = ${user.unitId})`)
            .orderBy('last_seq')
            .execute();
          const expected = changed.slice(0, limit);
          const seen = (rows: { id: string; last_seq: unknown }[]) => rows.map((r) => `${r.id}@${r.last_seq}`);
          for (const walk of [undefined, { events: 2, steps: 2 }, { events: 1, steps: 100 }, { events: 3, steps: 1 }]) {
            const got = await casesChangedSince(db, user, since, 'all', limit, walk);
            expect(seen(got), `${name} since ${since} limit ${limit} walk ${JSON.stringify(walk)}`).toEqual(seen(expected));
          }
          const two = [cases[0]!.id, cases[1]!.id];
          const some = await casesChangedSince(db, user, since, two, limit);
          expect(seen(some)).toEqual(seen(changed.filter((r) => two.includes(r.id))).slice(0, limit));
        }
      }
    }
  });

  it('searches the number, recorded fields and comment threads as they change, ignoring diacritics and case', async () => {
    const ids = (q: string) => call('lead', 'GET', `/api/cases?q=${encodeURIComponent(q)}`).then((r) => r.json().cases.map((c: { id: string }) => c.id));
    const a = await open('monitor', { title: 'Trang bán thuốc giả' });
    const b = await open('monitor', { title: 'Kênh video bịa đặt' });
    expect(await ids('thuốc giả')).toEqual([a.id]);
    expect(await ids(b.number)).toEqual([b.id]);
    expect(await ids('TRANG BÁN')).toEqual([a.id]); // case-insensitive
    // the index is asked for some of the words, the text is then matched whole: a case holding
    // the same words in another order is not found
    const c = await open('monitor', { title: 'Giả thuốc, bán trang' });
    expect(await ids('bán thuốc giả')).toEqual([a.id]);
    expect(await ids('thuốc, bán')).toEqual([c.id]);
    expect(await ids(c.number)).toEqual([c.id]);
    expect((await send('monitor', b.id, { type: 'SUBMIT' })).statusCode).toBe(200);
    expect((await send('verifier', b.id, { type: 'APPROVE', data: { note: 'Công văn XK-77' } })).statusCode).toBe(200);
    expect(await ids('XK-77')).toEqual([b.id]);
    expect((await send('monitor', a.id, { type: 'COMMENT', data: { text: 'ý kiến riêng QQ-12' } })).statusCode).toBe(200);
    expect(await ids('QQ-12')).toEqual([a.id]);
    expect(await ids('y kien rieng')).toEqual([a.id]); // the thread, folded
    expect(await ids('thuoc gia')).toEqual([a.id]);
    expect(await ids('TRANG BAN THUOC')).toEqual([a.id]);
    expect(await ids('xk-77')).toEqual([b.id]);
    // one row per entry: a comment does not rewrite the case's document
    const entries = await sql<{ field: string; n: number; doc: string }>`SELECT field, n, doc FROM case_search_entries WHERE case_id = ${a.id}`.execute(t.store.db);
    expect(entries.rows.map((r) => [r.field, r.n, r.doc.includes('y kien rieng qq-12')])).toEqual([[expect.any(String), 0, true]]);
    // a second comment: its own row, the first left as it is
    expect((await send('verifier', a.id, { type: 'COMMENT', data: { text: 'Thứ hai RR-34' } })).statusCode).toBe(200);
    expect(await ids('thu hai rr-34')).toEqual([a.id]);
    expect(await ids('QQ-12')).toEqual([a.id]);
    expect(await ids('100%')).toEqual([]); // LIKE's wildcards are text
    // the events above kept every document as it should be: the same as rebuilding it from the case
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases c JOIN case_search s ON s.case_id = c.id
      WHERE s.doc IS DISTINCT FROM quytrinh_search_doc(c.number, c.data)`.execute(t.store.db);
    expect(rows[0]!.n).toBe(0);
    const before = await sql<{ doc: string }>`SELECT doc FROM case_search_entries ORDER BY case_id, field, n`.execute(t.store.db);
    await sql`DELETE FROM case_search_entries`.execute(t.store.db);
    await sql`SELECT quytrinh_sync_entries(id, data) FROM cases`.execute(t.store.db);
    expect((await sql<{ doc: string }>`SELECT doc FROM case_search_entries ORDER BY case_id, field, n`.execute(t.store.db)).rows).toEqual(before.rows);
    // a writer other than the event path (here plain SQL) still gets the document rebuilt
    await sql`UPDATE cases SET data = data || '{"title": "Trang đổi tên ZZ-9"}', version = version + 1 WHERE id = ${a.id}`.execute(t.store.db);
    expect(await ids('ZZ-9')).toEqual([a.id]);
    expect(await ids('thuốc giả')).toEqual([]);
  });

  it('finds "Công an tỉnh" by "cong an tinh", decomposed letters and Đ alike', async () => {
    const ids = (q: string) => call('lead', 'GET', `/api/cases?q=${encodeURIComponent(q)}`).then((r) => r.json().cases.map((c: { id: string }) => c.id));
    const a = await open('monitor', { title: 'Trang giả danh Công an tỉnh' });
    const b = await open('monitor', { title: 'Đường dây lừa đảo'.normalize('NFD') });
    expect(await ids('cong an tinh')).toEqual([a.id]);
    expect(await ids('CÔNG AN TỈNH')).toEqual([a.id]);
    expect(await ids('duong day lua dao')).toEqual([b.id]);
    expect(await ids('Đường dây')).toEqual([b.id]);
  });

  it('tells which data changes can change the search document', () => {
    const comments = [{ at: 'x', by: 'u', text: 'một' }];
    const data = { title: 'Trang giả', evidence: ['f1'], comments };
    expect(searchFieldsChanged(data, { ...data, comments: [...comments, { at: 'y', by: 'u', text: 'hai' }] })).toBe(false);
    expect(searchFieldsChanged(data, JSON.parse(JSON.stringify(data)))).toBe(false);
    expect(searchFieldsChanged(data, { ...data, title: 'Trang khác' })).toBe(true);
    expect(searchFieldsChanged(data, { ...data, evidence: ['f1', 'f2'] })).toBe(true);
    expect(searchFieldsChanged(data, { ...data, note: 'mới' })).toBe(true);
    expect(searchFieldsChanged(data, { ...data, comments: [] })).toBe(true); // an empty list is in the document
    // a comment added: that entry only, and the thread's new length
    const two = { at: 'y', by: 'u', text: 'hai' };
    expect(entryListChanges(data, { ...data, comments: [...comments, two] })).toEqual({ entries: [{ f: 'comments', n: 1, e: two }], lens: { comments: 2 } });
    expect(entryListChanges(data, { ...data, title: 'Trang khác' })).toBeNull();
    expect(entryListChanges(data, JSON.parse(JSON.stringify(data)))).toBeNull();
    expect(entryListChanges({ title: 'x' }, data)).toEqual({ entries: [{ f: 'comments', n: 0, e: comments[0] }], lens: { comments: 1 } });
    // an entry edited, one removed, a list replaced by a value: what changed and the lengths
    const edited = { at: 'x', by: 'u', text: 'một (sửa)' };
    expect(entryListChanges({ ...data, comments: [...comments, two] }, { ...data, comments: [edited] })).toEqual({ entries: [{ f: 'comments', n: 0, e: edited }], lens: { comments: 1 } });
    expect(entryListChanges(data, { ...data, comments: 'không còn' })).toEqual({ entries: [], lens: { comments: 0 } });
    expect(searchFieldsChanged(data, { title: 'Trang giả', evidence: ['f1'] })).toBe(true);
  });

  it('keeps running cases on the version they started on', async () => {
    const c = await open();
    const admin = t.cookies.admin;
    const v2 = { ...(await import('./helpers.ts')).fixture('mini'), title: { vi: 'Quy trình thử 2', en: 'Test procedure 2' } };
    expect((await t.app.inject({ method: 'PUT', url: '/api/procedures/mini/draft', headers: { cookie: admin }, payload: { procedure: v2 } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/procedures/mini/publish', headers: { cookie: admin }, payload: { note: 'v2' } })).statusCode).toBe(201);
    const old = (await call('monitor', 'GET', `/api/cases/${c.id}`)).json();
    expect(old.procedure).toEqual({ key: 'mini', version: 1, title: TITLE });
    const fresh = await open();
    expect(fresh.procedure).toEqual({ key: 'mini', version: 2, title: { vi: 'Quy trình thử 2', en: 'Test procedure 2' } });
  });
});

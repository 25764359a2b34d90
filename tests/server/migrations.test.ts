// Migrating running cases between procedure versions: dry run, 422 when a state does not map,
// a real migration (history, audit, the new version's actions and timers), admins only.
import { describe, expect, it } from 'vitest';
import { publishVersion } from '../../server/stores/procedures.ts';
import type { Procedure, StateConfig } from '../../engine/index.ts';
import { dbLabel, fixture, START, type UserName, useTestApp } from './helpers.ts';

/** Version 2 of `mini`: review renamed to checking, waiting's timer 48h → 24h and a new ESCALATE action. */
function miniV2(): Procedure {
  const p = fixture('mini');
  const s = p.machine.states!;
  const states: Record<string, StateConfig> = {};
  for (const [k, v] of Object.entries(s)) states[k === 'review' ? 'checking' : k] = v;
  (states.draft!.on!.SUBMIT as { target: string }).target = 'checking';
  states.waiting!.after = { PT24H: { target: 'late' } };
  states.waiting!.on!.ESCALATE = { target: 'late', meta: { label: { vi: 'Báo quá hạn', en: 'Escalate' }, roles: ['liaison'] } };
  p.machine.states = states;
  return p;
}

describe(`case migrations on ${dbLabel}`, () => {
  const t = useTestApp();
  const url = '/api/procedures/mini/migrations';
  const mapping = { draft: 'draft', review: 'checking', waiting: 'waiting', late: 'late', done: 'done', cancelled: 'cancelled' };

  const call = (who: UserName, method: 'GET' | 'POST', path: string, payload?: unknown) =>
    t.app.inject({ method, url: path, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const get = (id: string, who: UserName = 'liaison') => call(who, 'GET', `/api/cases/${id}`).then((r) => r.json());

  /** Case a in draft, b in review, c waiting (its 48h timer set), d done; then version 2 is published. */
  async function world() {
    const open = async () => (await call('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Trang giả mạo' } })).json().id as string;
    const send = async (id: string, who: UserName, type: string, data?: unknown) => {
      const r = await call(who, 'POST', `/api/cases/${id}/events`, { type, data });
      expect(r.statusCode, r.body).toBe(200);
    };
    const [a, b, c, d] = [await open(), await open(), await open(), await open()];
    for (const id of [b, c, d]) await send(id, 'monitor', 'SUBMIT');
    for (const id of [c, d]) await send(id, 'verifier', 'APPROVE', { note: 'Đã xác minh' });
    await send(d, 'liaison', 'FINISH');
    await publishVersion(t.store.db, miniV2(), 'system', 'v2', new Date(START));
    t.clock.advance('PT1H');
    return { a, b, c, d };
  }

  it('answers the plan on a dry run and changes nothing', async () => {
    const { a, b, c } = await world();
    const before = await Promise.all([a, b, c].map((id) => get(id)));
    const res = await call('admin', 'POST', url, { fromVersion: 1, toVersion: 2, mapping, dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      dryRun: true,
      migrated: 0,
      cases: [
        { id: a, number: before[0].number, from: 'draft', to: 'draft', toTitle: { vi: 'Nháp', en: 'Draft' } },
        { id: b, number: before[1].number, from: 'review', to: 'checking', toTitle: { vi: 'Xem xét', en: 'Review' } },
        { id: c, number: before[2].number, from: 'waiting', to: 'waiting', toTitle: { vi: 'Chờ kết quả', en: 'Waiting' } },
      ],
    });
    expect(await Promise.all([a, b, c].map((id) => get(id)))).toEqual(before);
  });

  it('refuses with 422 and the cases whose states do not map; nothing changes', async () => {
    const { b } = await world();
    const before = await get(b);
    for (const dryRun of [true, false]) {
      const res = await call('admin', 'POST', url, { fromVersion: 1, toVersion: 2, mapping: { ...mapping, review: null }, dryRun });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'QT_MIGRATION_UNMAPPED',
        details: [{ caseId: b, number: before.number, state: 'review', message: { en: 'No new state is chosen for "review".' } }],
      });
    }
    const wrong = await call('admin', 'POST', url, { fromVersion: 1, toVersion: 2, mapping: { ...mapping, review: 'nowhere' } });
    expect([wrong.statusCode, wrong.json().error.details[0].state]).toEqual([422, 'review']);
    expect(await get(b)).toEqual(before);
    expect((await call('admin', 'POST', url, { fromVersion: 1, toVersion: 9, mapping })).statusCode).toBe(404);
    expect((await call('admin', 'POST', url, { fromVersion: 1, toVersion: 1, mapping })).statusCode).toBe(400);
    expect((await call('admin', 'POST', url, { fromVersion: 1, mapping })).statusCode).toBe(400);
  });

  it('migrates every running case: history, audit, the new actions, the new timers', async () => {
    const { a, b, c, d } = await world();
    const before = await get(c);
    const res = await call('admin', 'POST', url, { fromVersion: 1, toVersion: 2, mapping });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, migrated: 3, cases: [{ id: a }, { id: b, from: 'review', to: 'checking' }, { id: c }] });

    const after = await get(c);
    expect(after).toMatchObject({ procedure: { key: 'mini', version: 2 }, state: 'waiting', version: before.version + 1, updatedAt: '2026-01-05T03:00:00.000Z' });
    expect(after.actions.map((x: { type: string }) => x.type).sort()).toEqual(['COMMENT', 'ESCALATE', 'FINISH']);
    expect(await get(b, 'verifier')).toMatchObject({ procedure: { version: 2 }, state: 'checking', dueAt: '2026-01-06T03:00:00.000Z' });
    expect((await get(d)).procedure.version).toBe(1);

    const history = (await call('admin', 'GET', `/api/cases/${c}/history`)).json();
    expect(history.events.at(-1)).toMatchObject({
      type: 'quytrinh.migrated',
      data: { fromVersion: 1, toVersion: 2, mapping },
      actor: { id: expect.any(String), roles: ['admin'] },
      fromState: 'waiting',
      toState: 'waiting',
      at: '2026-01-05T03:00:00.000Z',
    });
    expect(history.audit.at(-1)).toMatchObject({ action: 'case.migrated', detail: { fromVersion: 1, toVersion: 2, from: 'waiting', to: 'waiting' } });

    // Version 2's 24h timer fires (from the migration), version 1's 48h timer does not.
    t.clock.set('2026-01-06T02:59:59.000Z');
    expect(await t.app.qt.scheduler.runDue()).toEqual({ fired: 0, refused: 0 });
    t.clock.set('2026-01-06T03:00:00.000Z');
    expect(await t.app.qt.scheduler.runDue()).toEqual({ fired: 2, refused: 0 }); // c's timer and b's new SLA
    expect(await get(c)).toMatchObject({ state: 'late', overdue: true });
    expect(await get(b, 'verifier')).toMatchObject({ state: 'checking', overdue: true });
    t.clock.advance('P3D');
    expect(await t.app.qt.scheduler.runDue()).toEqual({ fired: 0, refused: 0 });
    const types = (await call('admin', 'GET', `/api/cases/${c}/history`)).json().events.map((e: { type: string }) => e.type);
    expect(types).toEqual(['OPEN', 'SUBMIT', 'APPROVE', 'quytrinh.migrated', 'xstate.after.PT24H.mini.waiting']);

    // The migrated case goes on with version 2's actions.
    const old = await t.store.db.selectFrom('timers').select(['outcome']).where('case_id', '=', c).where('timer_id', '=', 'xstate.after.PT48H.mini.waiting').execute();
    expect(old).toEqual([{ outcome: 'cancelled' }]);
    expect((await call('monitor', 'POST', `/api/cases/${a}/events`, { type: 'SUBMIT' })).json()).toMatchObject({ state: 'checking', procedure: { version: 2 } });
  });

  it('answers a repeated request with its first answer, on the version it was sent on, across a migration', async () => {
    const { b } = await world();
    const keyed = (key: string, who: UserName, body: unknown) =>
      t.app.inject({ method: 'POST', url: `/api/cases/${b}/events`, payload: body as never, headers: { cookie: t.cookies[who], 'idempotency-key': key } });
    const before = await keyed('truoc', 'verifier', { type: 'COMMENT', data: { text: 'trước khi chuyển phiên bản' } });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ procedure: { version: 1 }, state: 'review' });
    expect((await call('admin', 'POST', url, { fromVersion: 1, toVersion: 2, mapping })).statusCode).toBe(200);
    t.clock.advance('PT1H');
    const after = await keyed('sau', 'verifier', { type: 'COMMENT', data: { text: 'sau khi chuyển' } });
    expect(after.json()).toMatchObject({ procedure: { version: 2 }, state: 'checking' });
    await keyed('tiep', 'verifier', { type: 'COMMENT', data: { text: 'tiếp' } });

    const again = await keyed('truoc', 'verifier', { type: 'COMMENT', data: { text: 'trước khi chuyển phiên bản' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(before.json());
    expect((await keyed('sau', 'verifier', { type: 'COMMENT', data: { text: 'sau khi chuyển' } })).json()).toEqual(after.json());
    const types = (await call('admin', 'GET', `/api/cases/${b}/history`)).json().events.map((e: { type: string }) => e.type);
    expect(types).toEqual(['OPEN', 'SUBMIT', 'COMMENT', 'quytrinh.migrated', 'COMMENT', 'COMMENT']);
  });

  it('is for administrators only', async () => {
    await world();
    for (const who of ['monitor', 'lead', 'observer'] as const) {
      const res = await call(who, 'POST', url, { fromVersion: 1, toVersion: 2, mapping, dryRun: true });
      expect([who, res.statusCode, res.json().error.code]).toEqual([who, 403, 'QT_FORBIDDEN']);
    }
    expect((await t.app.inject({ method: 'POST', url, payload: { fromVersion: 1, toVersion: 2, mapping } })).statusCode).toBe(401);
  });
});

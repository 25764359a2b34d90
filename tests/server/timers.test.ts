// Timers: deadlines and `after` fire through the same event path, by the test clock, once —
// across two schedulers and across a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { closeTestStore, dbLabel, login, makeApp, onPostgres, openTestStore, seedWorld, START, TestClock, type UserName, useTestApp } from './helpers.ts';

describe(`timers on ${dbLabel}`, () => {
  const t = useTestApp();

  const call = (a: FastifyInstance, who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    a.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });
  async function openSubmitted(a = t.app) {
    const c = (await call(a, 'monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Trang giả mạo' } })).json();
    const res = await call(a, 'monitor', 'POST', `/api/cases/${c.id}/events`, { type: 'SUBMIT' });
    expect(res.json().dueAt).toBe('2026-01-06T02:00:00.000Z');
    return c.id as string;
  }
  const get = (id: string, a = t.app) => call(a, 'lead', 'GET', `/api/cases/${id}`).then((r) => r.json());
  const types = (id: string, a = t.app) => call(a, 'lead', 'GET', `/api/cases/${id}/history`).then((r) => r.json().events.map((e: { type: string }) => e.type));

  it('marks a case overdue when its deadline passes, not before', async () => {
    const id = await openSubmitted();
    t.clock.advance('PT23H59M');
    expect(await t.app.qt.scheduler.runDue()).toEqual({ fired: 0, refused: 0 });
    expect((await get(id)).overdue).toBe(false);
    t.clock.advance('PT1M');
    expect(await t.app.qt.scheduler.runDue()).toEqual({ fired: 1, refused: 0 });
    const c = await get(id);
    expect(c).toMatchObject({ state: 'review', overdue: true, version: 3, updatedAt: '2026-01-06T02:00:00.000Z' });
    const history = (await call(t.app, 'lead', 'GET', `/api/cases/${id}/history`)).json();
    expect(history.events[2]).toEqual({
      seq: 3,
      type: 'quytrinh.sla',
      data: { state: 'review', dueAt: '2026-01-06T02:00:00.000Z' },
      actor: { id: 'system', displayName: 'Hệ thống', roles: ['system'] },
      at: '2026-01-06T02:00:00.000Z',
      fromState: 'review',
      toState: 'review',
    });
    t.clock.advance('P10D');
    expect(await t.app.qt.scheduler.runDue()).toEqual({ fired: 0, refused: 0 });
    expect((await call(t.app, 'lead', 'GET', '/api/cases?overdue=1')).json().cases.map((x: { id: string }) => x.id)).toEqual([id]);
  });

  it('cancels a deadline when its state is left, and fires `after` timers into the next state', async () => {
    const id = await openSubmitted();
    t.clock.advance('PT1H');
    await call(t.app, 'verifier', 'POST', `/api/cases/${id}/events`, { type: 'APPROVE', data: { note: 'đã xem' } });
    t.clock.advance('PT30H'); // the review deadline would have passed: it was cancelled
    expect(await t.app.qt.scheduler.runDue()).toEqual({ fired: 0, refused: 0 });
    t.clock.advance('PT18H'); // 48 h after approval
    expect(await t.app.qt.scheduler.runDue()).toEqual({ fired: 1, refused: 0 });
    expect(await get(id)).toMatchObject({ state: 'late', overdue: true, version: 4 });
    expect(await types(id)).toEqual(['OPEN', 'SUBMIT', 'APPROVE', 'xstate.after.PT48H.mini.waiting']);
    const timers = await t.store.db.selectFrom('timers').select(['timer_id', 'outcome']).orderBy('id').execute();
    expect(timers).toEqual([
      { timer_id: 'sla:review', outcome: 'cancelled' },
      { timer_id: 'xstate.after.PT48H.mini.waiting', outcome: 'fired' },
    ]);
  });

  it('fires each timer once when two schedulers race', async () => {
    const other = await makeApp(t.store, t.clock);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await openSubmitted());
    t.clock.advance('P1D');
    const [a, b] = await Promise.all([t.app.qt.scheduler.runDue(), other.qt.scheduler.runDue()]);
    expect(a.fired + b.fired).toBe(4);
    for (const id of ids) expect(await types(id)).toEqual(['OPEN', 'SUBMIT', 'quytrinh.sla']);
    await other.close();
  });
});

describe(`restart on ${dbLabel}`, () => {
  it('keeps every acknowledged event and fires a timer that fell due while down, once', async () => {
    const clock = new TestClock(START);
    const dir = onPostgres ? undefined : mkdtempSync(join(tmpdir(), 'quytrinh-restart-'));
    let store = await openTestStore({ dataDir: dir });
    const schema = store.schema;
    await seedWorld(store);
    let app = await makeApp(store, clock);
    let cookie = await login(app, 'monitor');
    const c = (await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { procedure: 'mini', data: { title: 'Trước khi tắt' } } })).json();
    const ack = await app.inject({ method: 'POST', url: `/api/cases/${c.id}/events`, headers: { cookie, 'idempotency-key': 'once' }, payload: { type: 'SUBMIT', expectedVersion: 1 } });
    expect(ack.statusCode).toBe(200);
    await app.close();
    await closeTestStore(store, { keep: true });

    clock.advance('P2D'); // the review deadline passes while nothing runs

    store = await openTestStore({ dataDir: dir, schema });
    app = await makeApp(store, clock);
    cookie = await login(app, 'monitor');
    const before = (await app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: { cookie } })).json();
    expect(before).toMatchObject({ state: 'review', version: 2, overdue: false });
    // the retry of the acknowledged request gets the same answer, no second event
    const retry = await app.inject({ method: 'POST', url: `/api/cases/${c.id}/events`, headers: { cookie, 'idempotency-key': 'once' }, payload: { type: 'SUBMIT', expectedVersion: 1 } });
    expect(retry.json()).toEqual(ack.json());
    expect(await app.qt.scheduler.runDue()).toEqual({ fired: 1, refused: 0 });
    expect(await app.qt.scheduler.runDue()).toEqual({ fired: 0, refused: 0 });
    const history = (await app.inject({ method: 'GET', url: `/api/cases/${c.id}/history`, headers: { cookie } })).json();
    expect(history.events.map((e: { type: string; at: string }) => [e.type, e.at])).toEqual([
      ['OPEN', START],
      ['SUBMIT', START],
      ['quytrinh.sla', '2026-01-07T02:00:00.000Z'],
    ]);
    expect((await app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: { cookie } })).json().overdue).toBe(true);
    await app.close();
    await closeTestStore(store);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
});

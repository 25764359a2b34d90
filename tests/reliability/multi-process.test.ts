// Two server processes on one PostgreSQL database (as behind a load balancer): a WebSocket
// client on one sees the events sent to the other, in order; due timers, raced for by both
// schedulers, fire once each.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { migrate, openStore } from '../../server/db/connect.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { PASSWORD, seedWorld } from '../server/helpers.ts';
import { createScratchDatabase } from './scratch-pg.ts';
import { BLINK_TIMER_EVENT, blinkProcedure, call, signIn, startServer, type ServerProcess } from './server-process.ts';

describe('two server processes on one PostgreSQL', () => {
  it('push across processes, and each due timer fires once', async () => {
    const scratch = await createScratchDatabase('qt_multi');
    const servers: ServerProcess[] = [];
    try {
      const seed = await openStore({ url: scratch.url });
      expect((await migrate(seed)).ok).toBe(true);
      await seedWorld(seed);
      await publishVersion(seed.db, blinkProcedure(), 'system', 'two processes', new Date());
      await seed.close();

      // both fire timers often, so they race for every due one
      const [a, b] = await Promise.all([startServer({ url: scratch.url }, { timerIntervalMs: 100 }), startServer({ url: scratch.url }, { timerIntervalMs: 100 })]);
      servers.push(a!, b!);
      const monitor = await signIn(b!.base, 'monitor', PASSWORD);
      const lead = await signIn(a!.base, 'lead', PASSWORD);

      const ws = new WebSocket(a!.base.replace(/^http/, 'ws') + '/ws', { headers: { cookie: lead } });
      const pushed: { seq: number; case: { id: string; version: number; state: string } }[] = [];
      let subscribed = false;
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw));
        if (m.type === 'case.updated') pushed.push(m);
        if (m.type === 'subscribed') subscribed = true;
      });
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      ws.send(JSON.stringify({ type: 'subscribe', topics: ['cases'] }));
      await expect.poll(() => subscribed, { timeout: 10_000 }).toBe(true);

      // events sent to B, seen on A's socket
      const N = 10;
      const ids: string[] = [];
      for (let i = 0; i < N; i++) {
        const opened = await call(b!.base, 'POST', '/api/cases', monitor, { procedure: 'blink', data: { title: `Hai tiến trình ${i}` } });
        expect(opened?.status).toBe(201);
        ids.push(opened!.body.id);
        const sent = await call(b!.base, 'POST', `/api/cases/${opened!.body.id}/events`, monitor, { type: 'SUBMIT', expectedVersion: 1 });
        expect(sent?.status).toBe(200);
      }
      // each case: opened (v1), submitted (v2), and its timer (v3) fired by A or B — all seen on A
      await expect
        .poll(() => ids.every((id) => pushed.some((p) => p.case.id === id && p.case.version === 3)), { timeout: 60_000, interval: 200 })
        .toBe(true);
      // a NOTIFY carries the id; each process pushes the case as it is when it loads it: a
      // version may be skipped or repeated, never go back, and the last one is the final state
      for (const id of ids) {
        const versions = pushed.filter((p) => p.case.id === id).map((p) => p.case.version);
        expect(versions, `pushes of case ${id}`).toEqual([...versions].sort((x, y) => x - y));
        expect(versions.at(-1)).toBe(3);
        expect(pushed.filter((p) => p.case.id === id).at(-1)!.case.state).toBe('late');
      }
      ws.close();

      for (const s of servers) await s.stop();
      const store = await openStore({ url: scratch.url });
      try {
        const fired = await store.db.selectFrom('case_events').select(['case_id']).where('type', '=', BLINK_TIMER_EVENT).execute();
        expect(fired.map((f) => f.case_id).sort()).toEqual([...ids].sort());
        const timers = await store.db.selectFrom('timers').select(['case_id', 'fired_at', 'outcome']).execute();
        expect(timers).toHaveLength(N);
        expect(timers.every((t) => t.fired_at !== null && t.outcome === 'fired')).toBe(true);
      } finally {
        await store.close();
      }
    } finally {
      for (const s of servers) await s.stop();
      await scratch.drop();
    }
  }, 300_000);
});

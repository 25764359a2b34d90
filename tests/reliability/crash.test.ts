// Crash: the real server as a child process under load, killed with SIGKILL mid-load, then
// restarted. Every event acknowledged with 2xx is in the log exactly once, a retried request
// records nothing twice, no case is half-updated (its snapshot is what its events replay to, its
// version and sequence numbers agree), and timers that fell due while it was down fire once.
// On PostgreSQL (a scratch database) and on PGlite (a data directory in a temp folder).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay, type LogEntry } from '../../engine/index.ts';
import { migrate, openStore, type Store } from '../../server/db/connect.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { PASSWORD, seedWorld } from '../server/helpers.ts';
import { createScratchDatabase } from './scratch-pg.ts';
import { BLINK_TIMER_EVENT, blinkProcedure, call, signIn, startServer, type Database } from './server-process.ts';

const WORKERS = 6;
const KILL_AFTER_ACKS = 30;

interface Request {
  caseId: string;
  key: string;
  type: string;
  expectedVersion: number;
  data: Record<string, unknown>;
}

async function prepare(open: () => Promise<Store>) {
  const store = await open();
  expect((await migrate(store)).ok).toBe(true);
  await seedWorld(store);
  await publishVersion(store.db, blinkProcedure(), 'system', 'crash test', new Date());
  await store.close();
}

async function crashAndRecover(db: Database, open: () => Promise<Store>) {
  await prepare(open);
  // the first server fires timers only at start-up (nothing is due then): every timer of this
  // run falls due while it is down
  const first = await startServer(db, { timerIntervalMs: 3_600_000 });
  const cookie = await signIn(first.base, 'monitor', PASSWORD);

  const opened: string[] = []; // acknowledged 201
  const acked: Request[] = []; // acknowledged 200
  const unanswered: Request[] = []; // sent, no answer: the server died under them
  let killed = false;
  let killedAt = 0;

  async function worker(w: number) {
    for (let n = 0; !killed; n++) {
      const res = await call(first.base, 'POST', '/api/cases', cookie, { procedure: 'blink', data: { title: `Hồ sơ ${w}-${n}` } });
      if (!res) return;
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const caseId = res.body.id as string;
      opened.push(caseId);
      const steps: [string, Record<string, unknown>][] = [
        ['COMMENT', { text: 'trước khi gửi' }],
        ['SUBMIT', {}],
        ['COMMENT', { text: 'sau khi gửi' }],
      ];
      for (const [i, [type, data]] of steps.entries()) {
        const req: Request = { caseId, key: `${caseId}:${i}`, type, data, expectedVersion: i + 1 };
        const ans = await call(first.base, 'POST', `/api/cases/${caseId}/events`, cookie, { type, data, expectedVersion: req.expectedVersion }, { 'idempotency-key': req.key });
        if (!ans) {
          unanswered.push(req);
          return;
        }
        expect(ans.status, JSON.stringify(ans.body)).toBe(200);
        acked.push(req);
        if (acked.length >= KILL_AFTER_ACKS && !killed) {
          killed = true;
          killedAt = Date.now();
          first.child.kill('SIGKILL'); // mid-load: the other workers have requests in flight
        }
      }
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  await first.exited;
  expect(killed).toBe(true);

  const second = await startServer(db, { timerIntervalMs: 200 });
  try {
    // the session outlived the crash; unanswered requests are retried with their Idempotency-Key
    const retried: Request[] = [];
    for (const req of unanswered) {
      const ans = await call(second.base, 'POST', `/api/cases/${req.caseId}/events`, cookie, { type: req.type, data: req.data, expectedVersion: req.expectedVersion }, { 'idempotency-key': req.key });
      expect(ans, 'the restarted server answers').not.toBeNull();
      // 200: applied now or the stored answer of the first try; 409: the case moved on (its timer fired)
      expect([200, 409], JSON.stringify(ans!.body)).toContain(ans!.status);
      if (ans!.status === 200) retried.push(req);
    }
    // every submitted case leaves `waiting` by its timer
    await expect
      .poll(async () => (await call(second.base, 'GET', '/api/cases?state=waiting&limit=200', cookie))?.body?.cases?.length, { timeout: 60_000, interval: 250 })
      .toBe(0);
    const submitted = [...acked, ...retried].filter((r) => r.type === 'SUBMIT').map((r) => r.caseId);
    expect(submitted.length).toBeGreaterThan(0);
    await second.stop();

    const store = await open();
    try {
      const procedure = blinkProcedure();
      const cases = await store.db.selectFrom('cases').select(['id', 'state', 'version', 'last_seq', 'snapshot']).where('procedure_key', '=', 'blink').execute();
      const events = await store.db.selectFrom('case_events').selectAll().orderBy('case_id').orderBy('case_seq').execute();
      const byCase = new Map<string, typeof events>();
      for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
      const ids = new Set(cases.map((c) => c.id));

      // acknowledged: present, exactly once
      for (const id of opened) expect(ids.has(id), `opened case ${id}`).toBe(true);
      const keys = events.filter((e) => e.idempotency_key).map((e) => e.idempotency_key!);
      expect(new Set(keys).size).toBe(keys.length);
      for (const r of [...acked, ...retried]) expect(keys.filter((k) => k === r.key), r.key).toHaveLength(1);

      for (const c of cases) {
        const log = byCase.get(c.id) ?? [];
        // not half-updated: version, sequence numbers and snapshot all agree with the log
        expect(log.map((e) => e.case_seq)).toEqual(Array.from({ length: c.version }, (_, i) => i + 1));
        expect(Number(log.at(-1)!.seq)).toBe(Number(c.last_seq));
        const entries: LogEntry[] = log.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, actor: e.actor as LogEntry['actor'], at: new Date(e.at).toISOString() }));
        expect(replay(procedure, entries)).toEqual(c.snapshot);
        // the timer of a submitted case fired once, after the crash
        const fired = log.filter((e) => e.type === BLINK_TIMER_EVENT);
        if (log.some((e) => e.type === 'SUBMIT')) {
          expect(fired, `case ${c.id}`).toHaveLength(1);
          expect(new Date(fired[0]!.at).getTime()).toBeGreaterThanOrEqual(killedAt);
          expect(c.state).toBe('late');
        } else {
          expect(fired).toHaveLength(0);
        }
      }
      for (const id of submitted) expect(cases.find((c) => c.id === id)?.state).toBe('late');
      const pending = await store.db.selectFrom('timers').select('id').where('fired_at', 'is', null).where('cancelled_at', 'is', null).execute();
      expect(pending).toEqual([]);
    } finally {
      await store.close();
    }
  } finally {
    await second.stop();
  }
}

describe('crash and restart of the server process', () => {
  it('on PostgreSQL: kill -9 mid-load, restart, nothing lost, nothing doubled, timers fire once', async () => {
    const scratch = await createScratchDatabase('qt_crash');
    try {
      await crashAndRecover({ url: scratch.url }, () => openStore({ url: scratch.url }));
    } finally {
      await scratch.drop();
    }
  }, 420_000);

  it('on PGlite: kill -9 mid-load, restart, nothing lost, nothing doubled, timers fire once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quytrinh-crash-'));
    try {
      await crashAndRecover({ dataDir: dir }, () => openStore({ dataDir: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 420_000);
});

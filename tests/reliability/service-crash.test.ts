// kill -9 during an automated step's call: the restarted server runs the call again once its
// claim has lapsed, with the same Idempotency-Key, and its completion is recorded once.
// The real server as a child process, on PostgreSQL (a scratch database) and on PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../../server/db/connect.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { PASSWORD, seedWorld } from '../server/helpers.ts';
import { startReceiver } from '../server/receiver.ts';
import { serviceProcedure } from '../engine/service-procedure.ts';
import { createScratchDatabase } from './scratch-pg.ts';
import { call, signIn, startServer, type Database } from './server-process.ts';

const SECRET = 'bí-mật-sau-sự-cố';
const receiver = await startReceiver(SECRET);
afterAll(() => receiver.close());

async function killDuringCall(db: Database, open: () => Promise<Store>) {
  receiver.received.length = 0;
  const store = await open();
  expect((await migrate(store)).ok).toBe(true);
  await seedWorld(store);
  await publishVersion(store.db, serviceProcedure('webhook', { url: `${receiver.base}/hook/crash` }, { key: 'crash-hook' }), 'system', 'test', new Date());
  await store.close();
  const env = {
    QUYTRINH_WEBHOOK_ALLOW: `${receiver.base}/hook/`,
    QUYTRINH_WEBHOOK_SECRET: SECRET,
    QUYTRINH_SERVICE_TIMEOUT_MS: '1500',
    QUYTRINH_SERVICE_POLL_MS: '100',
  };

  receiver.answers = ['hold'];
  const first = await startServer(db, { timerIntervalMs: 3_600_000, env });
  const monitor = await signIn(first.base, 'monitor', PASSWORD);
  const verifier = await signIn(first.base, 'verifier', PASSWORD);
  const opened = await call(first.base, 'POST', '/api/cases', monitor, { procedure: 'crash-hook', data: { title: 'Trang lừa đảo' } });
  expect(opened?.status).toBe(201);
  const id = opened!.body.id as string;
  expect((await call(first.base, 'POST', `/api/cases/${id}/events`, monitor, { type: 'SUBMIT', data: {}, expectedVersion: 1 }))?.status).toBe(200);
  expect((await call(first.base, 'POST', `/api/cases/${id}/events`, verifier, { type: 'APPROVE', data: { note: 'lừa đảo rõ ràng' }, expectedVersion: 2 }))?.status).toBe(200);
  // the call is in flight: kill the process under it
  await expect.poll(() => receiver.held, { timeout: 30_000, interval: 20 }).toBe(1);
  await first.kill9();
  receiver.answers = [200];
  receiver.release(200);

  const second = await startServer(db, { timerIntervalMs: 3_600_000, env });
  try {
    const admin = await signIn(second.base, 'admin', PASSWORD);
    await expect.poll(async () => (await call(second.base, 'GET', `/api/cases/${id}`, admin))?.body?.state, { timeout: 60_000, interval: 100 }).toBe('waiting');
    const history = (await call(second.base, 'GET', `/api/cases/${id}/history`, admin))!.body;
    expect(history.events.filter((e: { type: string }) => e.type === 'quytrinh.done.calling')).toHaveLength(1);
    // the attempt cut short by the kill and at least the one that completed (an attempt may also time
    // out on a loaded machine before it reaches the receiver: it is retried with the same key)
    expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(receiver.received.every((r) => r.signed)).toBe(true);
  } finally {
    await second.stop();
  }
  const after = await open();
  try {
    const calls = await after.db.selectFrom('outbox').select(['status']).execute();
    expect(calls).toEqual([{ status: 'done' }]);
    const done = await after.db.selectFrom('case_events').select('type').where('case_id', '=', id).where('type', '=', 'quytrinh.done.calling').execute();
    expect(done).toHaveLength(1);
  } finally {
    await after.close();
  }
}

describe('kill -9 during an automated step', () => {
  it('on PostgreSQL: the call runs again with the same key and is recorded once', async () => {
    const scratch = await createScratchDatabase('qt_service_crash');
    try {
      await killDuringCall({ url: scratch.url }, () => openStore({ url: scratch.url }));
    } finally {
      await scratch.drop();
    }
  }, 300_000);

  it('on PGlite: the call runs again with the same key and is recorded once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quytrinh-service-crash-'));
    try {
      await killDuringCall({ dataDir: dir }, () => openStore({ dataDir: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

// Two server processes on one PostgreSQL run the automated steps of the same outbox: each call is
// claimed by one process at a time (FOR UPDATE SKIP LOCKED and a lease), so a receiver never sees
// one Idempotency-Key twice at once, every call reaches it once, and every case records its
// completion once — whichever process made the call.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openStore } from '../../server/db/connect.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { PASSWORD, seedWorld } from '../server/helpers.ts';
import { serviceProcedure } from '../engine/service-procedure.ts';
import { createScratchDatabase } from './scratch-pg.ts';
import { call, signIn, startServer, type ServerProcess } from './server-process.ts';

/** A slow receiver that counts, per Idempotency-Key, the requests it holds at once. */
function slowReceiver(holdMs: number) {
  const byKey = new Map<string, { total: number; now: number; most: number }>();
  const server = http.createServer((req, res) => {
    const key = String(req.headers['idempotency-key']);
    const k = byKey.get(key) ?? { total: 0, now: 0, most: 0 };
    byKey.set(key, k);
    k.total++;
    k.now++;
    k.most = Math.max(k.most, k.now);
    req.resume();
    // the receiver's own slowness, so that both processes have calls running at the same time
    setTimeout(() => {
      k.now--;
      res.writeHead(200).end();
    }, holdMs);
  });
  return {
    byKey,
    listen: () => new Promise<string>((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}

const receiver = slowReceiver(400);
const base = await receiver.listen();
afterAll(() => receiver.close());

describe('automated steps with two server processes on one PostgreSQL', () => {
  it('never run one call twice at the same time, and record each completion once', async () => {
    const scratch = await createScratchDatabase('qt_service_two');
    const servers: ServerProcess[] = [];
    try {
      const seed = await openStore({ url: scratch.url });
      expect((await migrate(seed)).ok).toBe(true);
      await seedWorld(seed);
      await publishVersion(seed.db, serviceProcedure('webhook', { url: `${base}/hook` }, { key: 'two-hook' }), 'system', 'test', new Date());
      await seed.close();
      const env = { QUYTRINH_WEBHOOK_ALLOW: `${base}/hook`, QUYTRINH_SERVICE_TIMEOUT_MS: '20000', QUYTRINH_SERVICE_POLL_MS: '50' };
      const [a, b] = await Promise.all([startServer({ url: scratch.url }, { timerIntervalMs: 3_600_000, env }), startServer({ url: scratch.url }, { timerIntervalMs: 3_600_000, env })]);
      servers.push(a!, b!);

      // cases opened and approved on both processes, so both have calls written and due
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const s = servers[i % 2]!;
        const monitor = await signIn(s.base, 'monitor', PASSWORD);
        const verifier = await signIn(s.base, 'verifier', PASSWORD);
        const opened = await call(s.base, 'POST', '/api/cases', monitor, { procedure: 'two-hook', data: { title: `Trang giả mạo ${i}` } });
        expect(opened?.status).toBe(201);
        const id = opened!.body.id as string;
        expect((await call(s.base, 'POST', `/api/cases/${id}/events`, monitor, { type: 'SUBMIT', data: {}, expectedVersion: 1 }))?.status).toBe(200);
        expect((await call(s.base, 'POST', `/api/cases/${id}/events`, verifier, { type: 'APPROVE', data: { note: 'giả mạo' }, expectedVersion: 2 }))?.status).toBe(200);
        ids.push(id);
      }

      const admin = await signIn(a!.base, 'admin', PASSWORD);
      for (const id of ids) {
        await expect.poll(async () => (await call(b!.base, 'GET', `/api/cases/${id}`, admin))?.body?.state, { timeout: 60_000, interval: 100 }).toBe('waiting');
      }
      // one request per call, never two of one key at once
      expect(receiver.byKey.size).toBe(ids.length);
      expect([...receiver.byKey.values()].map((k) => [k.total, k.most])).toEqual(ids.map(() => [1, 1]));
      for (const id of ids) {
        const history = (await call(a!.base, 'GET', `/api/cases/${id}/history`, admin))!.body;
        expect(history.events.filter((e: { type: string }) => e.type === 'quytrinh.done.calling')).toHaveLength(1);
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await scratch.drop();
    }
  }, 300_000);
});

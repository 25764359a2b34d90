// The database goes away while the server runs: requests answer 503 QT_DATABASE_UNAVAILABLE
// (health too), the process survives, and when the database is back the server recovers by
// itself — requests, and WebSocket pushes through a re-established LISTEN — without a restart.
// PostgreSQL only (PGlite lives inside the process): the server reaches a scratch database
// through a TCP proxy on loopback that the test cuts and restores.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { migrate, openStore, type Store } from '../../server/db/connect.ts';
import { login, makeApp, seedWorld, START, TestClock } from '../server/helpers.ts';
import { createScratchDatabase, LOCAL_PG, type ScratchDatabase } from './scratch-pg.ts';

/** A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
class Cable {
  #server: net.Server | null = null;
  #sockets = new Set<net.Socket>();
  constructor(readonly port: number) {}
  static async start(): Promise<Cable> {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const cable = new Cable(port);
    await cable.connect();
    return cable;
  }
  async connect() {
    const target = new URL(LOCAL_PG);
    this.#server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.#server!.listen(this.port, '127.0.0.1', r));
  }
  async cut() {
    const server = this.#server!;
    this.#server = null;
    const closed = new Promise((r) => server.close(r));
    for (const s of this.#sockets) s.destroy();
    await closed;
  }
}

describe('database down while running (PostgreSQL)', () => {
  let db: ScratchDatabase;
  let cable: Cable;
  let store: Store;
  let app: FastifyInstance;
  const clock = new TestClock(START);

  beforeAll(async () => {
    db = await createScratchDatabase('qt_down');
    const seed = await openStore({ url: db.url });
    expect((await migrate(seed)).ok).toBe(true);
    await seedWorld(seed);
    await seed.close();
    cable = await Cable.start();
    const viaCable = new URL(db.url);
    viaCable.port = String(cable.port);
    store = await openStore({ url: viaCable.toString() });
    app = await makeApp(store, clock);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await cable?.cut().catch(() => {});
    await db?.drop();
  });

  it('answers 503 while the database is away and recovers on its own when it is back', async () => {
    const cookie = await login(app, 'monitor');
    const leadCookie = await login(app, 'lead');
    const open = (title: string) => app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { procedure: 'mini', data: { title } } });
    const before = await open('Trước sự cố');
    expect(before.statusCode).toBe(201);

    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const ws = new WebSocket(address.replace(/^http/, 'ws') + '/ws', { headers: { cookie: leadCookie } });
    const pushed: string[] = [];
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      if (m.type === 'case.updated') pushed.push(m.case.data.title);
    });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['cases'] }));

    await cable.cut();
    // every kind of request: with a session lookup, a write, a read, health
    for (const res of [
      await open('Trong sự cố'),
      await app.inject({ method: 'GET', url: '/api/cases', headers: { cookie } }),
      await app.inject({ method: 'GET', url: `/api/cases/${before.json().id}`, headers: { cookie } }),
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lead', password: 'x' } }),
    ]) {
      expect([res.statusCode, res.json().error.code], res.body).toEqual([503, 'QT_DATABASE_UNAVAILABLE']);
      expect(res.json().error.message).toBe('Cơ sở dữ liệu tạm thời không truy cập được.');
    }
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect([health.statusCode, health.json()]).toEqual([503, { status: 'error', database: 'unavailable' }]);
    expect(ws.readyState).toBe(WebSocket.OPEN); // live sockets stay; they catch up with `since` anyway

    await cable.connect();
    // no restart: the next requests succeed; the listener reconnects by itself (it retries each second)
    await expect.poll(async () => (await app.inject({ method: 'GET', url: '/api/health' })).statusCode, { timeout: 20_000 }).toBe(200);
    const after = await open('Sau sự cố');
    expect(after.statusCode, after.body).toBe(201);
    expect((await app.inject({ method: 'GET', url: `/api/cases/${after.json().id}`, headers: { cookie } })).statusCode).toBe(200);
    await expect
      .poll(
        async () => {
          if (!pushed.includes('Sau sự cố')) await open('Sau sự cố');
          return pushed.includes('Sau sự cố');
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(true);
    // nothing was half-written while it was away
    const list = (await app.inject({ method: 'GET', url: '/api/cases', headers: { cookie } })).json();
    expect(list.cases.map((c: { data: { title: string } }) => c.data.title)).not.toContain('Trong sự cố');
    ws.close();
  }, 120_000);
});

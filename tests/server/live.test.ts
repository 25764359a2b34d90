// A real WebSocket client against a listening server: events sent over HTTP arrive, only to
// those who may read the case; `since` catches up; two servers on one database both push.
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dbLabel, makeApp, onPostgres, type UserName, useTestApp } from './helpers.ts';
import { openStore } from '../../server/db/connect.ts';
import type { WsServerMessage as Msg } from '../../schemas/api/types.ts';

type Updated = Extract<Msg, { type: 'case.updated' }>;

/** A WebSocket client that collects messages and can wait for the next one matching a test. */
class Client {
  messages: Msg[] = [];
  /** binary frames received: every message is JSON text (a browser gets a Blob from a binary one) */
  binaryFrames = 0;
  #waiters: { test: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw, isBinary) => {
      if (isBinary) this.binaryFrames++;
      const m = JSON.parse(String(raw)) as Msg;
      this.messages.push(m);
      this.#waiters = this.#waiters.filter((w) => (w.test(m) ? (w.resolve(m), false) : true));
    });
  }
  static async connect(url: string, cookie?: string): Promise<Client> {
    const ws = new WebSocket(url, { headers: cookie ? { cookie } : {} });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return new Client(ws);
  }
  send(m: unknown) {
    this.ws.send(JSON.stringify(m));
  }
  next<M extends Msg = Msg>(test: (m: Msg) => m is M = (_m): _m is M => true, ms = 5000): Promise<M> {
    const seen = this.messages.find(test);
    if (seen) {
      this.messages.splice(this.messages.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no message in ${ms} ms; got ${JSON.stringify(this.messages)}`)), ms);
      this.#waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(t);
          this.messages.splice(this.messages.indexOf(m), 1);
          resolve(m as M);
        },
      });
    });
  }
  async subscribe(topics: string[], since?: number) {
    this.send({ type: 'subscribe', topics, ...(since !== undefined ? { since } : {}) });
    return this.next((m) => m.type === 'subscribed');
  }
  close() {
    this.ws.close();
  }
}

const updated = (id?: string) => (m: Msg): m is Updated => m.type === 'case.updated' && (!id || m.case.id === id);

describe(`live updates on ${dbLabel}`, () => {
  const clients: Client[] = [];
  // before the shared set-up empties the database: no socket of the last test is left open
  beforeEach(() => clients.splice(0).forEach((c) => c.close()));
  const t = useTestApp({ listen: true });
  const wsUrl = () => `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`;

  const connect = async (who: UserName) => {
    const c = await Client.connect(wsUrl(), t.cookies[who]);
    clients.push(c);
    return c;
  };
  const http = (who: UserName, method: 'GET' | 'POST', path: string, payload?: unknown) =>
    t.app.inject({ method, url: path, payload: payload as never, headers: { cookie: t.cookies[who] } });

  it('refuses a connection without a session', async () => {
    await expect(Client.connect(wsUrl())).rejects.toThrow('HTTP 401');
  });

  it('answers ping, confirms topics and rejects bad ones', async () => {
    const c = await connect('lead');
    c.send({ type: 'ping' });
    expect(await c.next()).toEqual({ type: 'pong' });
    expect(await c.subscribe(['cases'])).toEqual({ type: 'subscribed', topics: ['cases'] });
    c.send({ type: 'subscribe', topics: ['everything'] });
    expect(await c.next()).toEqual({ type: 'error', code: 'QT_VALIDATION', message: 'Chủ đề là "cases" hoặc "case:<id>".' });
    c.send({ type: 'unsubscribe', topics: ['cases'] });
    expect(await c.next()).toEqual({ type: 'subscribed', topics: [] });
  });

  it('pushes an event sent over HTTP to subscribers of `cases` and `case:<id>`', async () => {
    const all = await connect('lead');
    await all.subscribe(['cases']);
    const opened = await http('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Trang giả mạo' } });
    const c = opened.json();
    const first = await all.next(updated(c.id));
    const { actions: _a, ...withoutActions } = c;
    expect(first).toEqual({ type: 'case.updated', seq: expect.any(Number), case: withoutActions });

    const one = await connect('verifier');
    await one.subscribe([`case:${c.id}`]);
    const res = await http('monitor', 'POST', `/api/cases/${c.id}/events`, { type: 'SUBMIT', expectedVersion: 1 });
    const { actions: _b, ...after } = res.json();
    const m1 = await all.next(updated(c.id));
    const m2 = await one.next(updated(c.id));
    expect(m1).toEqual({ type: 'case.updated', seq: first.seq + 1, case: after });
    expect(m2).toEqual(m1);
    // the push is encoded once for all its subscribers, and still sent as text
    expect([all.binaryFrames, one.binaryFrames]).toEqual([0, 0]);
  });

  it('sends a case only to those who may read it', async () => {
    const other = await connect('monitor2');
    await other.subscribe(['cases']);
    const own = await connect('monitor');
    await own.subscribe(['cases']);
    const c = (await http('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Chỉ đơn vị A' } })).json();
    await own.next(updated(c.id));
    const c2 = (await http('monitor2', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Chỉ đơn vị B' } })).json();
    await other.next(updated(c2.id));
    // both sockets are written in the same pass, so by now it would have arrived
    await own.next(updated(c2.id), 300).then(
      () => expect.fail('unit A received unit B’s case'),
      () => undefined,
    );
    expect(other.messages.filter(updated(c.id))).toEqual([]);
  });

  it('catches a reconnecting client up from `since`', async () => {
    const a = (await http('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Trước' } })).json();
    const probe = await connect('lead');
    await probe.subscribe(['cases'], 0);
    const seen = await probe.next(updated(a.id));
    probe.close();
    await http('monitor', 'POST', `/api/cases/${a.id}/events`, { type: 'SUBMIT' });
    const b = (await http('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Sau' } })).json();
    const back = await connect('lead');
    back.send({ type: 'subscribe', topics: ['cases'], since: seen.seq });
    expect(await back.next()).toEqual({ type: 'subscribed', topics: ['cases'] });
    const m1 = await back.next(updated());
    const m2 = await back.next(updated());
    expect([m1.case.id, m2.case.id]).toEqual([a.id, b.id]);
    expect(m1.case.state).toBe('review');
    expect(m2.seq).toBeGreaterThan(m1.seq);
  });

  it('pushes from a second server process on the same database', async () => {
    // A second app: on PostgreSQL with its own connections (another process, as far as the
    // database can tell); on PGlite, which allows one process per data directory, on the same store.
    const store2 = onPostgres ? await openStore({ url: process.env.DATABASE_URL!, schema: t.store.schema }) : t.store;
    const app2 = await makeApp(store2, t.clock);
    const address2 = await app2.listen({ port: 0, host: '127.0.0.1' });
    const c2 = await Client.connect(address2.replace(/^http/, 'ws') + '/ws', t.cookies.lead);
    clients.push(c2);
    await c2.subscribe(['cases']);
    const c1 = await connect('lead');
    await c1.subscribe(['cases']);
    const opened = (await http('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Hai máy chủ' } })).json();
    const [m1, m2] = await Promise.all([c1.next(updated(opened.id)), c2.next(updated(opened.id))]);
    expect(m2).toEqual(m1);
    await app2.close();
    if (store2 !== t.store) await store2.close();
  });
});

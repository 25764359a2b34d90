// WebSocket robustness: a malformed message is answered or closes that socket only; a client
// that reconnects with the last `seq` it saw gets every change it missed, in order, no gap, even
// while changes keep coming.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dbLabel, type UserName, useTestApp } from '../server/helpers.ts';

type Msg = { type: string; seq?: number; code?: string; message?: string; case?: { id: string; version: number } };

class Client {
  messages: Msg[] = [];
  closed: number | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => this.messages.push(JSON.parse(String(raw))));
    ws.on('close', (code) => (this.closed = code));
  }
  static async connect(url: string, cookie: string) {
    const ws = new WebSocket(url, { headers: { cookie } });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    return new Client(ws);
  }
  send(m: unknown) {
    this.ws.send(typeof m === 'string' || Buffer.isBuffer(m) ? m : JSON.stringify(m));
  }
  async until(test: (msgs: Msg[]) => boolean, what: string) {
    await expect.poll(() => test(this.messages) || this.closed !== null, { timeout: 10_000, message: what }).toBe(true);
  }
  /** Sends a ping and waits for its pong: every message sent before has been handled. */
  async roundTrip() {
    const pongs = this.messages.filter((m) => m.type === 'pong').length;
    this.send({ type: 'ping' });
    await this.until((ms) => ms.filter((m) => m.type === 'pong').length > pongs, 'pong');
  }
}

describe(`WebSocket robustness on ${dbLabel}`, () => {
  const t = useTestApp({ once: true, listen: true });
  const wsUrl = () => `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`;

  const http = (who: UserName, method: 'GET' | 'POST', path: string, payload?: unknown) =>
    t.app.inject({ method, url: path, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const openCase = async (title: string) => (await http('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title } })).json() as { id: string };
  const comment = (id: string, text: string) => http('monitor', 'POST', `/api/cases/${id}/events`, { type: 'COMMENT', data: { text } });

  it('answers malformed messages with a coded error and keeps the socket; an oversized one closes that socket only', async () => {
    const bystander = await Client.connect(wsUrl(), t.cookies.lead);
    await bystander.roundTrip();
    const bad = await Client.connect(wsUrl(), t.cookies.lead);
    const garbage: unknown[] = [
      'not json',
      '{"type":',
      '[]',
      'null',
      '42',
      '"subscribe"',
      { type: 123 },
      { type: 'subscribe' },
      { type: 'subscribe', topics: 'cases' },
      { type: 'subscribe', topics: [1, 2] },
      { type: 'subscribe', topics: ['case:not-a-uuid'] },
      { type: 'subscribe', topics: ['cases'], since: -1 },
      { type: 'subscribe', topics: ['cases'], since: 'yesterday' },
      { type: 'subscribe', topics: ['cases'], since: 1e300 },
      { type: 'unsubscribe', topics: { a: 1 } },
      { type: '__proto__', topics: ['cases'] },
      { type: 'subscribe', topics: ['cases'], __proto__: { polluted: true } },
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    ];
    for (const g of garbage) bad.send(g);
    await bad.roundTrip();
    expect(bad.closed).toBeNull();
    const errors = bad.messages.filter((m) => m.type === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(10);
    for (const e of errors) expect(e).toEqual({ type: 'error', code: 'QT_VALIDATION', message: expect.stringMatching(/\S/) });
    expect(bad.messages.every((m) => ['error', 'subscribed', 'pong'].includes(m.type))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // too large for the socket's limit: that socket is closed (1009), the other one carries on
    bad.send('x'.repeat(65 * 1024));
    await bad.until(() => false, 'closed');
    expect(bad.closed).toBe(1009);
    await bystander.roundTrip();
    expect(bystander.closed).toBeNull();
    bystander.ws.close();
  });

  it('catches a reconnecting client up from its last seq: every change missed, in order, no gap, none older than seen', async () => {
    const cases = [];
    for (let i = 0; i < 4; i++) cases.push(await openCase(`Hồ sơ ${i}`));
    const first = await Client.connect(wsUrl(), t.cookies.lead);
    first.send({ type: 'subscribe', topics: ['cases'], since: 0 });
    await first.until((ms) => ms.filter((m) => m.type === 'case.updated').length >= 4, 'catch-up of the 4 cases');
    const lastSeen = Math.max(...first.messages.filter((m) => m.seq !== undefined).map((m) => m.seq!));
    first.ws.terminate(); // the network drops

    // changes while away
    for (let round = 0; round < 3; round++) for (const c of cases) expect((await comment(c.id, `vắng ${round}`)).statusCode).toBe(200);
    const fifth = await openCase('Hồ sơ mới khi vắng');

    // reconnect while changes keep coming
    const back = await Client.connect(wsUrl(), t.cookies.lead);
    const writes = (async () => {
      for (let round = 0; round < 3; round++) for (const c of [...cases, fifth]) await comment(c.id, `khi quay lại ${round}`);
    })();
    back.send({ type: 'subscribe', topics: ['cases'], since: lastSeen });
    await writes;
    await t.app.qt.hub.idle();

    const finals = new Map<string, number>();
    for (const c of [...cases, fifth]) finals.set(c.id, (await http('lead', 'GET', `/api/cases/${c.id}`)).json().version);
    await back.until(
      (ms) => [...finals].every(([id, v]) => ms.some((m) => m.type === 'case.updated' && m.case!.id === id && m.case!.version === v)),
      'every case at its final version',
    );
    const updates = back.messages.filter((m) => m.type === 'case.updated');
    // the first answers are the catch-up: each case changed while away, in the order of their changes
    expect(updates.every((m) => m.seq! > lastSeen)).toBe(true);
    // no case ever goes back to an older version, whatever interleaving of catch-up and live pushes
    const latest = new Map<string, number>();
    for (const m of updates) {
      const before = latest.get(m.case!.id) ?? 0;
      expect(m.case!.version, `case ${m.case!.id} went from v${before} to v${m.case!.version}`).toBeGreaterThanOrEqual(before);
      latest.set(m.case!.id, m.case!.version);
    }
    expect(latest).toEqual(finals);
    back.ws.close();
  });
});

// A signed-in client that abuses the WebSocket hub: floods catch-ups, reconnects to get fresh
// ones, floods messages, opens socket after socket, stops reading. What it gets stays bounded by
// work (catch-ups, bytes, messages, sockets), and everyone else keeps being served.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { WebSocket as ServerSocket } from 'ws';
import { ErrorCatalog } from '../../server/errors.ts';
import { dbLabel, errorBody, type UserName, useTestApp } from '../server/helpers.ts';
import { Client, type Msg } from '../reliability/ws-client.ts';

const BUFFER = 1024 * 1024;
const vi = (code: keyof typeof ErrorCatalog) => ErrorCatalog[code].message.vi;
/** the bytes of these messages as the server framed them */
const framed = (ms: Msg[]) =>
  ms.reduce((n, m) => {
    const size = Buffer.byteLength(JSON.stringify(m));
    return n + size + (size < 126 ? 2 : size < 65_536 ? 4 : 10);
  }, 0);

describe(`a hostile WebSocket client on ${dbLabel}`, () => {
  const t = useTestApp({ listen: true, app: { live: { bufferBytes: BUFFER } } });
  const port = () => (t.app.server.address() as AddressInfo).port;
  const wsUrl = () => `ws://127.0.0.1:${port()}/ws`;
  const http = (who: UserName, method: 'GET' | 'POST', path: string, payload?: unknown) =>
    t.app.inject({ method, url: path, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const openCase = async (title: string) => {
    const res = await http('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title } });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };
  const comment = async (id: string, text: string) => expect((await http('monitor', 'POST', `/api/cases/${id}/events`, { type: 'COMMENT', data: { text } })).statusCode).toBe(200);
  /** Every message sent so far handled, the catch-ups they queued run, and all their answers read. */
  const settle = async (c: Client) => {
    await c.roundTrip();
    await t.app.qt.hub.idle();
    await c.roundTrip();
  };
  const statsOf = (who: UserName) => t.app.qt.hub.connections().filter((s) => s.userId === t.world.ids[who]);

  it('answers a flood of catch-ups once per window, sends each case once, and never queues more than the cap', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await openCase(`Hồ sơ số ${i}`)).id);
    await t.app.qt.hub.idle();
    const c = await Client.connect(wsUrl(), t.cookies.observer);
    for (let i = 0; i < 100; i++) c.send({ type: 'subscribe', topics: ['cases'], since: 0 });
    await settle(c);

    expect(c.of('subscribed')).toHaveLength(100);
    const updates = c.of('case.updated');
    expect(updates.map((m) => m.case!.id).sort()).toEqual([...ids].sort());
    expect(c.of('error')).toHaveLength(99);
    for (const e of c.of('error')) expect(e).toEqual({ type: 'error', code: 'QT_LIVE_CATCH_UP_LIMITED', message: vi('QT_LIVE_CATCH_UP_LIMITED') });
    // one catch-up's bytes, and for each other message a short answer
    expect(c.bytes).toBeLessThan(framed(updates) + 100 * 300);
    const [stats] = statsOf('observer');
    expect(stats!.bytesSent).toBe(framed(c.messages));
    expect(stats!.peakBuffered).toBeLessThanOrEqual(BUFFER);

    // the next window: a catch-up is answered again, but sends no case this socket already has
    t.clock.advance(10_000);
    c.send({ type: 'subscribe', topics: ['cases'], since: 0 });
    await settle(c);
    expect(c.of('case.updated')).toHaveLength(20);
    expect(c.of('error')).toHaveLength(99);
    // a change is pushed live; a catch-up after it does not send it again
    await comment(ids[3]!, 'đã thay đổi');
    await c.until((ms) => ms.filter((m) => m.type === 'case.updated').length === 21, 'the live push');
    t.clock.advance(10_000);
    c.send({ type: 'subscribe', topics: ['cases'], since: 0 });
    await settle(c);
    expect(c.of('case.updated')).toHaveLength(21);
    expect(c.closed).toBeNull();
    c.ws.close();
  });

  it('gives a user no fresh catch-up by reconnecting: as many per window as the sockets they may hold', async () => {
    for (let i = 0; i < 3; i++) await openCase(`Hồ sơ số ${i}`);
    await t.app.qt.hub.idle();
    const caughtUp: number[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await Client.connect(wsUrl(), t.cookies.observer, { 'accept-language': 'en-GB,en;q=0.9' });
      c.send({ type: 'subscribe', topics: ['cases'], since: 0 });
      await settle(c);
      caughtUp.push(c.of('case.updated').length);
      // refused in the language the browser asked for
      if (i >= 8) expect(c.of('error')).toEqual([{ type: 'error', code: 'QT_LIVE_CATCH_UP_LIMITED', message: ErrorCatalog.QT_LIVE_CATCH_UP_LIMITED.message.en }]);
      c.ws.close();
    }
    expect(caughtUp).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 0, 0]);
    t.clock.advance(10_000);
    const later = await Client.connect(wsUrl(), t.cookies.observer);
    later.send({ type: 'subscribe', topics: ['cases'], since: 0 });
    await settle(later);
    expect(later.of('case.updated')).toHaveLength(3);
    later.ws.close();
  });

  it('ignores a socket’s messages past its limit for the minute, says so once, and keeps the socket', async () => {
    const flood = await Client.connect(wsUrl(), t.cookies.observer);
    for (let i = 0; i < 130; i++) flood.send({ type: 'ping' });
    flood.ws.close(1000); // the server handles the frames in order: its close answer comes after every ping's
    await flood.untilClosed();
    expect(flood.of('pong')).toHaveLength(120);
    expect(flood.of('error')).toEqual([{ type: 'error', code: 'QT_LIVE_TOO_MANY_MESSAGES', message: vi('QT_LIVE_TOO_MANY_MESSAGES') }]);
    expect([flood.closed, flood.closeReason]).toEqual([1000, '']); // closed by the client, not by the server

    // the minute is the server's clock's
    const steady = await Client.connect(wsUrl(), t.cookies.observer);
    for (let i = 0; i < 120; i++) steady.send({ type: 'ping' });
    await steady.until((ms) => ms.length === 120, '120 pongs');
    t.clock.advance(60_000);
    await steady.roundTrip();
    expect(steady.of('pong')).toHaveLength(121);
    expect(steady.of('error')).toEqual([]);
    steady.ws.close();
  });

  it('refuses a user’s handshake past their connection limit, with a coded error; others connect', async () => {
    const open: Client[] = [];
    for (let i = 0; i < 7; i++) open.push(await Client.connect(wsUrl(), t.cookies.secretariat));
    // four handshakes at once for the last place: one keeps it, the others are refused or closed at once
    const racing = (await Promise.all([1, 2, 3, 4].map(() => Client.connect(wsUrl(), t.cookies.secretariat).catch(() => null)))).filter((c) => c !== null);
    await expect.poll(() => racing.filter((c) => c.closed === null).length, { timeout: 10_000 }).toBe(1);
    for (const c of racing) if (c.closed !== null) expect([c.closed, c.closeReason]).toEqual([1008, 'QT_LIVE_TOO_MANY_CONNECTIONS']);
    open.push(racing.find((c) => c.closed === null)!);
    expect(statsOf('secretariat')).toHaveLength(8);
    const refused = await Client.refusal(wsUrl(), t.cookies.secretariat);
    expect(refused).toEqual({ status: 429, body: errorBody('QT_LIVE_TOO_MANY_CONNECTIONS', ErrorCatalog.QT_LIVE_TOO_MANY_CONNECTIONS.message) });
    expect((await Client.refusal(wsUrl(), t.cookies.lead)).status).toBe(101);
    for (const c of open) expect(c.closed).toBeNull();
    // one closed: a place is free again
    open.pop()!.ws.close();
    await expect.poll(async () => (await Client.refusal(wsUrl(), t.cookies.secretariat)).status, { timeout: 10_000 }).toBe(101);
    for (const c of open) c.ws.close();
  });

  it('closes a client that stops reading once its queue passes the cap; the others keep their pushes and the server answers', async () => {
    const big = await openCase('Trang giả mạo ' + 'x'.repeat(250_000));
    const small = await openCase('Hồ sơ nhỏ');
    await t.app.qt.hub.idle();
    const reader = await Client.connect(wsUrl(), t.cookies.verifier);
    reader.send({ type: 'subscribe', topics: ['cases'] });
    await reader.roundTrip();
    const known = new Set(t.app.websocketServer.clients);
    const slow = await Client.connect(wsUrl(), t.cookies.lead);
    const server = [...t.app.websocketServer.clients].find((s) => !known.has(s)) as ServerSocket;
    slow.send({ type: 'subscribe', topics: ['cases'] });
    await slow.roundTrip();
    const [slowStats] = statsOf('lead');
    slow.ws.pause(); // stops reading: the kernel's buffers fill, then the server's

    let comments = 0;
    let peak = 0;
    while (server.readyState === server.OPEN && comments < 200) {
      await comment(big.id, `lần ${comments++}`);
      await t.app.qt.hub.idle();
      peak = Math.max(peak, server.bufferedAmount);
    }
    expect(server.readyState).not.toBe(server.OPEN);
    expect(slowStats!.closed).toEqual({ code: 1013, reason: 'QT_LIVE_TOO_SLOW' });
    expect(slowStats!.peakBuffered).toBeLessThanOrEqual(BUFFER);
    expect(peak).toBeLessThanOrEqual(BUFFER);
    expect(statsOf('lead')).toEqual([]); // forgotten: no push is even tried

    // the reader got every push, and still gets them; the server answers
    await reader.until((ms) => ms.filter((m) => m.case?.id === big.id).length === comments, 'every push of the big case');
    await comment(small.id, 'vẫn chạy');
    await reader.until((ms) => ms.some((m) => m.case?.id === small.id), 'a push after the slow client was closed');
    const health = await fetch(`http://127.0.0.1:${port()}/api/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok', database: 'ok' }]);
    expect(reader.closed).toBeNull();

    // reading again, the slow client finds what was queued for it, then the coded close
    slow.ws.resume();
    await slow.untilClosed();
    expect([slow.closed, slow.closeReason]).toEqual([1013, 'QT_LIVE_TOO_SLOW']);
    expect(slow.of('case.updated').filter((m) => m.case!.id === big.id).length).toBeLessThan(comments);
    reader.ws.close();
  });
});

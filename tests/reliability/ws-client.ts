// A `ws` client for tests against a listening server: collects every message, the bytes it read
// and how the server closed it.
import { expect } from 'vitest';
import WebSocket from 'ws';

export type Msg = { type: string; seq?: number; code?: string; message?: string; case?: { id: string; version: number } };

export class Client {
  messages: Msg[] = [];
  /** bytes of the messages received */
  bytes = 0;
  closed: number | null = null;
  closeReason = '';
  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      this.bytes += raw.length;
      this.messages.push(JSON.parse(String(raw)));
    });
    ws.on('close', (code, reason) => {
      this.closed = code;
      this.closeReason = String(reason);
    });
  }
  static async connect(url: string, cookie: string, headers: Record<string, string> = {}) {
    const ws = new WebSocket(url, { headers: { cookie, ...headers } });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    return new Client(ws);
  }
  /** The status and body of a refused handshake (or 101 when it opened). */
  static async refusal(url: string, cookie: string): Promise<{ status: number; body: any }> {
    const ws = new WebSocket(url, { headers: { cookie } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => (ws.close(), resolve({ status: 101, body: null })));
      ws.once('unexpected-response', (req, res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => (req.destroy(), resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null })));
      });
      ws.on('error', reject); // after resolving: nothing
    });
  }
  send(m: unknown) {
    this.ws.send(typeof m === 'string' || Buffer.isBuffer(m) ? m : JSON.stringify(m));
  }
  of(type: string) {
    return this.messages.filter((m) => m.type === type);
  }
  async until(test: (msgs: Msg[]) => boolean, what: string) {
    await expect.poll(() => test(this.messages) || this.closed !== null, { timeout: 10_000, message: what }).toBe(true);
  }
  async untilClosed() {
    await expect.poll(() => this.closed, { timeout: 10_000, message: 'closed by the server' }).not.toBeNull();
  }
  /** Sends a ping and waits for its pong: every message sent before has been handled. */
  async roundTrip() {
    const pongs = this.of('pong').length;
    this.send({ type: 'ping' });
    await this.until((ms) => ms.filter((m) => m.type === 'pong').length > pongs, 'pong');
  }
}

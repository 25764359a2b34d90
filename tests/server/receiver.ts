// A webhook receiver for the tests: records every request (headers, body, whether its signature
// verifies) and answers as told, one answer per request in order, the last one after that.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  signed: boolean;
}

export type Answer = number | { status: number; location?: string } | 'hold';

export interface Receiver {
  base: string;
  received: Received[];
  /** answers for the next requests (a number: that status; 'hold': no answer until release()) */
  answers: Answer[];
  /** requests being held now */
  held: number;
  release(status?: number): void;
  close(): Promise<void>;
}

export function verifies(secret: string, headers: http.IncomingHttpHeaders, body: string): boolean {
  const ts = String(headers['x-quytrinh-timestamp'] ?? '');
  const given = Buffer.from(String(headers['x-quytrinh-signature'] ?? ''));
  const want = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`);
  return ts !== '' && given.length === want.length && timingSafeEqual(given, want);
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const waiting: (() => void)[] = [];
  const r = { received: [] as Received[], answers: [] as Answer[], held: 0 } as Receiver;
  let releaseStatus = 200;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      r.received.push({ path: req.url ?? '', headers: req.headers, body, signed: verifies(secret, req.headers, body) });
      const answer = r.answers.length > 1 ? r.answers.shift()! : (r.answers[0] ?? 200);
      if (answer === 'hold') {
        r.held++;
        waiting.push(() => {
          r.held--;
          res.writeHead(releaseStatus).end();
        });
        return;
      }
      const a = typeof answer === 'number' ? { status: answer } : answer;
      res.writeHead(a.status, a.location ? { location: a.location } : {}).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  r.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  r.release = (status = 200) => {
    releaseStatus = status;
    for (const w of waiting.splice(0)) w();
  };
  r.close = () => new Promise<void>((ok) => {
    r.release();
    server.closeAllConnections();
    server.close(() => ok());
  });
  return r;
}

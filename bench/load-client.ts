// A load client in its own process: N workers, each on cases of its own, send COMMENT events for
// a fixed time and report throughput and latency as one JSON line on stdout. A worker goes round
// its cases (BENCH_CASES_PER_CLIENT, default 20) so that no case grows without bound: a case
// with thousands of comments is not what officials work on.
//
// Each worker holds one keep-alive HTTP/1.1 connection and writes its request as one prepared
// string, then reads the answer's status and Content-Length (as autocannon does): the client
// shares the machine's two cores with the server and the database, so every microsecond it
// spends is taken from them. (`node:http` cost 0.12 ms per request here, `fetch` more.)
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { percentile } from './lib/server.ts';

const [base, cookie, idsFile, secondsText, clientsText, warmupText] = process.argv.slice(2);
const ids = readFileSync(idsFile, 'utf8').split(',');
const seconds = Number(secondsText);
// Seconds of load before the measured part (see WARMUP_SECONDS in db-limit.ts); the line `measuring`
// on stdout tells the parent when it starts, for its CPU readings.
const warmup = Number(warmupText ?? 0);
const clients = Number(clientsText ?? ids.length);
const perClient = Math.floor(ids.length / clients);
const url = new URL(base);
const body = JSON.stringify({ type: 'COMMENT', data: { text: 'Đã kiểm tra lại đường dẫn, nội dung vẫn còn.' } });
const head = (path: string, key: string) =>
  `POST ${path} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
  `cookie: ${cookie}\r\nidempotency-key: ${key}\r\nconnection: keep-alive\r\n\r\n${body}`;

/** One connection; `send` resolves with the status of the answer once all of it has arrived. */
function connection(): Promise<{ send: (request: string) => Promise<number>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: url.hostname, port: Number(url.port) }, () => resolve({ send, close: () => socket.destroy() }));
    socket.setNoDelay(true);
    socket.once('error', reject);
    let buf: Buffer = Buffer.alloc(0);
    let pending: { resolve: (status: number) => void; reject: (e: Error) => void } | null = null;
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0 || !pending) return;
      const headers = buf.subarray(0, end).toString('latin1');
      const length = /\r\ncontent-length: *(\d+)/i.exec(headers);
      if (!length) return pending.reject(new Error(`answer without content-length: ${headers}`));
      const total = end + 4 + Number(length[1]);
      if (buf.length < total) return;
      buf = buf.subarray(total);
      const done = pending;
      pending = null;
      done.resolve(Number(headers.slice(9, 12)));
    });
    socket.on('close', () => pending?.reject(new Error('connection closed')));
    const send = (request: string) =>
      new Promise<number>((res, rej) => {
        pending = { resolve: res, reject: rej };
        socket.write(request);
      });
  });
}

const latencies: number[] = [];
// BENCH_TRACE=<file>: every measured request as [start, epoch ms; latency, ms; worker], for
// bench/stalls.ts to set beside the server's collections (bench/lib/gc-log.mjs).
const traceFile = process.env.BENCH_TRACE;
const trace: [number, number, number][] = [];
let errors = 0;
let cpu0 = process.cpuUsage();
const from = performance.now() + warmup * 1000;
const end = from + seconds * 1000;
const started = setTimeout(() => {
  cpu0 = process.cpuUsage();
  process.stdout.write('measuring\n');
}, from - performance.now());
await Promise.all(
  Array.from({ length: clients }, async (_, w) => {
    const mine = ids.slice(w * perClient, (w + 1) * perClient);
    let conn = await connection();
    for (let i = 0; performance.now() < end; i++) {
      const t0 = performance.now();
      const status = await conn.send(head(`/api/cases/${mine[i % mine.length]}/events`, `w${w}-${i}-${Math.random()}`)).catch(async () => {
        conn.close();
        conn = await connection();
        return 0;
      });
      if (t0 < from) continue;
      if (status !== 200) errors++;
      else {
        const ms = performance.now() - t0;
        latencies.push(ms);
        if (traceFile) trace.push([performance.timeOrigin + t0, ms, w]);
      }
    }
    conn.close();
  }),
);
clearTimeout(started);
const cpu = process.cpuUsage(cpu0);
latencies.sort((a, b) => a - b);
if (traceFile) writeFileSync(traceFile, JSON.stringify(trace));
console.log(JSON.stringify({ events: latencies.length, cpuMs: (cpu.user + cpu.system) / 1000, errors, perSec: Math.round(latencies.length / seconds), p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) }));

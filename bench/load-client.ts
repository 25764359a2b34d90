// A load client in its own process: N workers, each on cases of its own, send COMMENT events for
// a fixed time and report throughput and latency as one JSON line on stdout. A worker goes round
// its cases (BENCH_CASES_PER_CLIENT, default 20) so that no case grows without bound: a case
// with thousands of comments is not what officials work on. Plain node:http with keep-alive:
// `fetch` costs this process more CPU than the server's own work on two cores.
import { Agent, request } from 'node:http';
import { percentile } from './lib/server.ts';

const [base, cookie, idsCsv, secondsText, clientsText] = process.argv.slice(2);
const ids = idsCsv.split(',');
const seconds = Number(secondsText);
const clients = Number(clientsText ?? ids.length);
const perClient = Math.floor(ids.length / clients);
const url = new URL(base);
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const body = JSON.stringify({ type: 'COMMENT', data: { text: 'Đã kiểm tra lại đường dẫn, nội dung vẫn còn.' } });

function post(path: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie, 'idempotency-key': key } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latencies: number[] = [];
let errors = 0;
const cpu0 = process.cpuUsage();
const end = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async (_, w) => {
    const mine = ids.slice(w * perClient, (w + 1) * perClient);
    for (let i = 0; performance.now() < end; i++) {
      const t0 = performance.now();
      const status = await post(`/api/cases/${mine[i % mine.length]}/events`, `w${w}-${i}-${Math.random()}`).catch(() => 0);
      if (status !== 200) errors++;
      else latencies.push(performance.now() - t0);
    }
  }),
);
agent.destroy();
const cpu = process.cpuUsage(cpu0);
latencies.sort((a, b) => a - b);
console.log(JSON.stringify({ events: latencies.length, cpuMs: (cpu.user + cpu.system) / 1000, errors, perSec: Math.round(latencies.length / seconds), p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) }));

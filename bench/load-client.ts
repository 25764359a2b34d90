// A load client in its own process: N workers, each on its own case, send COMMENT events for a
// fixed time and report throughput and latency as one JSON line on stdout.
import { percentile } from './lib/server.ts';

const [base, cookie, idsCsv, secondsText] = process.argv.slice(2);
const ids = idsCsv.split(',');
const seconds = Number(secondsText);
const latencies: number[] = [];
let errors = 0;
const end = performance.now() + seconds * 1000;
await Promise.all(
  ids.map(async (id, w) => {
    let i = 0;
    while (performance.now() < end) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/cases/${id}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'idempotency-key': `w${w}-${i++}-${Math.random()}` },
        body: JSON.stringify({ type: 'COMMENT', data: { text: 'Đã kiểm tra lại đường dẫn, nội dung vẫn còn.' } }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
      else latencies.push(performance.now() - t0);
    }
  }),
);
latencies.sort((a, b) => a - b);
console.log(JSON.stringify({ events: latencies.length, errors, perSec: Math.round(latencies.length / seconds), p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) }));

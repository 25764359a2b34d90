// Where the slowest requests of a run fall: `npx tsx bench/stalls.ts <trace> [gc-log]`, with the
// load client's trace (BENCH_TRACE) and, optionally, the server's collections
// (bench/lib/gc-log.mjs). Prints the latency percentiles, how many 50 ms windows the slowest 1 %
// ended in (a few windows: the server or the database stalled for every client at once; many:
// queueing), and with the log the percentiles of the requests outside the mark-compacts — what
// the collector costs the p99 — and what the collector did in each window.
import { readFileSync } from 'node:fs';
import { percentile } from './lib/server.ts';

type Request = [start: number, ms: number, worker: number];
type GcEvent = { what: string; at: number; ms: number };

const [traceFile, gcFile] = process.argv.slice(2);
if (!traceFile) {
  console.error('usage: npx tsx bench/stalls.ts <trace.json from BENCH_TRACE> [gc log from bench/lib/gc-log.mjs]');
  process.exit(2);
}
const trace = JSON.parse(readFileSync(traceFile, 'utf8')) as Request[];
const gc = gcFile ? (JSON.parse(readFileSync(gcFile, 'utf8')) as GcEvent[]) : [];
if (trace.length === 0) {
  console.error(`${traceFile} holds no request: was the level measured (BENCH_SECONDS > 0)?`);
  process.exit(1);
}
const t0 = trace.reduce((m, r) => Math.min(m, r[0]), Infinity);
const sorted = (rs: Request[]) => rs.map((r) => r[1]).sort((a, b) => a - b);
const line = (label: string, rs: Request[]) => {
  const l = sorted(rs);
  console.log(`${label}: ${l.length} requests, p50 ${percentile(l, 50).toFixed(1)} ms, p95 ${percentile(l, 95).toFixed(1)} ms, p99 ${percentile(l, 99).toFixed(1)} ms, max ${l[l.length - 1]!.toFixed(1)} ms`);
};
line('all', trace);

const p99 = percentile(sorted(trace), 99);
const slow = trace.filter((r) => r[1] >= p99);
const windows = new Map<number, Request[]>();
for (const r of slow) {
  const w = Math.floor((r[0] + r[1]) / 50);
  const rs = windows.get(w);
  if (rs) rs.push(r);
  else windows.set(w, [r]);
}
console.log(`the slowest 1 % (${slow.length} requests, ≥ ${p99.toFixed(1)} ms) ended in ${windows.size} windows of 50 ms`);

// A mark-compact's cost reaches past its own pause: the incremental marking before it takes the
// other core, and requests queued behind it finish late.
const BEFORE = 60;
const AFTER = 40;
const t1 = trace.reduce((m, r) => Math.max(m, r[0] + r[1]), -Infinity);
// the log covers the server's whole life (every level): only the run's own mark-compacts
const majors = gc.filter((e) => e.what === 'mark-compact' && e.at + e.ms >= t0 - BEFORE && e.at <= t1 + AFTER);
const nearMajor = (r: Request) => majors.some((m) => r[0] <= m.at + m.ms + AFTER && r[0] + r[1] >= m.at - BEFORE);
if (majors.length) {
  const outside = trace.filter((r) => !nearMajor(r));
  line(`outside the ${majors.length} mark-compact${majors.length === 1 ? "" : "s"} (from ${BEFORE} ms before each to ${AFTER} ms after)`, outside);
}
for (const [w, rs] of [...windows].sort((a, b) => b[1].length - a[1].length).slice(0, 12)) {
  const from = Math.min(...rs.map((r) => r[0]));
  const to = w * 50 + 50;
  const during = gc.filter((e) => e.at + e.ms >= from - 20 && e.at <= to && e.what !== 'scavenge');
  const what = during.map((e) => `${e.what} ${e.ms.toFixed(1)} ms at ${((e.at - t0) / 1000).toFixed(2)} s`).join('; ');
  console.log(`  ${((w * 50 - t0) / 1000).toFixed(2)} s: ${rs.length} requests, the slowest ${Math.max(...rs.map((r) => r[1])).toFixed(0)} ms${what ? ` — ${what}` : ''}`);
}

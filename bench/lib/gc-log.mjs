// Preloaded into the server by BENCH_TRACE=<dir> (bench/lib/server.ts): records each garbage
// collection and each stall of the event loop over 12 ms, in epoch milliseconds, and writes them
// to BENCH_GC_LOG (default /tmp/qt-gc-log.json) when the server is told to stop.
// bench/stalls.ts sets them beside the load client's trace (BENCH_TRACE).
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';

const KIND = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
const origin = performance.timeOrigin;
const events = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) events.push({ what: KIND[e.detail?.kind] ?? `gc ${e.detail?.kind}`, at: origin + e.startTime, ms: e.duration });
}).observe({ entryTypes: ['gc'] });

const TICK = 5;
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > TICK + 12) events.push({ what: 'event loop stalled', at: origin + last, ms: now - last - TICK });
  last = now;
}, TICK).unref();

// before the server's own handler, which exits
process.prependListener('SIGTERM', () => writeFileSync(process.env.BENCH_GC_LOG ?? '/tmp/qt-gc-log.json', JSON.stringify(events)));

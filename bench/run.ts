// npm run bench: every scenario, a table on stdout and JSON in bench/results/.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchHttp } from './http.ts';
import { WARMUP_SECONDS } from './db-limit.ts';
import { benchScale, printScale } from './scale.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const ms = (n: number) => `${n.toFixed(1)} ms`;

console.log('Scenario 1: engine in memory');
execSync('npx tsx bench/engine.ts', { stdio: 'inherit' });

console.log(`\nScenarios 2, 3, 4, 6: durable events over HTTP, ${seconds}s per level after ${WARMUP_SECONDS}s of warm-up (this takes a few minutes)`);
const http = await benchHttp(seconds, subscribers);
console.table(http.rows.map((r) => ({ db: r.db, clients: r.clients, cases: r.cases, thread: r.thread, 'events/s': r.eventsPerSec, p50: ms(r.p50), p95: ms(r.p95), p99: ms(r.p99), errors: r.errors, 'limit tx/s': r.limitTxPerSec, 'limit p50': ms(r.limitP50), 'limit p99': ms(r.limitP99), 'ratio engine/limit': r.ratio })));
console.log('CPU per event (ms): the server process, PostgreSQL, the load client — two cores give 2,000 ms a second to share');
console.table(http.rows.filter((r) => r.cpu).map((r) => ({ db: r.db, clients: r.clients, cases: r.cases, thread: r.thread, server: r.cpu!.server, 'server (kernel)': r.cpu!.serverSys, database: r.cpu!.db, 'database (kernel)': r.cpu!.dbSys, client: r.cpu!.client, 'WAL B/event': r.wal?.bytesPerEvent ?? '', 'HOT %': r.wal?.hotPct ?? '', 'WAL files made': r.wal?.segmentsMade ?? '', total: Math.round((r.cpu!.server + r.cpu!.db + r.cpu!.client) * 1000) / 1000, 'limit tx: db + client': r.limitCpu ? Math.round((r.limitCpu.db + r.limitCpu.client) * 1000) / 1000 : '', 'RSS MB': r.rssMb })));
if (http.floor.length) {
  console.log(`HTTP floor: Fastify alone answering the same requests with a case of ${http.floor[0]!.answerBytes.toLocaleString('en')} bytes (no engine, no database)`);
  console.table(http.floor.map((f) => ({ clients: f.clients, 'req/s': f.reqPerSec, p50: ms(f.p50), p99: ms(f.p99), 'server CPU/req': f.cpu.server, 'client CPU/req': f.cpu.client })));
}
console.table(http.memory.map((m) => ({ db: m.db, 'RSS idle': `${m.idleMb} MB`, 'RSS at 32 clients': `${m.loadMb} MB` })));
if (http.fanout) console.table([{ subscribers: http.fanout.subscribers, rounds: http.fanout.rounds, p50: ms(http.fanout.p50), p99: ms(http.fanout.p99) }]);

// BENCH_CASES=0 leaves scenario 5 out (it seeds for ~2-3 minutes at 1,000,000 cases)
const scaleCases = Number(process.env.BENCH_CASES ?? 1_000_000);
let scale: Awaited<ReturnType<typeof benchScale>> | null = null;
if (scaleCases > 0 && (!process.env.BENCH_DB || process.env.BENCH_DB === 'postgres')) {
  console.log(`\nScenario 5: inbox, quarterly report and live catch-up at ${scaleCases.toLocaleString('en')} cases (PostgreSQL)`);
  scale = await benchScale(scaleCases);
  printScale(scale);
}

const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), node: process.version };
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ machine, seconds, warmupSeconds: WARMUP_SECONDS, ...http, scale }, null, 2));
console.log(`\nwritten ${file}`);

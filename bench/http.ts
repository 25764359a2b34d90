// Scenarios 2, 3, 4 and 6: durable events over HTTP against the limit of the database, live
// fan-out, and the server's memory — on PostgreSQL and on PGlite, in one run.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { limitOnPglite, limitOnPostgres, WARMUP_SECONDS, type LimitResult } from './db-limit.ts';
import { fanout } from './fanout.ts';
import { cpuSplit } from './cpu.ts';
import { segmentsMade, walPosition, walSteadyState } from './lib/wal.ts';
import { BENCH_USER, freePort, login, openCases, prepare, startServer, type Target } from './lib/server.ts';

// BENCH_CLIENTS=1,32 and BENCH_DB=postgres narrow a run while working on one figure.
const CONCURRENCY = (process.env.BENCH_CLIENTS ?? '1,8,32').split(',').map(Number);
const ONLY_DB = process.env.BENCH_DB;

const CASES_PER_CLIENT = Number(process.env.BENCH_CASES_PER_CLIENT ?? 20);
// BENCH_SPREAD_CASES: on PostgreSQL, the most clients once more over this many cases — more than the
// server's CaseCache keeps (5,000), so that every event reads its case (0 leaves the level out)
const SPREAD_CASES = Number(process.env.BENCH_SPREAD_CASES ?? 8000);
// BENCH_THREAD_CASES, BENCH_THREAD_COMMENTS: on PostgreSQL, the most clients once more over this many
// cases, each opened with a thread of this many comments — what the server holds in memory when
// the cases it remembers have long threads (0 leaves the level out)
const THREAD_CASES = Number(process.env.BENCH_THREAD_CASES ?? 5000);
const THREAD_COMMENTS = Number(process.env.BENCH_THREAD_COMMENTS ?? 100);

// BENCH_TRACE=<dir>: each level's requests (trace-<db>-<clients>.json) and the server's collections
// (gc-<db>.json) are written there, for bench/stalls.ts.
const TRACE_DIR = process.env.BENCH_TRACE;

/** The load client for `seconds` after WARMUP_SECONDS; `onMeasure` runs as its measured part starts. */
function runClient(base: string, cookie: string, ids: string[], seconds: number, clients: number, label: string, onMeasure: () => void = () => {}) {
  return new Promise<{ events: number; cpuMs: number; perSec: number; p50: number; p95: number; p99: number; errors: number }>((resolve, reject) => {
    // the ids go in a file: thousands of them overflow one argument (E2BIG at ~128 KB)
    const idsFile = join(tmpdir(), `quytrinh-bench-ids-${process.pid}-${label}-${clients}.txt`);
    writeFileSync(idsFile, ids.join(','));
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-client.ts', base, cookie, idsFile, String(seconds), String(clients), String(WARMUP_SECONDS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_TRACE: TRACE_DIR ? join(TRACE_DIR, `trace-${label}-${clients}.json`) : '' },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      const measuring = out.includes('measuring\n');
      out += d;
      if (!measuring && out.includes('measuring\n')) onMeasure();
    });
    child.on('exit', (code) => {
      rmSync(idsFile, { force: true });
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!));
      else reject(new Error(`load client exited ${code}`));
    });
  });
}

export interface FloorRow {
  clients: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** CPU per request, ms: the server process, the load client */
  cpu: { server: number; client: number };
  answerBytes: number;
}

/**
 * The HTTP floor: the same load client against Fastify alone (bench/lib/floor-server.ts), which
 * answers with `answer` (a case the real server answered) — what the event path's HTTP part
 * costs at the least on this machine, beside which the server's own figures are read.
 */
async function httpFloor(answer: string, dir: string, seconds: number): Promise<FloorRow[]> {
  const file = join(dir, 'floor-answer.json');
  writeFileSync(file, answer);
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/floor-server.ts', file, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout!.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`floor server exited ${code}`)));
  });
  const rows: FloorRow[] = [];
  try {
    const base = `http://127.0.0.1:${port}`;
    for (const clients of CONCURRENCY) {
      const ids = Array.from({ length: clients * CASES_PER_CLIENT }, (_, i) => `case-${i}`);
      let c0 = cpuSplit(child.pid!);
      const r = await runClient(base, 'qt_session=floor', ids, seconds, clients, 'floor', () => (c0 = cpuSplit(child.pid!)));
      const c1 = cpuSplit(child.pid!);
      const per = (ms: number) => Math.round((ms / Math.max(1, r.events)) * 1000) / 1000;
      rows.push({ clients, reqPerSec: r.perSec, p50: r.p50, p99: r.p99, cpu: { server: per(c1.user + c1.sys - c0.user - c0.sys), client: per(r.cpuMs) }, answerBytes: Buffer.byteLength(answer) });
    }
  } finally {
    child.kill('SIGTERM');
  }
  return rows;
}

/** WAL written so far, and the `cases` updates of a schema (all, HOT): deterministic where CPU figures are noisy. */
async function walMark(url: string, schema: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ upd: string; hot: string }>(
      `SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'cases'`,
      [schema],
    );
    return { at: await walPosition(client), upd: Number(rows[0]?.upd ?? 0), hot: Number(rows[0]?.hot ?? 0) };
  } finally {
    await client.end();
  }
}

/**
 * Gives each case a comment thread of `n` comments, in its data and its snapshot's (which the
 * data mirrors), as if it had been commented on that often — in one statement instead of n events.
 */
async function growThreads(url: string, schema: string, ids: string[], n: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`); // the search trigger's functions
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${pg.escapeIdentifier(schema)}.users WHERE username = $1`, [BENCH_USER.username]);
    const thread = Array.from({ length: n }, (_, i) => ({ text: `Ý kiến số ${i + 1}: đã kiểm tra lại đường dẫn, nội dung vẫn còn.`, by: rows[0].id, at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }));
    await client.query(
      `UPDATE ${pg.escapeIdentifier(schema)}.cases
          SET data = jsonb_set(data, '{comments}', $1::jsonb),
              snapshot = jsonb_set(snapshot, '{context,data,comments}', $1::jsonb)
        WHERE id = ANY($2::text[])`,
      [JSON.stringify(thread), ids],
    );
  } finally {
    await client.end();
  }
}

/** VACUUM (ANALYZE) every table of a schema (PostgreSQL). */
async function vacuum(url: string, schema: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string }>('SELECT tablename AS t FROM pg_tables WHERE schemaname = $1', [schema]);
    for (const { t } of rows) await client.query(`VACUUM (ANALYZE) ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(t)}`);
  } finally {
    await client.end();
  }
}

export interface HttpRow {
  db: string;
  clients: number;
  /** the cases the clients go round (more than the CaseCache holds: every event reads its case) */
  cases: number;
  /** the comments each case was opened with (0: none; the level of long threads) */
  thread: number;
  eventsPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /**
   * PostgreSQL: bytes of WAL per event, the share of `cases` updates that were HOT (no index
   * entries), and the WAL segment files made while measured (each holds up the commits waiting
   * on it: lib/wal.ts; null: not allowed to list them)
   */
  wal?: { bytesPerEvent: number; hotPct: number; segmentsMade: number | null };
  /** CPU per event, ms: the server process, PostgreSQL (all its processes), the load client */
  cpu?: { server: number; serverSys: number; db: number; dbSys: number; client: number };
  limitTxPerSec: number;
  /** the limit's own latency at that concurrency, ms: what a durable step costs at the least */
  limitP50: number;
  limitP99: number;
  /** CPU per limit transaction, ms: PostgreSQL and the driving process */
  limitCpu?: { db: number; client: number };
  ratio: number;
  /** the server's resident memory at its highest in the level (sampled every 250 ms), MB */
  rssMb: number;
}

export async function benchHttp(seconds: number, subscribers: number) {
  const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'qt-bench-'));
  if (TRACE_DIR) mkdirSync(TRACE_DIR, { recursive: true });
  const targets = ([
    // the fan-out's subscribers are all the bench user's sockets
    { name: 'postgres', env: { DATABASE_URL: pgUrl, QUYTRINH_DB_SCHEMA: schema, QUYTRINH_WS_CONNECTIONS_PER_USER: String(Math.max(8, subscribers)) }, store: { url: pgUrl, schema } },
    { name: 'pglite', env: { QUYTRINH_DATA_DIR: dir }, store: { dataDir: dir } },
  ] as Target[]).filter((t) => !ONLY_DB || t.name === ONLY_DB);
  const rows: HttpRow[] = [];
  const memory: { db: string; idleMb: number; loadMb: number }[] = [];
  let fan: Awaited<ReturnType<typeof fanout>> | null = null;
  let floor: FloorRow[] = [];
  let lastAnswer: string | null = null;
  try {
    for (const target of targets) {
      await prepare(target);
      // BENCH_WAL_STEADY=0 leaves the WAL as it is (a fresh cluster makes its segment files under the load)
      if (target.name === 'postgres' && process.env.BENCH_WAL_STEADY !== '0') {
        const skipped = await walSteadyState(pgUrl, schema);
        if (skipped) console.log(`WAL left as it is (${skipped}): segment files made under the load hold up commits`);
      }
      const server = await startServer(target);
      try {
        const cookie = await login(server.base);
        const idleMb = server.rssMb();
        let loadMb = 0;
        const measured: Omit<HttpRow, 'limitTxPerSec' | 'limitP50' | 'limitP99' | 'ratio'>[] = [];
        const levels = CONCURRENCY.map((clients) => ({ clients, cases: clients * CASES_PER_CLIENT, label: target.name as string, thread: 0 }));
        // The most clients again, over more cases than the server's CaseCache holds (PostgreSQL),
        // then over cases with long threads
        const most = Math.max(...CONCURRENCY);
        if (target.name === 'postgres' && SPREAD_CASES > most * CASES_PER_CLIENT) levels.push({ clients: most, cases: SPREAD_CASES, label: `${target.name}-spread`, thread: 0 });
        if (target.name === 'postgres' && THREAD_CASES > 0 && THREAD_COMMENTS > 0) levels.push({ clients: most, cases: THREAD_CASES, label: `${target.name}-threads`, thread: THREAD_COMMENTS });
        for (const { clients, cases, label, thread } of levels) {
          const ids = await openCases(server.base, cookie, cases);
          if (thread) await growThreads(pgUrl, schema, ids, thread);
          let levelMb = 0;
          // Each level starts from a vacuumed, analysed database, as pgbench does before a run:
          // otherwise the dead rows of the level before are vacuumed in the middle of this one.
          if (target.name === 'postgres') await vacuum(pgUrl, schema);
          const sampler = setInterval(() => {
            levelMb = Math.max(levelMb, server.rssMb());
            if (clients === 32) loadMb = Math.max(loadMb, levelMb);
          }, 250);
          let wal0 = null as ReturnType<typeof walMark> | null;
          let cpu0 = { server: cpuSplit(server.child.pid!), db: cpuSplit('postgres') };
          const r = await runClient(server.base, cookie, ids, seconds, clients, label, () => {
            cpu0 = { server: cpuSplit(server.child.pid!), db: cpuSplit('postgres') };
            if (target.name === 'postgres') wal0 = walMark(pgUrl, schema);
          });
          const per = (ms: number) => Math.round((ms / Math.max(1, r.events)) * 1000) / 1000;
          const s1 = cpuSplit(server.child.pid!);
          const d1 = cpuSplit('postgres');
          const cpu = {
            server: per(s1.user + s1.sys - cpu0.server.user - cpu0.server.sys),
            serverSys: per(s1.sys - cpu0.server.sys),
            // PGlite runs inside the server process
            db: target.name === 'postgres' ? per(d1.user + d1.sys - cpu0.db.user - cpu0.db.sys) : 0,
            dbSys: target.name === 'postgres' ? per(d1.sys - cpu0.db.sys) : 0,
            client: per(r.cpuMs),
          };
          clearInterval(sampler);
          let wal: HttpRow['wal'];
          if (wal0) {
            const w0 = await wal0;
            await new Promise((res) => setTimeout(res, 600)); // backends report their table statistics at most every 0.5 s
            const wal1 = await walMark(pgUrl, schema);
            wal = {
              bytesPerEvent: Math.round((wal1.at.lsn - w0.at.lsn) / Math.max(1, r.events)),
              hotPct: Math.round(((wal1.hot - w0.hot) / Math.max(1, wal1.upd - w0.upd)) * 100),
              segmentsMade: segmentsMade(w0.at, wal1.at),
            };
          }
          measured.push({ db: target.name, clients, cases, thread, eventsPerSec: r.perSec, p50: r.p50, p95: r.p95, p99: r.p99, errors: r.errors, cpu, wal, rssMb: levelMb });
        }
        memory.push({ db: target.name, idleMb, loadMb });
        if (target.name === 'postgres' || !lastAnswer) {
          // a case as the server answers it after the run (a few dozen comments), for the HTTP floor
          const [id] = await openCases(server.base, cookie, 1);
          for (let i = 0; i < 25; i++) {
            const res = await fetch(`${server.base}/api/cases/${id}/events`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ type: 'COMMENT', data: { text: 'Đã kiểm tra lại đường dẫn, nội dung vẫn còn.' } }) });
            lastAnswer = await res.text();
          }
        }
        if (target.name === 'postgres' && subscribers > 0) {
          const [caseId] = await openCases(server.base, cookie, 1);
          fan = await fanout(server.base, cookie, caseId, subscribers, 30);
        }
        await server.stop();
        // The limit, measured right after, on the same database with the server stopped.
        const limits: LimitResult[] =
          target.name === 'postgres' ? await limitOnPostgres(pgUrl, CONCURRENCY, seconds) : await limitOnPglite(join(dir, 'limit'), CONCURRENCY, seconds);
        for (const m of measured) {
          const l = limits.find((x) => x.clients === m.clients)!; // the spread level: the same limit
          rows.push({ ...m, limitTxPerSec: l.txPerSec, limitP50: l.p50, limitP99: l.p99, limitCpu: l.cpu, ratio: Math.round((m.eventsPerSec / l.txPerSec) * 100) / 100 });
        }
      } catch (e) {
        await server.stop();
        throw e;
      }
    }
    if (lastAnswer) floor = await httpFloor(lastAnswer, dir, seconds);
  } finally {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, memory, fanout: fan, floor };
}

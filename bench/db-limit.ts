// Scenario 3, the limit: the database's own cost of one durable step — one transaction that
// updates one row and inserts one row — at 1, 8 and 32 concurrent clients, each on its own row.
// Through `pg` on PostgreSQL (DATABASE_URL, default the local test database) and through PGlite.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { cpuMs } from './cpu.ts';

export interface LimitResult {
  db: string;
  clients: number;
  txPerSec: number;
  p50: number;
  p99: number;
  /** CPU per transaction, ms: PostgreSQL's processes and this one (PGlite: all in this one) */
  cpu?: { db: number; client: number };
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS bench_case (id int PRIMARY KEY, version int NOT NULL, snapshot jsonb NOT NULL);
  CREATE TABLE IF NOT EXISTS bench_event (seq bigserial PRIMARY KEY, case_id int NOT NULL, data jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now());
`;
const SNAPSHOT = JSON.stringify({ status: 'active', value: 'verifying', context: { data: { description: 'x'.repeat(400) } } });

/**
 * Seconds each level runs before it is measured (BENCH_WARMUP, default 2), here and in the load
 * client: the first second after a start is the JIT compiling, the caches and the connections
 * filling — a start-up cost, not the steady state the figures are about.
 */
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 2);

function pct(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

type Exec = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Runs the clients for WARMUP_SECONDS unmeasured, then `seconds` measured; `onMeasure` is
 * called as the measured part starts (where the caller takes its CPU readings).
 */
async function drive(clients: Exec[], seconds: number, onMeasure: () => void = () => {}): Promise<{ n: number; lat: number[] }> {
  const lat: number[] = [];
  const from = performance.now() + WARMUP_SECONDS * 1000;
  const end = from + seconds * 1000;
  const started = setTimeout(onMeasure, from - performance.now());
  let n = 0;
  await Promise.all(
    clients.map(async (exec, i) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await exec('BEGIN', []);
        await exec('UPDATE bench_case SET version = version + 1, snapshot = $2 WHERE id = $1', [i, SNAPSHOT]);
        await exec('INSERT INTO bench_event (case_id, data) VALUES ($1, $2)', [i, '{"type":"COMMENT"}']);
        await exec('COMMIT', []);
        if (t0 < from) continue;
        lat.push(performance.now() - t0);
        n++;
      }
    }),
  );
  clearTimeout(started);
  return { n, lat: lat.sort((a, b) => a - b) };
}

export async function limitOnPostgres(url: string, concurrency: number[], seconds: number): Promise<LimitResult[]> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(SCHEMA);
  await setup.query('TRUNCATE bench_case, bench_event');
  await setup.query(`INSERT INTO bench_case SELECT g, 0, $1::jsonb FROM generate_series(0, 63) g`, [SNAPSHOT]);
  const out: LimitResult[] = [];
  for (const c of concurrency) {
    await setup.query('VACUUM (ANALYZE) bench_case, bench_event'); // as before each level of scenario 2
    const conns = await Promise.all(Array.from({ length: c }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }));
    let before = { db: 0, self: process.cpuUsage() };
    const r = await drive(conns.map((cl) => (q, p) => cl.query(q, p)), seconds, () => (before = { db: cpuMs('postgres'), self: process.cpuUsage() }));
    const self = process.cpuUsage(before.self);
    const per = (ms: number) => Math.round((ms / Math.max(1, r.n)) * 1000) / 1000;
    const cpu = { db: per(cpuMs('postgres') - before.db), client: per((self.user + self.system) / 1000) };
    out.push({ db: 'postgres', clients: c, txPerSec: Math.round(r.n / seconds), p50: pct(r.lat, 50), p99: pct(r.lat, 99), cpu });
    await Promise.all(conns.map((cl) => cl.end()));
  }
  await setup.query('DROP TABLE bench_case, bench_event');
  await setup.end();
  return out;
}

export async function limitOnPglite(dataDir: string, concurrency: number[], seconds: number): Promise<LimitResult[]> {
  const db = await PGlite.create(dataDir);
  await db.exec(SCHEMA);
  await db.query(`INSERT INTO bench_case SELECT g, 0, $1::jsonb FROM generate_series(0, 63) g ON CONFLICT DO NOTHING`, [SNAPSHOT]);
  const out: LimitResult[] = [];
  for (const c of concurrency) {
    // PGlite is one connection: transactions queue behind each other, as they do in the server.
    const clients = Array.from({ length: c }, (_, i): Exec => async (q, p) => {
      if (q === 'BEGIN' || q === 'COMMIT') return;
      return db.transaction(async (tx) => {
        await tx.query('UPDATE bench_case SET version = version + 1, snapshot = $2 WHERE id = $1', [i, SNAPSHOT]);
        await tx.query('INSERT INTO bench_event (case_id, data) VALUES ($1, $2)', [i, '{"type":"COMMENT"}']);
      }).then(() => undefined);
    });
    // Count a whole transaction once: only the UPDATE call runs it.
    const wrapped = clients.map((exec): Exec => (q, p) => (q.startsWith('UPDATE') ? exec(q, p) : Promise.resolve()));
    const r = await drive(wrapped, seconds);
    out.push({ db: 'pglite', clients: c, txPerSec: Math.round(r.n / seconds), p50: pct(r.lat, 50), p99: pct(r.lat, 99) });
  }
  await db.close();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const rows = [...(await limitOnPostgres(url, [1, 8, 32], seconds)), ...(await limitOnPglite('memory://', [1, 8, 32], seconds))];
  console.table(rows.map((r) => ({ ...r, p50: r.p50.toFixed(2) + ' ms', p99: r.p99.toFixed(2) + ' ms' })));
}

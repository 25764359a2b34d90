// Starts the real server as a child process on a prepared database and logs a bench user in.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { migrate, openStore, type OpenOptions } from '../../server/db/connect.ts';
import { installProcedures } from '../../server/seed.ts';
import { createUnit, createUser } from '../../server/stores/users.ts';

export const BENCH_USER = { username: 'bench', password: 'bench-password-1' };

export interface Target {
  name: 'postgres' | 'pglite';
  env: Record<string, string>;
  store: OpenOptions;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Migrates, installs the procedures and creates the bench user (all working roles, one unit). */
export async function prepare(target: Target) {
  const store = await openStore(target.store);
  const m = await migrate(store);
  if (!m.ok) throw new Error(`migration failed: ${String(m.error)}`);
  const now = new Date();
  await installProcedures(store.db, now, () => {});
  const existing = await store.db.selectFrom('users').select('id').where('username', '=', BENCH_USER.username).executeTakeFirst();
  if (!existing) {
    const unit = await createUnit(store.db, 'Đơn vị đo hiệu năng', now);
    await createUser(store.db, { username: BENCH_USER.username, displayName: 'Bench', unitId: unit.id, roles: ['monitor', 'verifier', 'lead', 'liaison', 'secretariat'], password: BENCH_USER.password }, now);
  }
  await store.close();
}

export interface Running {
  base: string;
  child: ChildProcess;
  rssMb(): number;
  stop(): Promise<void>;
}

/** The server as `npm start` runs it: today's code bundled, with the environment and node flags of the start script. */
let command: { env: Record<string, string>; args: string[] } | null = null;
function serverCommand() {
  if (!command) {
    execFileSync('npm', ['run', '-s', 'build:server'], { stdio: 'inherit' });
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    const m = /\b(?:cross-env )?((?:[A-Z_]+=\S+ )*)node ((?:--\S+ )*)(dist\/server\.js)\b/.exec(start);
    if (!m) throw new Error(`package.json "start" does not end in "[cross-env] [VAR=value …] node [flags] dist/server.js": ${start}`);
    const env = Object.fromEntries(m[1].split(' ').filter(Boolean).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
    command = { env, args: [...m[2].split(' ').filter(Boolean), m[3]] };
  }
  return command;
}

/** `label` names the collections log under BENCH_TRACE (gc-<label>.json). */
export async function startServer(target: Target, label: string = target.name): Promise<Running> {
  const port = await freePort();
  // BENCH_CPU_PROF=dir writes the server's CPU profile there (node --cpu-prof) when it stops.
  const flags = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_NODE_FLAGS: more flags for the server's node (e.g. --heap-prof --heap-prof-dir=…)
  flags.push(...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean));
  // BENCH_TRACE=dir: the server's collections and event-loop stalls go there too (bench/stalls.ts)
  const trace: Record<string, string> = {};
  if (process.env.BENCH_TRACE) {
    trace.BENCH_GC_LOG = join(process.env.BENCH_TRACE, `gc-${label}.json`);
    flags.push('--import=./bench/lib/gc-log.mjs');
  }
  const { env, args } = serverCommand();
  const child = spawn(process.execPath, [...flags, ...args], {
    env: { ...process.env, ...env, ...target.env, ...trace, PORT: String(port), HOST: '127.0.0.1', QUYTRINH_DEMO: '0', QUYTRINH_ADMIN_PASSWORD: 'bench-admin-1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    child,
    rssMb: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : NaN;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          // BENCH_SERVER_LOG=file keeps what the server printed (with BENCH_NODE_FLAGS=--trace-gc, its collections)
          if (process.env.BENCH_SERVER_LOG) writeFileSync(process.env.BENCH_SERVER_LOG, output);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_USER),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('qt_session='));
  return cookie!.split(';')[0];
}

export async function openCases(base: string, cookie: string, n: number): Promise<string[]> {
  const ids: string[] = new Array(n);
  let next = 0;
  // eight at a time: opening hundreds of cases one by one would take longer than the measurement
  await Promise.all(
    Array.from({ length: Math.min(8, n) }, async () => {
      for (let i = next++; i < n; i = next++) {
        const res = await fetch(`${base}/api/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({
            procedure: 'harmful-content',
            data: { urls: [`https://facebook.com/bench/${i}`], platform: 'facebook', category: 'fraud', description: 'Hồ sơ đo hiệu năng số ' + i, evidence: [] },
          }),
        });
        if (res.status !== 201) throw new Error(`open case failed: ${res.status} ${await res.text()}`);
        ids[i] = ((await res.json()) as { id: string }).id;
      }
    }),
  );
  return ids;
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

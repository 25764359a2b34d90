// The real server as a child process (`node --import tsx server/main.ts`, one process, so
// SIGKILL kills the server itself), on loopback, and a small HTTP client for it.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { Procedure } from '../../engine/index.ts';
import { fixture } from '../server/helpers.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

export type Database = { url: string } | { dataDir: string };

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the server and resolves once it listens; the deadline is for a loaded machine. */
export async function startServer(db: Database, opts: { timerIntervalMs: number; deadlineMs?: number; nodeArgs?: string[]; env?: Record<string, string> }): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    QUYTRINH_DEMO: '0',
    QUYTRINH_ADMIN_PASSWORD: 'quản-trị-thử',
    QUYTRINH_TIMER_INTERVAL_MS: String(opts.timerIntervalMs),
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  delete env.DATABASE_URL;
  delete env.QUYTRINH_DB_SCHEMA;
  delete env.QUYTRINH_DATA_DIR;
  if ('url' in db) env.DATABASE_URL = db.url;
  else env.QUYTRINH_DATA_DIR = db.dataDir;
  const child = spawn(process.execPath, ['--import', 'tsx', ...(opts.nodeArgs ?? []), 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (opts.deadlineMs ?? 180_000);
  // a real process must come up: poll its output with a deadline
  while (!out.includes('quytrinh listening on')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited before listening:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not listen in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Answer {
  status: number;
  body: any;
}

/** One HTTP call; a network failure (server gone) is `null`, not an exception. */
export async function call(base: string, method: string, path: string, cookie?: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer | null> {
  try {
    const res = await fetch(base + path, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return null;
  }
}

export async function signIn(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(base + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('qt_session='))!;
  return cookie.split(';')[0]!;
}

/** The test procedure with a one-second timer: draft —SUBMIT→ waiting —after PT1S→ late. */
export function blinkProcedure(): Procedure {
  const p = fixture('mini') as unknown as { key: string; title: unknown; machine: { id: string; states: Record<string, any> } };
  p.key = 'blink';
  p.title = { vi: 'Quy trình hẹn giờ ngắn', en: 'Short-timer procedure' };
  p.machine.id = 'blink';
  p.machine.states.draft.on.SUBMIT.target = 'waiting';
  p.machine.states.waiting.after = { PT1S: { target: 'late' } };
  return p as unknown as Procedure;
}
export const BLINK_TIMER_EVENT = 'xstate.after.PT1S.blink.waiting';

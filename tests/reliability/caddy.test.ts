// deploy/Caddyfile as shipped, run by Caddy with its internal CA on loopback in front of two server
// processes on one PostgreSQL (a scratch database): a case is opened and worked through TLS, its
// change arrives over a WebSocket through Caddy, the request id Caddy set reaches the audit row.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { migrate, openStore, type Store } from '../../server/db/connect.ts';
import { PASSWORD, seedWorld } from '../server/helpers.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-pg.ts';
import { freePort, startServer, type ServerProcess } from './server-process.ts';

const CADDYFILE = new URL('../../deploy/Caddyfile', import.meta.url).pathname;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

describe('two processes behind Caddy with TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qt-caddy-'));
  let db: ScratchDatabase;
  let store: Store;
  const servers: ServerProcess[] = [];
  let caddy: ChildProcess;
  let caddyOut = '';
  let base = '';
  let ca: Buffer;

  const request = (method: string, path: string, opts: { cookie?: string; body?: unknown } = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      const req = https.request(base + path, {
        method,
        ca,
        headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) },
      }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text.startsWith('{') ? JSON.parse(text) : text }));
      });
      req.on('error', reject);
      req.end(payload);
    });

  beforeAll(async () => {
    db = await createScratchDatabase('qt_caddy');
    store = await openStore({ url: db.url });
    expect((await migrate(store)).ok).toBe(true);
    await seedWorld(store);
    process.env.QUYTRINH_TRUST_PROXY = 'loopback';
    for (let i = 0; i < 2; i++) servers.push(await startServer({ url: db.url }, { timerIntervalMs: 1000 }));
    const port = await freePort();
    base = `https://localhost:${port}`;
    const upstreams = servers.map((s) => s.base.replace('http://', '')).join(' ');
    writeFileSync(join(dir, 'Caddyfile'), `{\n\tadmin off\n\tlocal_certs\n\tskip_install_trust\n\tstorage file_system ${dir}/data\n\thttp_port ${await freePort()}\n\thttps_port ${port}\n}\nimport ${CADDYFILE}\n`);
    caddy = spawn('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: { ...process.env, QUYTRINH_SITE: base, QUYTRINH_UPSTREAMS: upstreams, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    caddy.stdout!.on('data', (d) => (caddyOut += d));
    caddy.stderr!.on('data', (d) => (caddyOut += d));
    const root = join(dir, 'data/pki/authorities/local/root.crt');
    // Caddy makes its CA and the site's certificate at start: wait for the root, then for an answer
    for (let i = 0; !existsSync(root); i++) {
      if (i > 600 || caddy.exitCode !== null) throw new Error(`caddy did not start:\n${caddyOut}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    ca = readFileSync(root);
    for (let i = 0; ; i++) {
      const ok = await request('GET', '/api/health').then((r) => r.status === 200, () => false);
      if (ok) break;
      if (i > 300) throw new Error(`no answer through caddy:\n${caddyOut}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 300_000);

  afterAll(async () => {
    caddy?.kill('SIGTERM');
    for (const s of servers) await s.stop();
    await store?.close();
    delete process.env.QUYTRINH_TRUST_PROXY;
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a case through TLS, pushes it over a WebSocket, and keeps /metrics in', async () => {
    const login = await request('POST', '/api/auth/login', { body: { username: 'monitor', password: PASSWORD } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const setCookie = (login.headers['set-cookie'] as string[]).find((c) => c.startsWith('qt_session='))!;
    expect(setCookie).toContain('Secure'); // X-Forwarded-Proto from Caddy believed: the cookie is for https only
    const cookie = setCookie.split(';')[0]!;

    const ws = new WebSocket(base.replace('https', 'wss') + '/ws', { ca, headers: { cookie } });
    const messages: any[] = [];
    ws.on('message', (raw) => messages.push(JSON.parse(String(raw))));
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['cases'] }));
    const until = async (test: (m: any) => boolean) => {
      for (let i = 0; i < 300 && !messages.some(test); i++) await new Promise((r) => setTimeout(r, 50));
      return messages.find(test);
    };
    expect(await until((m) => m.type === 'subscribed')).toBeTruthy();

    const opened = await request('POST', '/api/cases', { cookie, body: { procedure: 'mini', data: { title: 'Trang giả mạo qua TLS' } } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.id;
    const sent = await request('POST', `/api/cases/${id}/events`, { cookie, body: { type: 'SUBMIT', expectedVersion: 1 } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect((await until((m) => m.type === 'case.updated' && m.case.id === id && m.case.state === 'review'))?.case.version).toBe(2);
    ws.close();

    const requestId = sent.headers['x-request-id'] as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/); // Caddy's {http.request.uuid}, kept by the server
    const audit = await sql<{ request_id: string }>`SELECT request_id FROM audit_log WHERE case_id = ${id} AND action = 'case.event'`.execute(store.db);
    expect(audit.rows).toEqual([{ request_id: requestId }]);

    expect((await request('GET', '/metrics')).status).toBe(404);
    const ready = await request('GET', '/api/ready');
    expect(ready.status).toBe(200);
  });
});

// A setting the server cannot use stops it before it opens or writes anything, saying why in
// Vietnamese and English.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const parent = mkdtempSync(join(tmpdir(), 'qt-settings-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', QUYTRINH_DEMO: '0', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise<{ code: number | null; out: string }>((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('start settings', () => {
  it.each(['abc', '-3'])('refuses QUYTRINH_CASE_CACHE_MB=%s before touching the database', async (value) => {
    const dataDir = join(parent, `data-${value}`);
    const { code, out } = await start({ QUYTRINH_DATA_DIR: dataDir, QUYTRINH_CASE_CACHE_MB: value });
    expect(code).toBe(1);
    expect(out).toContain(`QUYTRINH_CASE_CACHE_MB="${value}" phải là một số MB`);
    expect(out).toContain('must be a number of megabytes (0: no cache); the server was not started.');
    expect(existsSync(dataDir)).toBe(false);
  });

  it.each([
    ['QUYTRINH_WS_CONNECTIONS_PER_USER', '2.5', 'phải là một số nguyên không nhỏ hơn 1', 'must be a whole number of at least 1'],
    ['QUYTRINH_WS_BUFFER_MB', 'lots', 'phải là một số không nhỏ hơn 0.0625', 'must be a number of at least 0.0625'],
  ])('refuses %s=%s before touching the database', async (name, value, vi, en) => {
    const dataDir = join(parent, `data-${name}`);
    const { code, out } = await start({ QUYTRINH_DATA_DIR: dataDir, [name]: value });
    expect(code).toBe(1);
    expect(out).toContain(`${name}="${value}" ${vi}; máy chủ chưa khởi động.`);
    expect(out).toContain(`${name}="${value}" ${en}; the server was not started.`);
    expect(existsSync(dataDir)).toBe(false);
  });

  it.each(['1', 'true'])('refuses QUYTRINH_TRUST_PROXY=%s (trusting every address), saying what to write instead', async (value) => {
    const dataDir = join(parent, `data-proxy-${value}`);
    const { code, out } = await start({ QUYTRINH_DATA_DIR: dataDir, QUYTRINH_TRUST_PROXY: value });
    expect(code).toBe(1);
    expect(out).toContain(`QUYTRINH_TRUST_PROXY="${value}" không hợp lệ: tin mọi địa chỉ sẽ cho bất kỳ ai giả mạo địa chỉ của mình.`);
    expect(out).toContain('Write the addresses of the proxies to trust, comma-separated, e.g. QUYTRINH_TRUST_PROXY=10.0.0.5,10.0.1.0/24');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses an administrator password shorter than 12 characters', async () => {
    const dataDir = join(parent, 'data-admin-password');
    const { code, out } = await start({ QUYTRINH_DATA_DIR: dataDir, QUYTRINH_ADMIN_PASSWORD: 'quản-trị-1' });
    expect(code).toBe(1);
    expect(out).toContain('QUYTRINH_ADMIN_PASSWORD quá ngắn (10 ký tự): mật khẩu quản trị cần ít nhất 12 ký tự');
    expect(out).toContain('QUYTRINH_ADMIN_PASSWORD is too short (10 characters): the administrator\'s password needs at least 12');
    expect(existsSync(dataDir)).toBe(false);
  });

  it.each([['QUYTRINH_LOGIN_LOCKOUT_FAILURES', '0'], ['QUYTRINH_LOGIN_IP_PER_MINUTE', 'nhiều']])('refuses %s=%s', async (name, value) => {
    const dataDir = join(parent, `data-${name}`);
    const { code, out } = await start({ QUYTRINH_DATA_DIR: dataDir, [name]: value });
    expect(code).toBe(1);
    expect(out).toContain(`${name}="${value}" must be a whole number, 1 or more; the server was not started.`);
    expect(existsSync(dataDir)).toBe(false);
  });
});

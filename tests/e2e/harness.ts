// Starts the real server (tests/e2e/serve.ts: server/main.ts's start-up) on a free port with an
// in-memory database and the demo province, and a Chromium from Debian (`apt-get install -y chromium`).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const SHOTS = join(ROOT, 'tests/e2e/screenshots');
export const DEMO_PASSWORD = 'e2e-demo-password';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export interface RunningServer {
  url: string;
  log: () => string;
  stop: () => Promise<void>;
}

export async function startServer(): Promise<RunningServer> {
  if (!existsSync(join(ROOT, 'dist/ui/index.html'))) {
    throw new Error('dist/ui is missing: run `npm run build` first (npm run test:e2e does it).');
  }
  const port = await freePort();
  // A private copy of the built UI: another build of dist/ui meanwhile must not change it.
  const uiDir = mkdtempSync(join(tmpdir(), 'qt-e2e-ui-'));
  cpSync(join(ROOT, 'dist/ui'), uiDir, { recursive: true });
  let output = '';
  const child: ChildProcess = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['tests/e2e/serve.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      QT_E2E_UI_DIR: uiDir,
      QUYTRINH_DEMO_PASSWORD: DEMO_PASSWORD,
      QUYTRINH_ADMIN_PASSWORD: DEMO_PASSWORD,
    },
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`The server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    log: () => output,
    stop: async () => {
      rmSync(uiDir, { recursive: true, force: true });
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface Official {
  context: BrowserContext;
  page: Page;
  /** errors the page threw or logged, other than expected 401/409 answers */
  errors: string[];
}

/** A signed-in official in a browser context of their own. */
export async function signIn(browser: Browser, base: string, username: string, viewport = { width: 1280, height: 900 }): Promise<Official> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  // The machine running the tests may be busy: be patient, the assertions stay exact.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|409)/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  try {
    await page.goto(`${base}/`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('.topbar nav').waitFor();
  } catch (e) {
    await shot(page, `failed-sign-in-${username}`);
    throw new Error(`${username} could not sign in: ${(e as Error).message}\n${errors.join('\n')}`);
  }
  return { context, page, errors };
}

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** A small valid PNG (a 2×2 red square), as evidence. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

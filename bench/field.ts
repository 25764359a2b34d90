// npm run bench:field — first load on a commune's phone: Chromium at 390×844 with a mobile network
// (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip) and the CPU slowed 4×, against the same
// without throttling. For the inbox and a case page, cold (empty cache) and warm (second visit):
// the time from navigation to the first case (or the first action button) on screen, and the bytes
// the network carried. The server is the real one with the demo province (tests/e2e/harness.ts).
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, ROOT, startServer } from '../tests/e2e/harness.ts';

const PROFILES = [
  { name: 'phone: 1.6 Mbit/s, 150 ms, CPU ×4', throttle: true },
  { name: 'unthrottled', throttle: false },
] as const;
const RUNS = Number(process.env.BENCH_FIELD_RUNS ?? 3);

interface Load {
  ms: number;
  bytes: number;
}

async function signInCookie(base: string): Promise<{ name: string; value: string; url: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'verifier', password: DEMO_PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')?.match(/qt_session=([^;]+)/)?.[1];
  if (!res.ok || !cookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return { name: 'qt_session', value: cookie, url: base };
}

async function phone(browser: Browser, base: string, throttle: boolean): Promise<{ context: BrowserContext; page: Page; bytes: () => number; reset: () => void }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'vi-VN' });
  await context.addCookies([await signInCookie(base)]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
  await cdp.send('Network.enable');
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  return { context, page, bytes: () => bytes, reset: () => (bytes = 0) };
}

/** Navigates and waits until `selector` is visible: the time and the bytes carried meanwhile. */
async function load(p: Awaited<ReturnType<typeof phone>>, url: string, selector: string): Promise<Load> {
  p.reset();
  const start = performance.now();
  await p.page.goto(url, { waitUntil: 'commit' });
  await p.page.locator(selector).first().waitFor({ state: 'visible', timeout: 120_000 });
  const ms = performance.now() - start;
  await p.page.waitForLoadState('networkidle').catch(() => {});
  return { ms, bytes: p.bytes() };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync(join(ROOT, 'dist/ui/index.html'))) execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
const server = await startServer();
const browser = await launchBrowser();
const rows: Record<string, string | number>[] = [];
try {
  const first = await phone(browser, server.url, false);
  await first.page.goto(`${server.url}/`);
  const caseUrl = server.url + (await first.page.locator('td.number a').first().getAttribute('href'));
  await first.context.close();

  for (const profile of PROFILES) {
    const results: Record<string, Load[]> = { 'inbox, cold': [], 'inbox, warm': [], 'case page, cold': [], 'case page, warm': [] };
    for (let i = 0; i < RUNS; i++) {
      for (const [what, url, selector] of [
        ['inbox', `${server.url}/`, 'td.number a'],
        ['case page', caseUrl, '[data-action]'],
      ] as const) {
        const p = await phone(browser, server.url, profile.throttle);
        results[`${what}, cold`]!.push(await load(p, url, selector));
        results[`${what}, warm`]!.push(await load(p, url, selector));
        await p.context.close();
      }
    }
    for (const [what, loads] of Object.entries(results)) {
      rows.push({ profile: profile.name, page: what, 'to first case / action (median)': `${(median(loads.map((l) => l.ms)) / 1000).toFixed(2)} s`, 'KB carried': Math.round(median(loads.map((l) => l.bytes)) / 1024) });
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`First load at 390×844, median of ${RUNS} runs each (target on the phone profile: cold ≤ 2.5 s, warm ≤ 1 s)`);
console.table(rows);
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const file = join(ROOT, `bench/results/field-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ runs: RUNS, rows }, null, 2));
console.log(`written ${file}`);

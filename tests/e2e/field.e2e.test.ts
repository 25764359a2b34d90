// On a commune's phone: what the first screen costs, the installable app (manifest, icons, a
// service worker), and the app opened with no network showing what it last loaded, read-only.
import { describe, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { DEMO_PASSWORD, shot, signIn, type Official, type RunningServer } from './harness.ts';
import { useServerAndBrowser } from './hooks.ts';

let server: RunningServer;
let browser: Browser;
const opened: Official[] = [];

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, () => opened);

const PHONE = { width: 390, height: 844 };
const caseLinks = (page: Page) => page.locator('main a[href^="#/cases/"]');

/** Waits until the service worker is installed and controls the page: on a loaded machine its
 *  install (precaching the shell) takes seconds, beyond expect.poll's default second. */
async function serviceWorkerControls(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);
}

/** Bytes a response took on the wire (its body as sent, compressed), or its length when unknown. */
async function wireBytes(res: Response): Promise<number> {
  const sizes = await res.request().sizes().catch(() => null);
  return sizes?.responseBodySize ?? Number(res.headers()['content-length'] ?? 0);
}

describe('the first load on a phone', () => {
  it('signs in and shows the inbox with at most 120 KB of compressed JavaScript', async () => {
    // a cold start: a new browser profile, nothing cached, no service worker yet
    const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
    const page = await context.newPage();
    const scripts: Promise<{ url: string; bytes: number; encoding: string }>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(wireBytes(res).then((bytes) => ({ url: res.url(), bytes, encoding: res.headers()['content-encoding'] ?? '' })));
    });
    await page.goto(`${server.url}/`);
    await page.locator('input[name=username]').fill('verifier');
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await caseLinks(page).first().waitFor();
    const loaded = await Promise.all(scripts);
    await context.close();
    expect(loaded.length).toBeGreaterThan(0);
    // every script came compressed, and all of them together within the budget
    expect(loaded.filter((s) => s.encoding !== 'br')).toEqual([]);
    const total = loaded.reduce((sum, s) => sum + s.bytes, 0);
    expect(total, loaded.map((s) => `${s.url.split('/').pop()} ${s.bytes}`).join('\n')).toBeLessThanOrEqual(120 * 1024);
  });
});

describe('the installable app', () => {
  it('has a manifest with its name, start page and icons, each served', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/`);
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const res = await page.request.get(`${server.url}${href}`);
    expect(res.headers()['content-type']).toContain('manifest+json');
    const manifest = await res.json();
    expect(manifest).toMatchObject({ short_name: 'quytrinh', start_url: '/', display: 'standalone', lang: 'vi' });
    expect(manifest.name).toContain('thông tin xấu, độc');
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const img = await page.request.get(`${server.url}${icon.src}`);
      expect([img.status(), img.headers()['content-type']], icon.src).toEqual([200, 'image/png']);
    }
    // the service worker is asked for again at each visit: an update is found on the next one
    const sw = await page.request.get(`${server.url}/sw.js`);
    expect([sw.status(), sw.headers()['cache-control']]).toEqual([200, 'no-cache']);
    await page.context().close();
  });

  it('opens with no network on the inbox it last loaded, says so, and sends nothing', async () => {
    const official = await signIn(browser, server.url, 'monitor', PHONE);
    opened.push(official);
    const { page, context } = official;
    // the service worker takes the page at its first visit; the inbox is read through it
    await serviceWorkerControls(page);
    await page.reload();
    await caseLinks(page).first().waitFor();
    const titles = await caseLinks(page).allTextContents();
    expect(titles.length).toBeGreaterThan(0);

    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-testid=offline-notice]').waitFor();
    await caseLinks(page).first().waitFor();
    expect(await caseLinks(page).allTextContents()).toEqual(titles);
    expect(await page.locator('[data-testid=offline-notice]').textContent()).toContain('Không có mạng');
    await shot(page, 'field-01-offline-inbox', false);

    // the network is back: the notice goes
    await context.setOffline(false);
    await expect.poll(() => page.locator('[data-testid=offline-notice]').count()).toBe(0);
    // with no network the browser logs every request it could not make; the app itself throws nothing
    expect(official.errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_FAILED|Failed to fetch|WebSocket/.test(e))).toEqual([]);
  });

  it('forgets the answers it kept once the official signs out', async () => {
    const official = await signIn(browser, server.url, 'lead', PHONE);
    opened.push(official);
    const { page } = official;
    await serviceWorkerControls(page);
    await page.reload();
    await caseLinks(page).first().waitFor();
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).includes('qt-api'))).toBe(true);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.locator('input[name=username]').waitFor();
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).includes('qt-api'))).toBe(false);
  });
});

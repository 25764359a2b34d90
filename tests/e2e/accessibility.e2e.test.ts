// Every page checked by axe-core against WCAG 2.1 A and AA, as an administrator sees it (the
// widest set of pages), at desktop width and on a phone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, type RunningServer } from './harness.ts';
import { useServerAndBrowser } from './hooks.ts';

let server: RunningServer;
let browser: Browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, () => []);

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string;
  nodes: { target: string[] }[];
}

/** The WCAG 2.1 A/AA violations axe finds on the page as it is now: rule, impact and where. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations),
  )) as Violation[];
  return found.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const PAGES: { hash: string; ready: string }[] = [
  { hash: '#/inbox', ready: 'main h1' },
  { hash: '#/new', ready: 'main h1' },
  { hash: '#/new/harmful-content', ready: 'main h1' },
  { hash: 'case', ready: '[data-testid=case-state]' },
  { hash: '#/dashboard', ready: '[data-testid=dash-total]' },
  { hash: '#/reports', ready: 'main table' },
  { hash: '#/designer', ready: 'main a[href^="#/designer/"]' },
  { hash: '#/designer/harmful-content', ready: '.svelte-flow__node' },
  { hash: '#/officials', ready: '[data-testid=officials] tbody tr' },
  { hash: '#/password', ready: 'input[name=next]' },
];

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`finds no violation on any page at ${viewport.width} px`, async () => {
      // axe is injected into the page: the test's own script, not the app's, may break the CSP
      const context = await browser.newContext({ viewport, locale: 'vi-VN', bypassCSP: true });
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.locator('input[name=username]').fill('admin');
      await page.locator('input[name=password]').fill(DEMO_PASSWORD);
      const found: Record<string, string[]> = {};
      const signIn = await violations(page);
      if (signIn.length) found['sign-in'] = signIn;
      await page.locator('form button[type=submit]').click();
      await page.locator('.topbar nav').waitFor();
      const cases = (await (await page.request.get(`${server.url}/api/cases`)).json()) as { cases: { id: string }[] };
      const firstCase = `#/cases/${cases.cases[0]!.id}`;
      for (const { hash, ready } of PAGES) {
        await page.goto(`${server.url}/${hash === 'case' ? firstCase : hash}`);
        await page.locator(ready).first().waitFor();
        const v = await violations(page);
        if (v.length) found[hash] = v;
      }
      await context.close();
      expect(found).toEqual({});
    });
  }
});

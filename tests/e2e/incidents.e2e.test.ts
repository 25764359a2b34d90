// Automated steps in real browsers: a webhook step whose address is not allowed becomes an
// incident; the administrator finds it under Sự cố / Incidents and on the case page, skips it,
// and the case moves on; the timeline tells each call and its result in words.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serviceProcedure } from '../engine/service-procedure.ts';
import { shot, signIn, type Official, type RunningServer } from './harness.ts';
import { useServerAndBrowser } from './hooks.ts';

let server: RunningServer;
let browser: Browser;
const opened: Official[] = [];
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, () => opened);

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function api(page: Page, method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown) {
  const res = await page.request.fetch(server.url + path, { method, data, headers: { origin: server.url } });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return res.status() === 204 ? null : res.json();
}

describe('incidents of automated steps', () => {
  let admin: Official;
  let caseId = '';

  it('a webhook step to an address not allowed becomes an incident the administrator sees', async () => {
    admin = await signIn(browser, server.url, 'admin');
    const monitor = await signIn(browser, server.url, 'monitor');
    const verifier = await signIn(browser, server.url, 'verifier');
    opened.push(admin, monitor, verifier);
    const procedure = serviceProcedure('webhook', { url: 'https://not-allowed.example/hook' }, { key: 'auto-e2e' });
    procedure.roles = [...procedure.roles, { id: 'lead', title: { vi: 'Lãnh đạo', en: 'Lead' } }];
    await api(admin.page, 'PUT', '/api/procedures/auto-e2e/draft', { procedure });
    await api(admin.page, 'POST', '/api/procedures/auto-e2e/publish', { note: 'Thử bước tự động' });
    const kase = await api(monitor.page, 'POST', '/api/cases', { procedure: 'auto-e2e', data: { title: 'Trang mạo danh Công an xã' } });
    caseId = kase.id;
    await api(monitor.page, 'POST', `/api/cases/${caseId}/events`, { type: 'SUBMIT', data: {}, expectedVersion: 1 });
    await api(verifier.page, 'POST', `/api/cases/${caseId}/events`, { type: 'APPROVE', data: { note: 'mạo danh rõ ràng' }, expectedVersion: 2 });

    const page = admin.page;
    await page.locator('.topbar nav a[href="#/incidents"]').click();
    const list = page.locator('[data-testid=incidents] li');
    await expect.poll(() => list.count(), { timeout: 30_000 }).toBe(1);
    expect(await list.first().textContent()).toContain('Gọi webhook');
    expect(await list.first().textContent()).toContain(kase.number);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'incidents-01-list');
  });

  it('the case page shows the incident; skipping it moves the case on, the timeline says what happened', async () => {
    const page = admin.page;
    await page.goto(`${server.url}/#/cases/${caseId}`);
    const box = page.locator('[data-testid=incidents]');
    await box.waitFor();
    expect(await box.textContent()).toContain('Bước tự động của hồ sơ này gặp sự cố');
    await shot(page, 'incidents-02-case');
    await box.locator('button', { hasText: 'Bỏ qua' }).click();
    await box.locator('button.danger', { hasText: 'Bỏ qua' }).click();
    await expect.poll(() => page.locator('.timeline').textContent(), { timeout: 30_000 }).toContain('được bỏ qua, hồ sơ đi tiếp');
    const timeline = (await page.locator('.timeline').textContent()) ?? '';
    expect(timeline).toContain('Bắt đầu bước tự động: Gọi webhook');
    expect(timeline).toContain('Sự cố: bước "Gọi webhook" không thành công sau 1 lần thử');
    expect(timeline).toContain('Quản trị viên bỏ qua bước "Gọi webhook"');
    expect(timeline).not.toMatch(/quytrinh\.|[0-9a-f]{8}-[0-9a-f]{4}-/);
    await shot(page, 'incidents-03-skipped');
    expect(admin.errors).toEqual([]);
  });

  it('fits a phone', async () => {
    const phone = await signIn(browser, server.url, 'admin', { width: 390, height: 844 });
    opened.push(phone);
    await phone.page.goto(`${server.url}/#/incidents`);
    await phone.page.locator('h1').waitFor();
    expect(await fitsWidth(phone.page)).toBe(true);
    await shot(phone.page, 'incidents-04-phone');
    await phone.page.goto(`${server.url}/#/cases/${caseId}`);
    await phone.page.locator('.timeline').waitFor();
    expect(await fitsWidth(phone.page)).toBe(true);
    await shot(phone.page, 'incidents-05-case-phone');
  });
});

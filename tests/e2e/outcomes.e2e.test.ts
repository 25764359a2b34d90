// The designer declares what an action counts as: an administrator adds an action to the
// reference procedure, ticks its outcome in the picker, publishes; a case walked through that
// action is counted by the Standing Committee's report. Run after `npm run build`:
//   npx vitest run -c tests/e2e/vitest.config.ts tests/e2e/outcomes.e2e.test.ts
import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { shot, signIn, type Official, type RunningServer } from './harness.ts';
import { useServerAndBrowser } from './hooks.ts';

let server: RunningServer;
let browser: Browser;
let admin: Official;
let page: Page;

useServerAndBrowser(
  async (s, b) => {
    server = s;
    browser = b;
    admin = await signIn(browser, server.url, 'admin', { width: 1440, height: 900 });
    page = admin.page;
    page.removeAllListeners('dialog');
    page.on('dialog', (d) => void d.accept());
  },
  () => [admin],
);

const node = (id: string) => page.locator(`.svelte-flow__node[data-id="${id}"]`);
const side = () => page.locator('aside.side');

async function center(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

const call = (o: Official, method: string, path: string, body?: unknown) =>
  o.page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    },
    { method, path, body },
  );

describe('an outcome set in the designer is counted by the report', () => {
  it('adds an action with its outcome and publishes', async () => {
    await page.goto(`${server.url}/#/designer`);
    await page.locator('a[data-procedure="harmful-content"]').click();
    await node('deciding').waitFor();
    const a = await center(node('deciding').locator('.svelte-flow__handle.source'));
    const b = await center(node('reporting_back').locator('.svelte-flow__handle.target'));
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
    await page.mouse.move(b.x, b.y, { steps: 8 });
    await page.mouse.up();
    const d = page.locator('dialog.connect');
    await d.waitFor();
    await d.locator('input[name=event]').fill('ASK_INSPECTORATE');
    await d.locator('input[name=label-vi]').fill('Đề nghị thanh tra xử lý');
    await d.locator('input[name=label-en]').fill('Ask the inspectorate');
    await d.locator('button[type=submit]').click();
    await d.waitFor({ state: 'detached' });

    await side().locator('input[name=transition-role-lead]').check();
    const picker = side().locator('fieldset.outcomes');
    await expect.poll(() => picker.textContent()).toContain('Chuyển cơ quan chức năng');
    await picker.locator('input[name=outcome-referred]').check();
    await picker.scrollIntoViewIfNeeded();
    await shot(page, 'designer-outcome-picker', false);

    await page.locator('.toolbar button.primary').click();
    await page.locator('dialog.publish textarea[name=publish-note]').fill('Thêm thao tác đề nghị thanh tra');
    await page.locator('dialog.publish button[type=submit]').click();
    await expect.poll(() => page.locator('.notice.ok').textContent(), { timeout: 20_000 }).toContain('phiên bản 2');
    const res = await call(admin, 'GET', '/api/procedures/harmful-content');
    expect(res.json.latest.procedure.machine.states.deciding.on.ASK_INSPECTORATE.meta.outcome).toBe('referred');
  });

  it('walks a case through the new action; the report counts it', async () => {
    const monitor = await signIn(browser, server.url, 'monitor');
    const verifier = await signIn(browser, server.url, 'verifier');
    const lead = await signIn(browser, server.url, 'lead');
    const observer = await signIn(browser, server.url, 'observer');
    try {
      const period = 'from=2000-01-01&to=2100-12-31';
      const before = (await call(observer, 'GET', `/api/reports/summary?${period}`)).json.totals.referred as number;
      const opened = await call(monitor, 'POST', '/api/cases', {
        procedure: 'harmful-content',
        data: { urls: ['https://www.facebook.com/trang-gia'], platform: 'facebook', category: 'fraud', description: 'Trang lừa đảo bán hàng giả.' },
      });
      expect(opened.status).toBe(201);
      const c = opened.json as { id: string; version: number };
      const attachment = await monitor.page.evaluate(async (id) => {
        const form = new FormData();
        const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg=='), (ch) => ch.charCodeAt(0));
        form.append('file', new Blob([png], { type: 'image/png' }), 'evidence.png');
        return (await (await fetch(`/api/cases/${id}/attachments`, { method: 'POST', body: form })).json()) as { id: string };
      }, c.id);
      let r = await call(monitor, 'POST', `/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { additionalEvidence: [attachment.id] }, expectedVersion: c.version });
      expect(r.status).toBe(200);
      r = await call(verifier, 'POST', `/api/cases/${c.id}/events`, { type: 'CONFIRM', data: { legalBasis: ['decree_147_2024'], severity: 'high' }, expectedVersion: r.json.version });
      expect(r.status).toBe(200);

      await lead.page.goto(`${server.url}/#/cases/${c.id}`);
      const action = lead.page.locator('button[data-action="ASK_INSPECTORATE"]');
      await action.waitFor({ timeout: 15_000 });
      await action.click();
      await lead.page.locator('.form-box button[type=submit]').click();
      await expect.poll(async () => (await call(lead, 'GET', `/api/cases/${c.id}`)).json.state, { timeout: 15_000 }).toBe('reporting_back');

      const after = (await call(observer, 'GET', `/api/reports/summary?${period}`)).json.totals.referred as number;
      expect(after).toBe(before + 1);
    } finally {
      for (const o of [monitor, verifier, lead, observer]) await o.context.close().catch(() => {});
    }
  });
});

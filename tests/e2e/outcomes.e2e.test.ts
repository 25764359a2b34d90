// The designer declares what an action counts as: an administrator adds an action to a step of
// the reference procedure in the step's panel, ticks its outcome, publishes with a note; a lead
// takes that action on a case in the workspace, and the figure for that outcome on the reports
// page moves by exactly one. Run after `npm run build`:
//   npx vitest run -c tests/e2e/vitest.config.ts tests/e2e/outcomes.e2e.test.ts
import { describe, expect, it } from 'vitest';
import { shot, signIn, type Official } from './harness.ts';
import { designerSession } from './hooks.ts';

const d = designerSession({ acceptDialogs: true });
const { side } = d;
const LABEL = { vi: 'Đề nghị thanh tra xử lý', en: 'Ask the inspectorate' };
const actionRow = () => side().locator('[data-testid=step-actions] li', { hasText: LABEL.vi });
let event = '';

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
  it('adds an action on a step through its panel, picks its outcome and publishes', async () => {
    const { page } = d;
    await page.goto(`${d.server.url}/#/designer/harmful-content`);
    // a step is selected with the keyboard: it may lie beyond the view
    await d.node('deciding').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => side().locator('input[name=state-title-vi]').inputValue()).toBe('Đề xuất xử lý');

    const form = side().locator('[data-testid=add-action]');
    await form.locator('input[name=new-action-vi]').fill(LABEL.vi);
    await form.locator('input[name=new-action-en]').fill(LABEL.en);
    await form.locator('select[name=new-action-target]').selectOption({ label: 'Báo cáo Ban Thường vụ Tỉnh ủy' });
    await form.getByRole('button', { name: /Thêm/ }).click();
    // a new action opens in place, with the step's roles
    const editor = actionRow().locator('[data-testid=step-action-editor]');
    await editor.waitFor();
    expect(await actionRow().textContent()).toContain('Lãnh đạo');
    event = (await actionRow().getAttribute('data-event'))!;

    const picker = editor.locator('fieldset.outcomes');
    await expect.poll(() => picker.textContent()).toContain('Chuyển cơ quan chức năng');
    await picker.locator('input[name=action-outcome-referred]').check();
    await expect.poll(() => picker.locator('input[name=action-outcome-referred]').isChecked()).toBe(true);
    await editor.scrollIntoViewIfNeeded();
    await shot(page, 'outcomes-1-step-panel', false);

    // the same panel at phone width: the picker's choices stay readable, nothing runs off the side
    await page.setViewportSize({ width: 390, height: 844 });
    await picker.scrollIntoViewIfNeeded();
    const overflow = await picker.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const labels = [...el.querySelectorAll('label')].map((l) => l.getBoundingClientRect());
      return { right: Math.max(box.right, ...labels.map((l) => l.right)) - window.innerWidth, narrowest: Math.min(...labels.map((l) => l.width)) };
    });
    expect(overflow.right).toBeLessThanOrEqual(0);
    expect(overflow.narrowest).toBeGreaterThan(100);
    await shot(page, 'outcomes-2-step-panel-phone', false);
    await page.setViewportSize({ width: 1440, height: 900 });

    await expect.poll(() => d.problems().getAttribute('data-blocking')).toBe('0');
    await page.locator('.toolbar button.primary').click();
    await expect.poll(() => page.locator('[data-testid=publish-summary]').textContent()).toContain(LABEL.vi);
    await page.locator('dialog.publish textarea[name=publish-note]').fill('Thêm thao tác đề nghị thanh tra xử lý, tính là chuyển cơ quan chức năng');
    await page.locator('dialog.publish button[type=submit]').click();
    await expect.poll(() => page.locator('.notice.ok').textContent(), { timeout: 30_000 }).toContain('phiên bản');
    const res = await call(d.admin, 'GET', '/api/procedures/harmful-content');
    expect(res.json.latest.procedure.machine.states.deciding.on[event].meta.outcome).toBe('referred');
  });

  it('a lead takes the new action in the workspace; the report counts it once', async () => {
    const [monitor, verifier, lead, observer] = await Promise.all(['monitor', 'verifier', 'lead', 'observer'].map((u) => signIn(d.browser, d.server.url, u)));
    try {
      await observer.page.goto(`${d.server.url}/#/reports`);
      const referred = observer.page.locator('strong[data-figure=referred]');
      await referred.waitFor();
      const before = Number(await referred.textContent());
      await shot(observer.page, 'outcomes-3-report-before', false);

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

      await lead.page.goto(`${d.server.url}/#/cases/${c.id}`);
      const action = lead.page.locator('button[data-action]', { hasText: LABEL.vi });
      await action.click();
      await lead.page.locator('.form-box button[type=submit]').click();
      await expect.poll(() => action.count()).toBe(0);
      await expect.poll(() => lead.page.locator('main').textContent()).toContain('Báo cáo Ban Thường vụ Tỉnh ủy');
      await shot(lead.page, 'outcomes-4-case-after', false);

      // the reports page follows the case live
      await expect.poll(async () => Number(await referred.textContent())).toBe(before + 1);
      await shot(observer.page, 'outcomes-5-report-after', false);
      for (const o of [monitor, verifier, lead, observer]) expect(o.errors.filter((e) => !e.startsWith('dialog:'))).toEqual([]);
    } finally {
      for (const o of [monitor, verifier, lead, observer]) await o.context.close().catch(() => {});
    }
  });
});

// The designer in a real browser: an administrator opens the reference procedure, drops a new
// step onto the canvas, sees the missing-title error, gives the step a title, a role and an SLA,
// connects it with two actions (one with a two-field form), sees no problems, tries it in the
// simulator, is asked before Back would drop the unsaved work, publishes version 2 and looks at
// the diff. Run after `npm run build`:
//   npx vitest run -c tests/e2e/vitest.config.ts tests/e2e/designer.e2e.test.ts
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { shot, signIn, type Official } from './harness.ts';
import { designerSession } from './hooks.ts';

const d = designerSession({ viewport: { width: 1600, height: 1000 }, acceptDialogs: true });
const { node, side } = d;
const errorsShown = () => d.problems().getAttribute('data-errors');

async function center(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drags from one state's source handle to another state's target handle. */
async function connect(from: string, to: string): Promise<void> {
  const a = await center(node(from).locator('.svelte-flow__handle.source'));
  const b = await center(node(to).locator('.svelte-flow__handle.target'));
  await d.page.mouse.move(a.x, a.y);
  await d.page.mouse.down();
  await d.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await d.page.mouse.move(b.x, b.y, { steps: 8 });
  await d.page.mouse.up();
  await d.page.locator('dialog.connect').waitFor();
}

async function fillConnect(event: string, vi: string, en: string): Promise<void> {
  const dialog = d.page.locator('dialog.connect');
  await dialog.locator('summary').click();
  await dialog.locator('input[name=event]').fill(event);
  await dialog.locator('input[name=label-vi]').fill(vi);
  await dialog.locator('input[name=label-en]').fill(en);
  await dialog.locator('button[type=submit]').click();
  await dialog.waitFor({ state: 'detached' });
}

describe('an administrator changes the reference procedure by drag and drop', () => {
  it('lists the procedures and opens the reference one', async () => {
    await d.page.goto(`${d.server.url}/#/designer`);
    await d.page.locator('a[data-procedure="harmful-content"]').waitFor();
    await shot(d.page, 'designer-list', false);
    await d.page.locator('a[data-procedure="harmful-content"]').click();
    await node('deciding').waitFor();
    await expect.poll(() => d.page.locator('.svelte-flow__node').count()).toBe(14);
    expect(await d.page.locator('.svelte-flow__edge').count()).toBeGreaterThan(10);
    expect(await errorsShown()).toBe('0');
    await shot(d.page, 'designer-canvas', false);
  });

  it('drops a new step onto the canvas and is told it has no title', async () => {
    const pane = d.page.locator('.svelte-flow__pane');
    // a spot of the canvas with no step, label or arrow around it
    const spot = await d.page.evaluate(() => {
      const r = document.querySelector('.svelte-flow__pane')!.getBoundingClientRect();
      const around = [[0, 0], [-110, -45], [110, -45], [-110, 45], [110, 45]];
      for (let y = r.bottom - 70; y > r.top + 70; y -= 20) {
        for (let x = r.left + 160; x < r.right - 130; x += 20) {
          if (around.every(([dx, dy]) => document.elementFromPoint(x + dx, y + dy)?.classList.contains('svelte-flow__pane'))) return { x: x - r.left, y: y - r.top };
        }
      }
      throw new Error('no empty spot on the canvas');
    });
    await d.page.locator('button[data-palette=atomic]').dragTo(pane, { targetPosition: spot });
    await node('step').waitFor();
    await expect.poll(errorsShown).not.toBe('0');
    await expect.poll(() => d.page.locator('section.problems li.error').first().textContent()).toMatch(/title|tiêu đề|vi|en/i);
    await shot(d.page, 'designer-new-state-error', false);
  });

  it('gives the step a code, titles, a role and an SLA', async () => {
    await node('step').click();
    await side().locator('details.advanced summary').first().click();
    await side().locator('input[name=state-key]').fill('legal_review');
    await side().locator('form.rename button[type=submit]').click();
    await node('legal_review').waitFor();
    await side().locator('input[name=state-title-vi]').fill('Thẩm định pháp lý');
    await side().locator('input[name=state-title-en]').fill('Legal review');
    await side().locator('input[name=state-role-verifier]').check();
    await side().locator('input[name=sla-amount]').fill('2');
    await side().locator('select[name=sla-unit]').selectOption('days');
    await expect.poll(() => node('legal_review').textContent()).toContain('Thẩm định pháp lý');
    await expect.poll(() => node('legal_review').textContent()).toContain('2 ngày');
  });

  it('connects it: deciding → legal review → deciding, with roles and a two-field form', async () => {
    await connect('deciding', 'legal_review');
    await fillConnect('LEGAL_REVIEW', 'Chuyển thẩm định pháp lý', 'Send for legal review');
    await side().locator('input[name=transition-role-lead]').check();

    await connect('legal_review', 'deciding');
    await fillConnect('LEGAL_OPINION', 'Gửi ý kiến pháp lý', 'Send the legal opinion');
    await side().locator('input[name=transition-role-verifier]').check();
    // Form: a long-text opinion (required) and a date.
    await side().locator('select[name=new-field-kind]').selectOption('textarea');
    await side().locator('button.add-field').click();
    const f1 = side().locator('li.field').nth(0);
    await f1.locator('input[name=field-required]').check();
    await f1.locator('input[name=field-label-vi]').fill('Ý kiến pháp lý');
    await f1.locator('input[name=field-label-en]').fill('Legal opinion');
    await side().locator('select[name=new-field-kind]').selectOption('date');
    await side().locator('button.add-field').click();
    const f2 = side().locator('li.field').nth(1);
    await f2.locator('input[name=field-label-vi]').fill('Ngày có ý kiến');
    await f2.locator('input[name=field-label-en]').fill('Date of the opinion');
    await side().locator('section.preview').waitFor();
    await expect.poll(() => side().locator('section.preview').textContent()).toContain('Ý kiến pháp lý');
    await expect.poll(errorsShown).toBe('0');
    await shot(d.page, 'designer-form-builder', false);
  });

  it('tries the procedure in the simulator without writing a case', async () => {
    await d.page.locator('button', { hasText: 'Chạy thử' }).click();
    await d.page.locator('section.sim').waitFor();
    await d.page.locator('section.sim form').first().waitFor();
    await shot(d.page, 'designer-simulation', false);
    // a pretend case: the monitor opens it, the clock moves two days, the deadline passes
    const sim = d.page.locator('section.sim');
    await sim.locator('[data-layout="array-items"] input').first().fill('https://www.facebook.com/fake.page/posts/7');
    await sim.locator('.qt-form').getByLabel('Nền tảng').first().selectOption({ label: 'Facebook' });
    await sim.locator('.qt-form').getByLabel('Loại vi phạm').first().selectOption({ label: 'Lừa đảo, chiếm đoạt tài sản' });
    await sim.locator('.qt-form').getByLabel('Tóm tắt nội dung').first().fill('Trang giả mạo kêu gọi chuyển tiền cho người quen.');
    await sim.locator('.qt-form button[type=submit]').click();
    const clock = sim.locator('[data-testid=sim-clock]');
    await expect.poll(() => clock.textContent()).toContain('05/01/2026');
    await sim.locator('input[name=sim-advance-amount]').fill('2');
    await sim.locator('.clockbar button').click();
    await expect.poll(() => clock.textContent()).toContain('07/01/2026');
    await sim.locator('details summary').click();
    const said = (await sim.locator('[data-testid=sim-log]').textContent()) ?? '';
    expect(said).toContain('Cán bộ rà soát, phát hiện');
    expect(said).toContain('Hết thời hạn bước “Phát hiện”');
    expect(said).not.toMatch(/quytrinh\.sla|OPEN|monitor\b/);
    await shot(d.page, 'designer-simulation-clock', false);
    await d.page.locator('button', { hasText: 'Thoát chạy thử' }).click();
  });

  it('undoes and redoes with the keyboard', async () => {
    await d.page.locator('.svelte-flow__pane').click({ position: { x: 20, y: 20 } });
    const titled = () => node('legal_review').textContent();
    await d.page.keyboard.press('Control+z');
    await d.page.keyboard.press('Control+Shift+z');
    await expect.poll(titled).toContain('Thẩm định pháp lý');
  });

  it('asks before Back leaves unsaved changes, and keeps them when told to stay', async () => {
    const unsaved = () => d.page.locator('span.state.dirty').count();
    expect(await unsaved()).toBe(1);
    const asked: string[] = [];
    d.page.removeAllListeners('dialog');
    d.page.on('dialog', (q) => {
      asked.push(q.message());
      void q.dismiss();
    });
    await d.page.goBack();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toMatch(/chưa lưu/);
    await expect.poll(() => new URL(d.page.url()).hash).toBe('#/designer/harmful-content');
    expect(await node('legal_review').textContent()).toContain('Thẩm định pháp lý');
    expect(await unsaved()).toBe(1);
    d.page.removeAllListeners('dialog');
    d.page.on('dialog', (q) => void q.accept());
  });

  it('selects an arrow, drags its end to another step, and undoes that', async () => {
    const label = d.page.locator('[data-edge="t:legal_review:on:LEGAL_OPINION:0"]');
    await label.click();
    await expect.poll(() => side().locator('select[name=target]').inputValue()).toBe('deciding');
    const anchor = d.page.locator('.svelte-flow__edgeupdater-target');
    await anchor.waitFor();
    const a = await center(anchor);
    const b = await center(node('referred').locator('.svelte-flow__handle.target'));
    await d.page.mouse.move(a.x, a.y);
    await d.page.mouse.down();
    await d.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
    await d.page.mouse.move(b.x, b.y, { steps: 8 });
    await d.page.mouse.up();
    await expect.poll(() => side().locator('select[name=target]').inputValue()).toBe('referred');
    await shot(d.page, 'designer-reconnected', false);
    await d.page.locator('.toolbar button', { hasText: 'Hoàn tác' }).click();
    await expect.poll(() => side().locator('select[name=target]').inputValue()).toBe('deciding');
  });

  it('edits the file in the JSON tab and sees it on the canvas', async () => {
    await d.page.locator('button[role=tab]', { hasText: 'JSON' }).click();
    const area = d.page.locator('.json textarea');
    await area.waitFor();
    // The file is ~100 kB: set it in one input event rather than typing it.
    await area.evaluate((el: HTMLTextAreaElement) => {
      el.value = el.value.replace('"en": "Legal review"', '"en": "Legal review (checked)"');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(() => d.page.locator('.json .bar').textContent()).toContain('Không có lỗi');
    await d.page.locator('.json button.primary').click();
    await d.page.locator('button[role=tab]', { hasText: 'Sơ đồ' }).click();
    await node('legal_review').click();
    await expect.poll(() => side().locator('input[name=state-title-en]').inputValue()).toBe('Legal review (checked)');
    await d.page.locator('.toolbar button', { hasText: 'Tự sắp xếp' }).click();
    await d.page.waitForTimeout(800);
    await shot(d.page, 'designer-auto-layout', false);
  });

  it('publishes version 2 with a change note, and shows the diff', async () => {
    await d.page.locator('.toolbar button.primary').click();
    // before confirming, the changes in sentences, by title
    const summary = d.page.locator('[data-testid=publish-summary]');
    await expect.poll(() => summary.textContent()).toContain('Thêm bước “Thẩm định pháp lý”');
    expect(await summary.textContent()).toContain('Thêm thao tác “Chuyển thẩm định pháp lý” ở bước');
    expect(await summary.textContent()).not.toMatch(/legal_review|LEGAL_|\/machine/);
    await shot(d.page, 'designer-publish-summary', false);
    await d.page.locator('dialog.publish textarea[name=publish-note]').fill('Thêm bước thẩm định pháp lý');
    await d.page.locator('dialog.publish button[type=submit]').click();
    await expect.poll(() => d.page.locator('.notice.ok').textContent(), { timeout: 20_000 }).toContain('phiên bản 2');
    await shot(d.page, 'designer-published', false);

    await d.page.locator('button[role=tab]', { hasText: 'Phiên bản' }).click();
    await d.page.locator('select[name=diff-from]').selectOption('1');
    await d.page.locator('select[name=diff-to]').selectOption('2');
    await expect.poll(() => d.page.locator('[data-testid=change-summary]').textContent()).toContain('Thêm bước “Thẩm định pháp lý”');
    await d.page.locator('.versions .svelte-flow__node').first().waitFor();
    await d.page.waitForTimeout(400);
    await shot(d.page, 'designer-diff', false);

    const res = await d.page.evaluate(async () => (await fetch('/api/procedures/harmful-content')).json());
    expect(res.procedure.latestVersion).toBe(2);
    expect(res.latest.procedure.machine.states.legal_review.meta.roles).toEqual(['verifier']);
    expect(d.admin.errors.filter((e) => !e.startsWith('dialog:'))).toEqual([]);
  });

  it('officials then work a new case through the new step and see its form', async () => {
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
    const monitor = await signIn(d.browser, d.server.url, 'monitor');
    const verifier = await signIn(d.browser, d.server.url, 'verifier', { width: 1400, height: 1000 });
    const lead = await signIn(d.browser, d.server.url, 'lead');
    try {
      const opened = await call(monitor, 'POST', '/api/cases', {
        procedure: 'harmful-content',
        data: { urls: ['https://www.facebook.com/fake-page'], platform: 'facebook', category: 'fraud', description: 'Trang giả mạo kêu gọi chuyển tiền.' },
      });
      expect(opened.status).toBe(201);
      const c = opened.json as { id: string; version: number; procedure: { version: number } };
      expect(c.procedure.version).toBe(2);
      const attachment = await monitor.page.evaluate(async (id) => {
        const form = new FormData();
        const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg=='), (ch) => ch.charCodeAt(0));
        form.append('file', new Blob([png], { type: 'image/png' }), 'evidence.png');
        return (await (await fetch(`/api/cases/${id}/attachments`, { method: 'POST', body: form })).json()) as { id: string };
      }, c.id);
      let r = await call(monitor, 'POST', `/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { additionalEvidence: [attachment.id] }, expectedVersion: c.version });
      expect(r.status).toBe(200);
      r = await call(verifier, 'POST', `/api/cases/${c.id}/events`, { type: 'CONFIRM', data: { legalBasis: ['cybersecurity_law_2018'], severity: 'high' }, expectedVersion: r.json.version });
      expect(r.status).toBe(200);
      r = await call(lead, 'POST', `/api/cases/${c.id}/events`, { type: 'LEGAL_REVIEW', data: {}, expectedVersion: r.json.version });
      expect(r.status).toBe(200);
      expect(r.json.state).toBe('legal_review');

      await verifier.page.goto(`${d.server.url}/#/cases/${c.id}`);
      const action = verifier.page.locator('button[data-action="LEGAL_OPINION"]');
      await action.waitFor({ timeout: 15_000 });
      await action.click();
      await expect.poll(() => verifier.page.locator('.form-box').textContent()).toContain('Ý kiến pháp lý');
      await shot(verifier.page, 'designer-official-new-form', false);
    } finally {
      for (const o of [monitor, verifier, lead]) await o.context.close().catch(() => {});
    }
  });
});

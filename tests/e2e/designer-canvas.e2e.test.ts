// The reference procedure in the designer at 1440×900 after "fit", measured in Chromium: every
// step's text is drawn at least 11 px high (font size × zoom), no transition label overlaps
// another or lies on a step, the overview map covers no step until asked for, the handles are
// 24 px targets; the history and the diff speak in names and titles, not UUIDs or codes.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shot } from './harness.ts';
import { designerSession } from './hooks.ts';

const d = designerSession();

interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
const hit = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What the canvas shows: the zoom, the smallest drawn text of a step, steps, labels, map, handles. */
function measure(p: Page) {
  return p.evaluate(() => {
    const vp = document.querySelector<HTMLElement>('.svelte-flow__viewport')!;
    const zoom = new DOMMatrix(getComputedStyle(vp).transform).a;
    const box = (id: string, el: Element) => {
      const r = el.getBoundingClientRect();
      return { id, x: r.x, y: r.y, width: r.width, height: r.height };
    };
    let minText = Infinity;
    const steps = [];
    for (const n of document.querySelectorAll('.svelte-flow__node')) {
      for (const el of n.querySelectorAll('*')) {
        const own = [...el.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent!.trim());
        if (own) minText = Math.min(minText, parseFloat(getComputedStyle(el).fontSize) * zoom);
      }
      if (!n.querySelector('.state.group')) steps.push(box(n.getAttribute('data-id')!, n));
    }
    const labels = [...document.querySelectorAll('.qt-edge-label')].map((l) => box(l.getAttribute('data-edge')!, l));
    const map = document.querySelector('.svelte-flow__minimap');
    const handles = [...document.querySelectorAll('.svelte-flow__handle')].map((h) => h.getBoundingClientRect()).map((r) => Math.min(r.width, r.height));
    return { zoom, minText, steps, labels, map: map ? box('map', map) : null, handles };
  });
}

describe('the reference procedure on a 1440×900 screen', () => {
  it('reads at fit: text ≥ 11 px, labels clear of each other and of steps, no map over a step', async () => {
    await d.page.goto(`${d.server.url}/#/designer/harmful-content`);
    await d.page.locator('.svelte-flow__node[data-id="deciding"]').waitFor();
    await d.page.getByRole('button', { name: 'Vừa màn hình' }).click();
    await expect.poll(async () => (await measure(d.page)).zoom).toBeGreaterThan(0.9);
    const m = await measure(d.page);
    await shot(d.page, 'designer-canvas-fit', false);
    expect(m.minText).toBeGreaterThanOrEqual(11);
    const onSteps = m.labels.flatMap((l) => m.steps.filter((s) => hit(l, s)).map((s) => `${l.id} on ${s.id}`));
    const pairs = m.labels.flatMap((l, i) => m.labels.slice(i + 1).filter((o) => hit(l, o)).map((o) => `${l.id} × ${o.id}`));
    expect(onSteps).toEqual([]);
    expect(pairs).toEqual([]);
    expect(m.labels.length).toBeGreaterThan(12);
    expect(m.map).toBeNull();
    expect(Math.min(...m.handles)).toBeGreaterThanOrEqual(24);
  });

  it('lets the person pan to what does not fit, and shows the map only when asked', async () => {
    const before = await measure(d.page);
    const pane = d.page.locator('.svelte-flow__pane');
    const b = (await pane.boundingBox())!;
    await d.page.mouse.move(b.x + b.width - 40, b.y + b.height - 30);
    await d.page.mouse.down();
    await d.page.mouse.move(b.x + 80, b.y + b.height - 30, { steps: 10 });
    await d.page.mouse.up();
    const after = await measure(d.page);
    const done = (m: typeof after) => m.steps.find((s) => s.id === 'done')!;
    expect(done(after).x).toBeLessThan(done(before).x - 200);
    await d.page.locator('[data-testid=toggle-minimap]').click();
    await d.page.locator('.svelte-flow__minimap').waitFor();
    await shot(d.page, 'designer-canvas-map', false);
    await d.page.locator('[data-testid=toggle-minimap]').click();
    await d.page.locator('.svelte-flow__minimap').waitFor({ state: 'detached' });
  });

  it('the step panel lists its actions by title and the history names who published', async () => {
    await d.page.getByRole('button', { name: 'Vừa màn hình' }).click();
    await d.page.locator('.svelte-flow__node[data-id="deciding"]').click();
    const list = d.page.locator('[data-testid=step-actions]');
    await list.waitFor();
    const text = (await list.textContent())!;
    expect(text).toMatch(/Yêu cầu gỡ bỏ|gỡ/);
    expect(text).not.toMatch(/REQUEST_REMOVAL|removal\.requested/);
    await shot(d.page, 'designer-step-actions', false);
    await d.page.getByRole('tab', { name: 'Phiên bản' }).click();
    const versions = d.page.locator('main, .designer').first();
    await expect.poll(async () => (await versions.textContent()) ?? '').toMatch(/bởi/);
    expect(await versions.textContent()).not.toMatch(/bởi [0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('a draft saved through the API that is not a procedure opens in the JSON tab with its problems', async () => {
    const saved = await d.page.evaluate(async () => {
      const res = await fetch('/api/procedures/not-a-procedure/draft', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ procedure: { key: 'not-a-procedure', machine: { states: 'none' }, roles: 3 } }),
      });
      return res.status;
    });
    expect(saved).toBe(200);
    await d.page.goto(`${d.server.url}/#/designer/not-a-procedure`);
    await d.page.locator('.json textarea').waitFor();
    expect(await d.page.getByRole('tab', { name: 'JSON' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => d.page.locator('section.problems').getAttribute('data-errors')).not.toBe('0');
    await d.page.getByRole('tab', { name: 'Sơ đồ' }).click();
    await expect.poll(() => d.page.locator('[data-testid=designer] [role=alert]').first().textContent()).toContain('chưa phải là một quy trình');
    await shot(d.page, 'designer-not-a-procedure', false);
    expect(d.admin.errors).toEqual([]);
  });

  it('at 390×844 the designer opens without a page error', async () => {
    await d.page.goto(`${d.server.url}/#/designer/harmful-content`);
    await d.page.setViewportSize({ width: 390, height: 844 });
    await d.page.getByRole('tab', { name: 'Sơ đồ' }).click();
    await d.page.locator('.svelte-flow__node[data-id="deciding"]').waitFor();
    await shot(d.page, 'designer-canvas-phone', true);
    await d.page.setViewportSize({ width: 1440, height: 900 });
    expect(d.admin.errors).toEqual([]);
  });

  it('a timer waits for a date filled in before its step; a field filled in only later is refused in words', async () => {
    await d.node('removal.following_up').focus();
    await d.page.keyboard.press('Enter');
    const timers = d.side().locator('ul.timers');
    await expect.poll(() => timers.textContent()).toContain('Đến hạn “Thời hạn gỡ bỏ” (nếu trống: sau 7 ngày)');
    await timers.locator('button').first().click();
    const timer = d.side().locator('[data-testid=timer-delay]');
    const field = timer.locator('select[name=delay-field]');
    await expect.poll(() => field.inputValue()).toBe('deadline');
    expect(await timer.locator('input[name=delay-amount]').inputValue()).toBe('7');
    await field.selectOption({ label: 'Ngày báo cáo' });
    await expect.poll(() => timer.locator('[role=alert]').textContent()).toContain('không biểu mẫu nào trước bước này có trường đó');
    await timer.scrollIntoViewIfNeeded();
    await shot(d.page, 'designer-timer-field', false);
    await field.selectOption({ label: 'Thời hạn gỡ bỏ' });
    await timer.locator('[role=alert]').waitFor({ state: 'detached' });
    expect(d.admin.errors).toEqual([]);
  });
});

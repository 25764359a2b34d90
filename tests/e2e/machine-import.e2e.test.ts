// Importing XState machines in a real browser: from the designer's list an administrator brings in
// three machines of the corpus (v5 with invoke and guards, v4 parallel, v4 history with
// onEntry) and a 67-state machine; each opens as a draft drawn by auto-layout without a page error,
// the big one at a zoom where its text reads; a wrong machine is refused in words, not pointers.
// Run after `npm run build`: npx vitest run -c tests/e2e/vitest.config.ts tests/e2e/machine-import.e2e.test.ts
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importMachine } from '../../engine/index.ts';
import { shot } from './harness.ts';
import { designerSession } from './hooks.ts';

const d = designerSession({ viewport: { width: 1600, height: 1000 } });

const corpus = (name: string) => join(import.meta.dirname, '../import/corpus', name);
const scratch = mkdtempSync(join(tmpdir(), 'qt-machines-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A 67-step machine as people write them: spaced Vietnamese names, a branch back every tenth step. */
function bigMachine(): string {
  const names = Array.from({ length: 66 }, (_, i) => `Bước ${i + 1} kiểm tra hồ sơ`);
  const states: Record<string, unknown> = {};
  names.forEach((n, i) => {
    const on: Record<string, string> = { 'tiếp tục': i + 1 < names.length ? names[i + 1] : 'Hoàn tất' };
    if (i % 10 === 9) on['quay lại'] = names[i - 5];
    states[n] = { on };
  });
  states['Hoàn tất'] = { type: 'final' };
  const file = join(scratch, 'big.json');
  writeFileSync(file, JSON.stringify({ id: 'hoSoLon', initial: names[0], states }));
  return file;
}

async function importFile(file: string): Promise<string> {
  await d.page.goto(`${d.server.url}/#/designer`);
  await d.page.locator('.machine-import input[name=machine-file]').setInputFiles(file);
  await d.page.waitForURL(/#\/designer\/[a-z]/);
  const key = decodeURIComponent(new URL(d.page.url()).hash.replace('#/designer/', ''));
  await d.page.locator('.svelte-flow__node').first().waitFor();
  return key;
}

const stateCount = (machine: { states?: Record<string, { states?: object }> }): number =>
  Object.values(machine.states ?? {}).reduce((n, s) => n + 1 + stateCount(s as never), 0);

describe('an administrator imports XState machines in the designer', () => {
  it.each(['valid/document-approval-v5.json', 'valid/text-editor-parallel-v4.json', 'valid/checkout-onentry-history-v4.json'])('opens %s as a draft, every state drawn', async (name) => {
    const machine = JSON.parse(readFileSync(corpus(name), 'utf8'));
    await importFile(corpus(name));
    await expect.poll(() => d.page.locator('.svelte-flow__node').count()).toBe(stateCount(machine));
    expect(await d.page.locator('section.problems').getAttribute('data-errors')).toBe('0');
    expect(Number(await d.page.locator('section.problems').getAttribute('data-blocking'))).toBeGreaterThan(0);
    await expect.poll(() => d.page.locator('button', { hasText: 'Công bố' }).first().isDisabled()).toBe(true);
    // What the machine leaves to define is listed with the procedure (nothing selected).
    const r = importMachine(machine);
    const names = r.ok ? Object.values(r.procedure.placeholders ?? {}).flat() : [];
    if (names.length) await expect.poll(() => d.page.locator('fieldset.to-define').textContent()).toContain(names[0]);
    expect(d.admin.errors).toEqual([]);
  });

  it('draws a 67-state machine legibly from its start, not squeezed to fit', async () => {
    const key = await importFile(bigMachine());
    expect(key).toBe('ho-so-lon');
    await expect.poll(() => d.page.locator('.svelte-flow__node').count()).toBe(67);
    const zoom = await d.page.locator('.svelte-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
    expect(zoom).toBeGreaterThanOrEqual(0.9);
    const start = d.page.locator('.svelte-flow__node[data-id="buoc_1_kiem_tra_ho_so"]');
    await expect.poll(() => start.textContent()).toContain('Bước 1 kiểm tra hồ sơ');
    const canvas = (await d.page.locator('.svelte-flow').boundingBox())!;
    const box = (await start.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(canvas.x);
    expect(box.y).toBeGreaterThanOrEqual(canvas.y);
    expect(box.y + box.height).toBeLessThanOrEqual(canvas.y + canvas.height);
    // The title's rendered size: 12px at the zoom.
    const fontPx = await start.locator('.state').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx * zoom).toBeGreaterThanOrEqual(10.5);
    await shot(d.page, 'designer-import-67-states', false);
    expect(d.admin.errors).toEqual([]);
  });

  it('refuses a machine that is wrong and says where in words', async () => {
    await d.page.goto(`${d.server.url}/#/designer`);
    await d.page.locator('.machine-import input[name=machine-file]').setInputFiles(corpus('invalid/ticket-unknown-target-v4.json'));
    const refusal = d.page.locator('.machine-import .refusal');
    await refusal.waitFor();
    const text = (await refusal.textContent()) ?? '';
    expect(text).toContain('"escalation"');
    expect(text).toContain('bước "triage"');
    expect(text).not.toMatch(/\/states\/|\[object Object\]/);
    // The browser logs the refusal's 422 itself; nothing else went wrong.
    expect(d.admin.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });
});

// An automated step in the designer, in a real browser: the administrator adds one from the
// palette, picks the document service, fills its input in the form drawn from the service's
// schema, sets where it leads, and the problems panel clears of the step's own problems.
import { describe, expect, it } from 'vitest';
import { shot } from './harness.ts';
import { designerSession } from './hooks.ts';

const d = designerSession({ acceptDialogs: true });
const { node, side } = d;

describe('an automated step in the designer', () => {
  it('is added from the palette and filled in through the form of its service', async () => {
    await d.page.goto(`${d.server.url}/#/designer/harmful-content`);
    await node('deciding').waitFor();
    await d.page.locator('button[data-palette=automated]').click();
    await node('step').waitFor();
    await node('step').click();
    const editor = side().locator('[data-testid=invoke-editor]');
    await editor.waitFor();
    expect(await editor.locator('select[name=invoke-service]').inputValue()).toBe('webhook');
    await editor.locator('select[name=invoke-service]').selectOption('document');
    await editor.locator('select[name=invoke-template]').selectOption('removal-request');
    await editor.locator('textarea[name=invoke-urls]').fill('{{data.urls}}');
    await editor.locator('textarea[name=invoke-urls]').blur();
    await editor.locator('input[name=invoke-platform]').fill('{{data.platform}}');
    await editor.locator('select[name=invoke-ondone]').selectOption('reporting_back');
    await side().locator('input[name=state-title-vi]').fill('Soạn công văn');
    await side().locator('input[name=state-title-en]').fill('Draft the letter');
    const problems = async () => (await d.page.locator('section.problems').textContent()) ?? '';
    await expect.poll(problems).not.toMatch(/Đầu vào của bước tự động/);
    await editor.scrollIntoViewIfNeeded();
    await shot(d.page, 'designer-invoke', false);

    const json = await d.page.evaluate(() => document.querySelector('[data-testid=invoke-editor]')?.textContent ?? '');
    expect(json).toContain('Soạn văn bản');
    expect(json).toContain('Đề nghị gỡ bỏ nội dung vi phạm');
    expect(d.admin.errors).toEqual([]);
  });
});

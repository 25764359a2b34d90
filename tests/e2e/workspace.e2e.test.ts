// The scenario in real browsers: a monitor records a case with evidence, a verifier sees
// it arrive live and confirms it, the case walks to done through each role, the dashboard
// follows live, the report lists it, and a <script> typed into a field stays text.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PNG, shot, signIn, type Official, type RunningServer } from './harness.ts';
import { useServerAndBrowser } from './hooks.ts';

const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
// dates are typed dd/mm/yyyy, on Vietnamese time
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10).split('-').reverse().join('/');

let server: RunningServer;
let browser: Browser;
const officials: Official[] = [];

async function as(username: string, viewport?: { width: number; height: number }): Promise<Official> {
  const o = await signIn(browser, server.url, username, viewport);
  officials.push(o);
  return o;
}

/** Opens an action's form on the case page and fills it; fields by label. */
async function openAction(page: Page, type: string): Promise<void> {
  await page.locator(`button[data-action="${type}"]`).click();
  await page.locator('.form-box form').waitFor();
}

async function submitAction(page: Page): Promise<void> {
  await page.locator('.form-box button[type=submit]').click();
}

async function expectState(page: Page, title: string): Promise<void> {
  await expect.poll(() => page.locator('[data-testid=case-state]').textContent(), { timeout: 15_000 }).toBe(title);
}

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, () => officials);

describe('officials carry a case from detection to the report', () => {
  let caseUrl = '';
  let caseNumber = '';
  let monitor: Official;
  let verifier: Official;
  let observer: Official;

  it('refuses a wrong password clearly, then signs in and survives a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.locator('input[name=username]').fill('monitor');
    await page.locator('input[name=password]').fill('wrong');
    await page.locator('form button[type=submit]').click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('không đúng');
    await shot(page, '01-login-error', false);
    await context.close();

    monitor = await as('monitor');
    await monitor.page.reload();
    await monitor.page.locator('.topbar nav').waitFor();
    expect(await monitor.page.locator('.who strong').textContent()).toBeTruthy();
  });

  it('others watch: the verifier on the inbox, the observer on the dashboard', async () => {
    verifier = await as('verifier');
    await verifier.page.locator('table.cases tbody tr').first().waitFor();
    await shot(verifier.page, '02-inbox-verifier');
    observer = await as('observer');
    await observer.page.goto(`${server.url}/#/dashboard`);
    await observer.page.locator('[data-testid=dash-total]').waitFor();
    await observer.page.waitForTimeout(500);
    await shot(observer.page, '03-dashboard-before');
  });

  it('the monitor records a case with evidence by picker and by drag and drop', async () => {
    const page = monitor.page;
    const totalBefore = await observer.page.locator('[data-testid=dash-total]').textContent();
    await page.goto(`${server.url}/#/new/harmful-content`);
    const form = page.locator('.qt-form form');
    await form.waitFor();
    await page.locator('[data-layout="array-items"] input').first().fill('https://www.facebook.com/fake.page/posts/42');
    await page.getByLabel('Nền tảng').selectOption({ label: 'Facebook' });
    await page.getByLabel('Tên tài khoản, trang, kênh đăng tải').fill(XSS);
    await page.getByLabel('Loại vi phạm').selectOption({ label: 'Lừa đảo, chiếm đoạt tài sản' });
    await page.getByLabel('Tóm tắt nội dung').fill('Trang giả mạo kêu gọi chuyển tiền, đã có nhiều người bị lừa.');
    await page.getByLabel('Ngày phát hiện').fill(today);
    await page.locator('.drop input[type=file]').setInputFiles({ name: 'bang-chung-1.png', mimeType: 'image/png', buffer: PNG });
    const dt = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const d = new DataTransfer();
      d.items.add(new File([bytes], 'bang-chung-2.png', { type: 'image/png' }));
      return d;
    }, PNG.toString('base64'));
    await page.dispatchEvent('.drop', 'drop', { dataTransfer: dt });
    await expect.poll(() => page.locator('.drop li').count()).toBe(2);
    await expect.poll(() => page.locator('.drop li .meta').allTextContents()).toEqual([
      expect.stringContaining('đã tải lên'),
      expect.stringContaining('đã tải lên'),
    ]);
    await expect.poll(() => page.locator('.drop img').count()).toBe(2);
    await shot(page, '04-new-case');
    await page.locator('.qt-form button[type=submit]').click();
    await page.waitForURL(/#\/cases\//);
    caseUrl = page.url();
    await expectState(page, 'Phát hiện');
    caseNumber = (await page.locator('h1 .number').textContent())!.trim();
    expect(caseNumber).toMatch(/^HC-/);
    await expect.poll(() => page.locator('.gallery li').count()).toBe(2);
    // the observer's dashboard counted it without a reload
    await expect.poll(() => observer.page.locator('[data-testid=dash-total]').textContent(), { timeout: 15_000 }).not.toBe(totalBefore);
    await shot(page, '05-case-detected');
  });

  it('a <script> in a field is shown as text, never run', async () => {
    const page = monitor.page;
    await expect.poll(() => page.getByText(XSS).first().isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('the monitor sends it for verification; it arrives live in the verifier inbox', async () => {
    const page = monitor.page;
    expect(await verifier.page.locator(`tr[data-case="${caseNumber}"]`).count()).toBe(0);
    await openAction(page, 'SUBMIT');
    await page.getByLabel('Ghi chú, giải trình bổ sung').fill('Đề nghị xác minh gấp.');
    await submitAction(page);
    await expectState(page, 'Xác minh');
    const row = verifier.page.locator(`tr[data-case="${caseNumber}"]`);
    await row.waitFor({ timeout: 15_000 });
    await shot(verifier.page, '06-inbox-live-arrival');
  });

  it('the verifier confirms it', async () => {
    const page = verifier.page;
    await page.locator(`tr[data-case="${caseNumber}"] a`).click();
    await page.waitForURL(/#\/cases\//);
    await expectState(page, 'Xác minh');
    expect(await page.getByText(XSS).count()).toBeGreaterThan(0);
    await openAction(page, 'CONFIRM');
    // an empty required select is refused in the browser, in Vietnamese
    await submitAction(page);
    await expect.poll(() => page.locator('.form-box .sjsf-errors-list, .form-box [id$="__errors"]').allTextContents()).toContainEqual(
      expect.stringContaining('Bắt buộc'),
    );
    await page.getByLabel('Luật An ninh mạng số 24/2018/QH14').check(); // legal bases: several may be ticked
    await page.getByLabel('Mức độ vi phạm').selectOption({ index: 3 });
    await page.getByLabel('Nhận xét, kết quả xác minh').fill('Xác minh có vi phạm.');
    await shot(page, '07-confirm-form');
    await submitAction(page);
    await expectState(page, 'Đề xuất xử lý');
  });

  it('a stale submit is refused politely and the typed data is kept', async () => {
    const lead = await as('lead');
    const page = lead.page;
    await page.goto(caseUrl);
    await expectState(page, 'Đề xuất xử lý');
    await openAction(page, 'REQUEST_REMOVAL');
    await page.getByLabel('Thời hạn gỡ bỏ').fill(today);
    await page.getByLabel('Ý kiến chỉ đạo').fill('Yêu cầu gỡ bỏ trong 24 giờ.');
    // meanwhile the verifier adds a comment
    await openAction(verifier.page, 'COMMENT');
    await verifier.page.getByLabel('Ý kiến').fill('Đã báo cáo lãnh đạo.');
    await submitAction(verifier.page);
    await expect.poll(() => verifier.page.locator('.ok-box').count()).toBe(1);
    // the lead's page says so, live
    await expect.poll(() => page.locator('.form-box .notice').first().textContent(), { timeout: 15_000 }).toContain('đã cập nhật hồ sơ');
    await submitAction(page);
    await expect.poll(() => page.locator('.form-box [role=alert]').last().textContent(), { timeout: 15_000 }).toContain('người khác cập nhật');
    expect(await page.getByLabel('Ý kiến chỉ đạo').inputValue()).toBe('Yêu cầu gỡ bỏ trong 24 giờ.');
    await shot(page, '08-stale-submit-refused');
    await page.locator('.form-box .notice button, .form-box [role=alert] button').first().click();
    await submitAction(page);
    await expectState(page, 'Gửi yêu cầu gỡ bỏ');
  });

  it('the liaison sends the request and records the removal', async () => {
    const liaison = await as('liaison');
    const page = liaison.page;
    await page.goto(caseUrl);
    await expectState(page, 'Gửi yêu cầu gỡ bỏ');
    await openAction(page, 'SENT');
    await page.getByLabel('Số, ký hiệu văn bản hoặc mã yêu cầu').fill('123/CV-STTTT');
    await page.getByLabel('Ngày gửi').fill(today);
    await page.getByLabel('Hình thức gửi').selectOption({ index: 1 });
    await submitAction(page);
    await expectState(page, 'Theo dõi kết quả gỡ bỏ');
    await shot(page, '09-following-up');
    await openAction(page, 'REMOVED');
    await page.getByLabel('Ngày nội dung được gỡ bỏ').fill(today);
    await submitAction(page);
    await expectState(page, 'Báo cáo Ban Thường vụ Tỉnh ủy');
  });

  it('the secretariat reports back; the case is done and the dashboard follows', async () => {
    const secretariat = await as('secretariat');
    const page = secretariat.page;
    await page.goto(caseUrl);
    await openAction(page, 'SUBMIT_REPORT');
    await page.getByLabel('Số, ký hiệu báo cáo').fill('45-BC/BTGTU');
    await page.getByLabel('Tóm tắt kết quả xử lý').fill('Đã gỡ bỏ nội dung vi phạm.');
    await submitAction(page);
    await expectState(page, 'Hoàn thành');
    await expect.poll(() => page.locator('.timeline > li').count()).toBeGreaterThanOrEqual(7);
    await shot(page, '10-case-done');
    await expect
      .poll(() => observer.page.locator('[data-testid=dash-by-state]').textContent(), { timeout: 15_000 })
      .toContain('Hoàn thành');
    await observer.page.waitForTimeout(500);
    await shot(observer.page, '11-dashboard-after');
  });

  it('the report for the period lists the case and prints on A4', async () => {
    const page = observer.page;
    await page.goto(`${server.url}/#/reports`);
    await page.locator(`.doc tr[data-case="${caseNumber}"]`).waitFor({ timeout: 20_000 });
    expect(Number(await page.locator('.figures [data-figure=detected]').textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await page.locator('.figures [data-figure=removed]').textContent())).toBeGreaterThanOrEqual(1);
    const csv = await page.locator('a[download]').getAttribute('href');
    const res = await page.request.get(`${server.url}${csv}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/csv');
    await shot(page, '12-reports');
    await page.emulateMedia({ media: 'print' });
    await shot(page, '13-report-print');
    await page.pdf({ path: 'tests/e2e/screenshots/13-report.pdf', format: 'A4', preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('switches to English in one click, and fits a tablet', async () => {
    const page = monitor.page;
    await page.goto(caseUrl);
    await page.locator('button.lang').click();
    await expectState(page, 'Completed');
    expect(await page.locator('h2', { hasText: 'Timeline' }).count()).toBe(1);
    await shot(page, '14-case-english');
    await page.locator('button.lang').click();
    const tablet = await as('verifier', { width: 820, height: 1180 });
    await tablet.page.goto(caseUrl);
    await expectState(tablet.page, 'Hoàn thành');
    await shot(tablet.page, '15-case-tablet');
    await tablet.page.goto(`${server.url}/#/inbox`);
    await tablet.page.locator('table.cases').waitFor();
    await shot(tablet.page, '16-inbox-tablet');
  });

  it('works from the keyboard alone: reach an action, fill its form, send it', async () => {
    const page = monitor.page;
    const tabTo = async (test: () => boolean, max = 80) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(test)) return true;
      }
      return false;
    };
    await page.goto(`${server.url}/#/inbox`);
    await page.locator('table.cases tbody tr[data-case] a').first().waitFor();
    expect(await tabTo(() => !!document.activeElement?.closest('tr[data-case]'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/cases\//);
    await page.locator('[data-testid=case-state]').waitFor();
    let onAction = false;
    for (let i = 0; i < 80 && !onAction; i++) {
      await page.keyboard.press('Tab');
      onAction = await page.evaluate(() => document.activeElement?.getAttribute('data-action') === 'COMMENT');
    }
    expect(onAction).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('Gửi bằng bàn phím.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.timeline > li').last().textContent(), { timeout: 15_000 }).toContain('Gửi bằng bàn phím.');
  });

  it('no page threw', () => {
    expect(officials.flatMap((o) => o.errors)).toEqual([]);
  });
});

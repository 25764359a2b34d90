// Accounts in real browsers: the administrator adds an official, who signs in with the temporary
// password, is made to change it and reaches the inbox; the administrator deactivates them and
// their next request is refused. The Officials page at desktop width and at 390 px.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { shot, signIn, type Official, type RunningServer } from './harness.ts';
import { useServerAndBrowser } from './hooks.ts';

let server: RunningServer;
let browser: Browser;
const opened: Official[] = [];

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, () => opened);

/** No sideways scrolling: the page is no wider than the window. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('an administrator manages officials', () => {
  let admin: Official;
  let temporary = '';
  const NEW_PASSWORD = 'hoa sen nở trên đầm';

  it('adds an official with a unit and roles, and sees the temporary password once', async () => {
    admin = await signIn(browser, server.url, 'admin');
    opened.push(admin);
    const page = admin.page;
    await page.locator('.topbar nav a[href="#/officials"]').click();
    await page.locator('[data-testid=officials] tbody tr').first().waitFor();
    await shot(page, 'officials-01-list');

    await page.locator('[data-testid=add-official]').click();
    const form = page.locator('[data-testid=official-form]');
    // sent empty: every problem under its field, nothing sent
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error').count()).toBe(4);
    await form.locator('input[name=username]').fill('le.thi.hoa');
    await form.locator('input[name=displayName]').fill('Lê Thị Hoa');
    await form.locator('select[name=unitId]').selectOption({ label: 'Đảng ủy phường Rạch Giá' });
    await form.locator('input[name=role-monitor]').check();
    // a name already taken: the server's refusal under the user name, in Vietnamese
    await form.locator('input[name=username]').fill('monitor');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('#of-username-error').textContent()).toBe('Tên đăng nhập này đã có người dùng.');
    await shot(page, 'officials-02-form-error', false);
    await form.locator('input[name=username]').fill('le.thi.hoa');
    // an e-mail address that is not one: said under it before anything is sent
    await form.locator('input[name=email]').fill('le.thi.hoa@');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('#of-email-error').textContent()).toBe('Địa chỉ e-mail chưa đúng: ghi theo dạng ten@coquan.gov.vn, hoặc để trống.');
    await form.locator('input[name=email]').fill('hoa.le@rachgia.angiang.gov.vn');
    await form.locator('button[type=submit]').click();

    const value = page.locator('[data-testid=temporary-password-value]');
    await value.waitFor();
    temporary = (await value.textContent())!.trim();
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const row = page.locator('tr[data-username="le.thi.hoa"]');
    await expect.poll(() => row.textContent()).toContain('Đảng ủy phường Rạch Giá');
    expect(await row.textContent()).toContain('Chưa đổi mật khẩu tạm');
    expect(await row.locator('.email').textContent()).toBe('hoa.le@rachgia.angiang.gov.vn');
    await shot(page, 'officials-03-temporary-password');
    await page.locator('[data-testid=temporary-password] button', { hasText: 'Đã ghi lại' }).click();
    expect(await page.locator('[data-testid=temporary-password]').count()).toBe(0);
  });

  let official: Official;

  it('the official signs in with it, must change it first, then sees their inbox', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    official = { context, page, errors: [] };
    opened.push(official);
    page.on('pageerror', (e) => official.errors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}/`);
    await page.locator('input[name=username]').fill('le.thi.hoa');
    await page.locator('input[name=password]').fill(temporary);
    await page.locator('form button[type=submit]').click();

    // the forced change: no navigation, only the form
    await page.locator('input[name=next]').waitFor();
    expect(await page.locator('.topbar nav').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toBe('Hãy đặt mật khẩu của riêng bạn');
    expect((await page.request.get(`${server.url}/api/cases`)).status()).toBe(403);
    await shot(page, 'officials-04-forced-change', false);
    await page.locator('input[name=current]').fill(temporary);
    await page.locator('input[name=next]').fill('ngắn quá');
    await page.locator('input[name=confirm]').fill('ngắn quá');
    await page.locator('form button[type=submit]').click();
    expect(await page.locator('#pw-next-error').textContent()).toBe('Mật khẩu mới phải có ít nhất 12 ký tự.');
    // the server's rule: not containing the user name
    await page.locator('input[name=next]').fill('le.thi.hoa-2026-xuân');
    await page.locator('input[name=confirm]').fill('le.thi.hoa-2026-xuân');
    await page.locator('form button[type=submit]').click();
    await expect.poll(() => page.locator('#pw-next-error').textContent()).toBe('Mật khẩu không được chứa tên đăng nhập.');
    await page.locator('input[name=next]').fill(NEW_PASSWORD);
    await page.locator('input[name=confirm]').fill(NEW_PASSWORD);
    await page.locator('form button[type=submit]').click();

    await page.locator('.topbar nav').waitFor();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Hồ sơ cần xử lý');
    expect(await page.locator('.who strong').textContent()).toBe('Lê Thị Hoa');
    expect((await page.request.get(`${server.url}/api/cases`)).status()).toBe(200);
    await shot(page, 'officials-05-inbox-after-change');

    // the account page (another tab, the inbox stays as it is): the address the administrator
    // set, and the daily digest chosen
    const account = await official.context.newPage();
    account.on('pageerror', (e) => official.errors.push(`pageerror: ${e.message}`));
    await account.setViewportSize({ width: 1440, height: 900 });
    await account.goto(`${server.url}/#/password`);
    const digest = account.getByLabel('Nhận e-mail tóm tắt thông báo chưa đọc');
    await expect.poll(() => digest.isEnabled()).toBe(true);
    expect(await account.locator('.digest input[name=email]').inputValue()).toBe('hoa.le@rachgia.angiang.gov.vn');
    await digest.check();
    await expect.poll(() => account.locator('.digest [role=status]').textContent()).toBe('Đã lưu lựa chọn.');
    await account.reload();
    await expect.poll(() => account.getByLabel('Nhận e-mail tóm tắt thông báo chưa đọc').isChecked()).toBe(true);
    await shot(account, 'officials-05b-account-digest');
    await account.close();
    expect(official.errors).toEqual([]);
  });

  it('the administrator deactivates them, and their next request is refused', async () => {
    const page = admin.page;
    await page.reload();
    const row = page.locator('tr[data-username="le.thi.hoa"]');
    await expect.poll(() => row.textContent()).not.toContain('Chưa đổi mật khẩu tạm');
    await row.locator('button[data-action=deactivate]').click();
    await row.locator('[data-testid=confirm]').click();
    await expect.poll(() => row.textContent()).toContain('Đã khóa');
    expect(await row.locator('button[data-action=reactivate]').count()).toBe(1);
    await shot(page, 'officials-06-deactivated');

    // the official's page asks the server for something: refused, back to the sign-in page
    const o = official.page;
    expect((await o.request.get(`${server.url}/api/me`)).status()).toBe(401);
    // the inbox asks for its cases again — unless its WebSocket, closed by the deactivation, told it first
    const scope = o.locator('.scope button[aria-pressed=false]');
    if (await scope.isVisible()) await scope.click({ timeout: 5_000 }).catch(() => {});
    await o.locator('input[name=username]').waitFor();
    expect(await o.locator('.notice').textContent()).toContain('Phiên làm việc');
    await o.locator('input[name=username]').fill('le.thi.hoa');
    await o.locator('input[name=password]').fill(NEW_PASSWORD);
    await o.locator('form button[type=submit]').click();
    await expect.poll(() => o.locator('[role=alert]').textContent()).toContain('không đúng');
  });

  it('imports a list with a preview of each row and its problems', async () => {
    const page = admin.page;
    await page.locator('button', { hasText: 'Nhập từ tệp CSV' }).click();
    const panel = page.locator('[data-testid=import-panel]');
    await panel.locator('textarea[name=csv]').fill(
      ['username,displayName,unit,roles,thư điện tử', 'pham.van.d,Phạm Văn D,Phường Vĩnh Thanh,monitor,d.pham@', 'monitor,Trùng tên,Đảng ủy phường Rạch Giá,verifier;king,'].join('\n'),
    );
    await panel.locator('button', { hasText: 'Kiểm tra' }).click();
    await panel.locator('[data-testid=import-preview]').waitFor();
    expect(await panel.locator('tr.problems li').allTextContents()).toEqual([
      'Địa chỉ e-mail chưa đúng (dạng ten@coquan.gov.vn); để trống nếu chưa có.',
      'Tên đăng nhập này đã có người dùng.',
      'Vai trò không tồn tại: king. Có: admin, monitor, verifier, lead, liaison, secretariat, observer.',
    ]);
    expect(await panel.locator('button', { hasText: /^Nhập \d+ cán bộ$/ }).count()).toBe(0);
    await shot(page, 'officials-07-import-preview');
    await panel.locator('textarea[name=csv]').fill(['username,displayName,unit,roles,thư điện tử', 'pham.van.d,Phạm Văn D,Phường Vĩnh Thanh,monitor,d.pham@vinhthanh.gov.vn'].join('\n'));
    await panel.locator('button', { hasText: 'Kiểm tra' }).click();
    await panel.locator('button', { hasText: 'Nhập 1 cán bộ' }).click();
    await panel.locator('[data-testid=import-result] code').waitFor();
    // the list and the units are read again
    await expect.poll(() => page.locator('tr[data-username="pham.van.d"]').count()).toBe(1);
    expect(await page.locator('tr[data-username="pham.van.d"] .email').textContent()).toBe('d.pham@vinhthanh.gov.vn');
    await expect.poll(() => page.locator('.units li', { hasText: 'Phường Vĩnh Thanh' }).count()).toBe(1);
    await shot(page, 'officials-08-import-done');
    expect(admin.errors).toEqual([]);
  });

  it('fits a 390 px phone without sideways scrolling, and the password page too', async () => {
    const phone = await signIn(browser, server.url, 'admin', { width: 390, height: 844 });
    opened.push(phone);
    await phone.page.goto(`${server.url}/#/officials`);
    await phone.page.locator('[data-testid=officials] tbody tr').first().waitFor();
    expect(await fitsWidth(phone.page)).toBe(true);
    await shot(phone.page, 'officials-09-phone', false);
    await phone.page.locator('[data-testid=officials] tbody tr').nth(1).scrollIntoViewIfNeeded();
    await shot(phone.page, 'officials-09b-phone-rows', false);
    await phone.page.locator('[data-testid=add-official]').click();
    await phone.page.locator('[data-testid=official-form]').waitFor();
    expect(await fitsWidth(phone.page)).toBe(true);
    await shot(phone.page, 'officials-10-phone-form', false);
    await phone.page.goto(`${server.url}/#/password`);
    await phone.page.locator('input[name=next]').waitFor();
    expect(await fitsWidth(phone.page)).toBe(true);
    await shot(phone.page, 'officials-11-phone-password', false);
    // no address yet: the digest cannot be chosen, and the page says why and who can help
    await expect.poll(() => phone.page.locator('#digest-no-email').textContent()).toContain('nhờ quản trị viên');
    expect(await phone.page.getByLabel('Nhận e-mail tóm tắt thông báo chưa đọc').isDisabled()).toBe(true);
    await shot(phone.page, 'officials-11b-phone-account-digest');
    expect(phone.errors).toEqual([]);
  });

  it('an official signs out on every device: the other browser returns to sign-in at once', async () => {
    const desk = await signIn(browser, server.url, 'observer');
    const phone = await signIn(browser, server.url, 'observer', { width: 390, height: 844 });
    opened.push(desk, phone);
    // the phone follows cases live: its socket is what tells it the session ended
    await phone.page.locator('main').waitFor();
    await desk.page.goto(`${server.url}/#/password`);
    desk.page.removeAllListeners('dialog');
    desk.page.once('dialog', (d) => void d.accept());
    await desk.page.getByRole('button', { name: 'Đăng xuất trên mọi thiết bị' }).click();
    await desk.page.locator('input[name=username]').waitFor();
    await phone.page.locator('input[name=username]').waitFor();
    await shot(phone.page, 'officials-12-signed-out-everywhere', false);
    expect([...desk.errors, ...phone.errors].filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});

// Officials' daily work on a desktop and a 390×844 phone: a half-typed form survives a reload, a
// server refusal shows under its field in Vietnamese, a verifier takes a case and a lead hands one
// to a verifier by name (whose bell rings), search ignores diacritics, filters and sort live in the
// address, dates read dd/mm/yyyy, no raw key on screen, no page scrolls sideways.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PNG, shot, signIn, type Official, type RunningServer } from './harness.ts';
import { useServerAndBrowser } from './hooks.ts';

let server: RunningServer;
let browser: Browser;
const officials: Official[] = [];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function as(username: string, viewport = DESKTOP): Promise<Official> {
  const o = await signIn(browser, server.url, username, viewport);
  officials.push(o);
  return o;
}

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, () => officials);

/** Reloads the page; the prompts it raised on the way (leaving with unsent changes asks first). */
async function reloadAsked(o: Official): Promise<string[]> {
  const asked: string[] = [];
  o.page.removeAllListeners('dialog');
  o.page.on('dialog', (d) => {
    asked.push(d.type());
    void (d.type() === 'beforeunload' ? d.accept() : d.dismiss());
  });
  await o.page.reload();
  return asked;
}

/** The page's width beyond the viewport (0: nothing scrolls sideways). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Words a reader should never see: a camelCase key, a dotted event name, `state: x`, a snake_case key, an ISO time or duration, a UUID. */
const RAW =
  /(?<!\p{L})[a-z]+[A-Z][A-Za-z]*(?!\p{L})|\b(case|attachment|user|auth|quytrinh|xstate)\.[a-z_]+\b|\bstate: |(?<!\p{L})[a-z]+_[a-z_]+(?!\p{L})|\d{4}-\d{2}-\d{2}T|\bP(T?\d+[DHMW])\b|[0-9a-f]{8}-[0-9a-f]{4}-/u;
/** The first raw key in an element's text as the reader sees it (innerText: blocks apart), with what surrounds it. */
async function rawOn(page: Page, selector: string): Promise<string | null> {
  const text = await page.locator(selector).first().innerText();
  const m = RAW.exec(text);
  return m ? text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30) : null;
}

/** Today as the reader writes it (dd/mm/yyyy), on Vietnamese time like the browsers here. */
const todayVn = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10).split('-').reverse().join('/');

/** A case of the reference procedure waiting on the verifier, opened and sent by the monitor. */
async function verifyingCase(monitor: Official, description: string): Promise<{ id: string; number: string }> {
  const up = await monitor.page.request.post(`${server.url}/api/attachments`, { multipart: { file: { name: 'anh.png', mimeType: 'image/png', buffer: PNG } } });
  expect(up.status()).toBe(201);
  const opened = await monitor.page.request.post(`${server.url}/api/cases`, {
    data: {
      procedure: 'harmful-content',
      data: { urls: ['https://www.facebook.com/gia.danh/posts/1'], platform: 'facebook', category: 'impersonation', description, evidence: [(await up.json()).id] },
    },
  });
  expect(opened.status()).toBe(201);
  const c = await opened.json();
  const sent = await monitor.page.request.post(`${server.url}/api/cases/${c.id}/events`, { data: { type: 'SUBMIT', data: {}, expectedVersion: 1 } });
  expect(sent.status()).toBe(200);
  return c;
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('daily work on a %s', (name, viewport) => {
  let monitor: Official;

  it('a half-typed new case survives a reload; a server 422 shows under its field in Vietnamese', async () => {
    monitor = await as('monitor', viewport);
    const page = monitor.page;
    await page.goto(`${server.url}/#/new/harmful-content`);
    await page.locator('.qt-form form').waitFor();
    // required fields are starred before anything is sent, the list of links too
    expect(await page.locator('.qt-form').textContent()).toContain('Đường dẫn (URL) nội dung vi phạm *');
    // the discovery date starts at today, written dd/mm/yyyy; the evidence field says what it takes and how much
    expect(await page.getByLabel('Ngày phát hiện').inputValue()).toBe(todayVn());
    expect(await page.getByLabel('Ngày phát hiện').getAttribute('placeholder')).toBe('dd/mm/yyyy');
    const evidenceText = await page.locator('.qt-form .drop').textContent();
    expect(evidenceText).toContain('video (mp4, webm), tệp lưu trang (.html, .mhtml)');
    expect(evidenceText).toContain('tối đa 50 MB mỗi tệp');
    expect(await page.locator('.qt-form input[type=file]').getAttribute('accept')).toContain('.mhtml');
    await page.locator('[data-layout="array-items"] input').first().fill('https://www.facebook.com/trang.gia/posts/7');
    await page.getByLabel('Tên tài khoản, trang, kênh đăng tải').fill(`Tin nóng 24h ${name}`);
    await page.getByLabel('Tóm tắt nội dung').fill('Trang giả mạo kêu gọi chuyển tiền');

    expect(await reloadAsked(monitor)).toEqual(['beforeunload']);
    await page.locator('.qt-form form').waitFor();
    expect(await page.getByLabel('Tên tài khoản, trang, kênh đăng tải').inputValue()).toBe(`Tin nóng 24h ${name}`);
    expect(await page.getByLabel('Tóm tắt nội dung').inputValue()).toBe('Trang giả mạo kêu gọi chuyển tiền');
    expect(await page.locator('[data-layout="array-items"] input').first().inputValue()).toBe('https://www.facebook.com/trang.gia/posts/7');
    expect(await page.getByLabel('Ngày phát hiện').inputValue()).toBe(todayVn());
    await shot(page, `daily-${name}-draft-after-reload`);

    // the server refuses the case without its links (dropped on the way): shown under the field
    await page.getByLabel('Nền tảng').selectOption({ label: 'Facebook' });
    await page.getByLabel('Loại vi phạm').selectOption({ label: 'Lừa đảo, chiếm đoạt tài sản' });
    await page.route('**/api/cases', async (route) => {
      const body = route.request().postDataJSON() as { data: Record<string, unknown> };
      delete body.data.urls;
      await route.continue({ postData: JSON.stringify(body) });
    });
    await page.locator('.qt-form button[type=submit]').click();
    await expect.poll(() => page.locator('.error-box[role=alert]').textContent()).toContain('Đường dẫn (URL) nội dung vi phạm: Bắt buộc nhập');
    const under = await page.evaluate(() => {
      const list = document.querySelector('.qt-form .sjsf-errors-list');
      const field = list?.closest('[data-layout="array-field"]');
      return { text: list?.textContent?.trim(), legend: field?.querySelector('.sjsf-title')?.textContent?.trim(), focusIn: !!field?.contains(document.activeElement) };
    });
    expect(under).toEqual({ text: 'Bắt buộc nhập', legend: 'Đường dẫn (URL) nội dung vi phạm *', focusIn: true });
    expect(await page.locator('.error-box').textContent()).not.toMatch(/urls|required property/);
    await shot(page, `daily-${name}-server-422`, false);
    await page.unroute('**/api/cases');

    // sent for real: the draft is gone
    await page.locator('.qt-form button[type=submit]').click();
    await page.waitForURL(/#\/cases\//);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('qt.draft')))).toEqual([]);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(monitor.errors.filter((e) => !/422/.test(e))).toEqual([]);
  });

  it('an action form half-typed survives a reload on the case page', async () => {
    const c = await verifyingCase(monitor, `Trang giả danh Công an tỉnh (${name})`);
    const verifier = await as('verifier', viewport);
    const page = verifier.page;
    await page.goto(`${server.url}/#/cases/${c.id}`);
    // opening a case puts keyboard users on its heading, the actions come next in reading order
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.evaluate(() => {
      const actions = document.getElementById('actions-h')!;
      const timeline = document.querySelector('.timeline, .main')!;
      return !!(actions.compareDocumentPosition(timeline) & Node.DOCUMENT_POSITION_FOLLOWING);
    })).toBe(true);
    await page.locator('button[data-action="COMMENT"]').click();
    await page.getByLabel('Ý kiến').fill('Đang xác minh với Công an tỉnh');
    expect(await reloadAsked(verifier)).toEqual(['beforeunload']);
    await expect.poll(() => page.getByLabel('Ý kiến').inputValue()).toBe('Đang xác minh với Công an tỉnh');
    await shot(page, `daily-${name}-action-draft-after-reload`);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });

  it('search ignores diacritics: "cong an tinh" finds "Công an tỉnh"', async () => {
    // someone else: the verifier above left a comment unsent (leaving that page would ask first)
    const observer = await as('observer', viewport);
    const page = observer.page;
    await page.goto(`${server.url}/#/inbox`);
    await page.locator('.scope button').nth(1).click(); // every case this official may read
    const searched = page.waitForResponse((r) => r.url().includes('/api/cases?') && r.url().includes('q=cong+an+tinh'));
    await page.locator('input[type=search]').fill('cong an tinh');
    const answer = (await (await searched).json()) as { cases: { number: string }[] };
    expect(answer.cases.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-case]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')))).toEqual(answer.cases.map((c) => c.number));
    const found = await page.locator('[data-case]').allTextContents();
    // every case fits the screen (cards on a phone), the filters other than the search folded away there
    expect(await page.evaluate(() => document.querySelector('table.cases')!.getBoundingClientRect().width)).toBeLessThanOrEqual(viewport.width);
    expect(await page.getByLabel('Quy trình').isVisible()).toBe(name === 'desktop');
    expect(found.join(' ')).toContain('Công an tỉnh');
    await shot(page, `daily-${name}-search-folded`);
    expect(await sideways(page)).toBeLessThanOrEqual(0);

    // the filters and the search are in the address: a reload (or the link, shared) shows the same list
    await expect.poll(() => page.url()).toContain('mine=0&q=cong+an+tinh');
    await page.reload();
    await expect.poll(() => page.locator('input[type=search]').inputValue()).toBe('cong an tinh');
    await expect.poll(() => page.locator('[data-case]').allTextContents()).toEqual(found);
    const link = page.url();

    // sorted by case number on the server (keyboard: Enter on the heading), descending on a second
    // press; Back undoes each step
    const numbers = () => page.locator('[data-case]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')!));
    const numberHeading = page.locator('th', { hasText: 'Số hồ sơ' });
    if (name === 'desktop') {
      expect(await numberHeading.getAttribute('aria-sort')).toBe('none');
      await numberHeading.locator('button').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => numberHeading.getAttribute('aria-sort')).toBe('ascending');
      await expect.poll(() => page.url()).toContain('sort=number');
      await numberHeading.locator('button').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => numberHeading.getAttribute('aria-sort')).toBe('descending');
      expect(await page.locator('th', { hasText: 'Thời hạn' }).getAttribute('aria-sort')).toBe('none');
    } else {
      await page.getByRole('button', { name: 'Bộ lọc' }).click();
      await page.getByLabel('Sắp xếp').selectOption('-number');
    }
    await expect.poll(() => page.url()).toContain('sort=-number');
    await expect
      .poll(async () => {
        const n = await numbers();
        return n.length === found.length && n.join() === [...n].sort().reverse().join();
      })
      .toBe(true);
    await shot(page, `daily-${name}-sorted`);
    if (name === 'desktop') {
      await page.goBack();
      await expect.poll(() => numberHeading.getAttribute('aria-sort')).toBe('ascending');
    }
    await page.goBack();
    await expect.poll(() => page.url()).toBe(link);
    await expect.poll(() => page.locator('input[type=search]').inputValue()).toBe('cong an tinh');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(observer.errors).toEqual([]);
  });
});

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('cases have owners, on a %s', (name, viewport) => {
  it('a verifier takes a case; a lead hands one to the verifier by name, whose bell rings', async () => {
    const monitor = officials.find((o) => o.page.viewportSize()?.width === DESKTOP.width)!;
    const taken = await verifyingCase(monitor, `Tài khoản mạo danh Sở Y tế (${name})`);
    const handed = await verifyingCase(monitor, `Trang bán thuốc giả mạo Bệnh viện tỉnh (${name})`);
    const verifier = await as('verifier', viewport);
    const lead = await as('lead', viewport);

    await verifier.page.goto(`${server.url}/#/cases/${taken.id}`);
    await verifier.page.locator('[data-testid=take]').click();
    await expect.poll(() => verifier.page.locator('[data-testid=holder-name]').textContent()).toBe('Cán bộ xác minh');
    await shot(verifier.page, `daily-${name}-verifier-took-case`);

    // the verifier waits on the inbox, the bell as it is
    await verifier.page.goto(`${server.url}/#/inbox`);
    await verifier.page.locator(`[data-case="${taken.number}"]`).waitFor();
    expect(await verifier.page.locator(`[data-case="${taken.number}"] [data-testid=holder]`).textContent()).toBe('Cán bộ xác minh');
    const bell = verifier.page.locator('.bell > button');
    const before = await bell.getAttribute('aria-label');

    await lead.page.goto(`${server.url}/#/cases/${handed.id}`);
    await lead.page.locator('[data-testid=hand-to]').selectOption({ label: 'Cán bộ xác minh' });
    await lead.page.locator('[data-testid=hand]').click();
    await expect.poll(() => lead.page.locator('[data-testid=holder-name]').textContent()).toBe('Cán bộ xác minh');
    await shot(lead.page, `daily-${name}-lead-handed-case`);

    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 15_000 }).not.toBe(before);
    await bell.click();
    await expect.poll(() => verifier.page.locator('.bell .panel').textContent()).toContain(`đã giao hồ sơ ${handed.number} cho bạn`);
    // the panel opens on the screen, on a phone too (the bell sits at the left of a wrapped header there)
    const panel = (await verifier.page.locator('.bell .panel').boundingBox())!;
    expect(panel.x >= 0 && panel.x + panel.width <= viewport.width, JSON.stringify(panel)).toBe(true);
    await shot(verifier.page, `daily-${name}-verifier-bell`, false);
    expect(await rawOn(verifier.page, '.bell .panel')).toBeNull();
    // history in words
    await verifier.page.goto(`${server.url}/#/cases/${handed.id}`);
    await expect.poll(() => verifier.page.locator('.timeline').textContent()).toContain('Giao hồ sơ cho Cán bộ xác minh');
    // the timeline and the audit rows in words: no key, event name, ISO time or id
    expect(await rawOn(verifier.page, '.timeline')).toBeNull();
    await verifier.page.locator('details.audit summary').click();
    expect(await rawOn(verifier.page, 'details.audit')).toBeNull();
    expect(await sideways(verifier.page)).toBeLessThanOrEqual(0);
    expect(verifier.errors).toEqual([]);
    expect(lead.errors).toEqual([]);
  });
});

describe('no page scrolls sideways on a 390 px phone', () => {
  it('inbox, case, new case, reports, dashboard, account, officials, designer list', async () => {
    const lead = await as('lead', PHONE);
    const monitor = await as('monitor', PHONE);
    const admin = await as('admin', PHONE);
    const { id } = (await (await lead.page.request.get(`${server.url}/api/cases?mine=0&limit=1`)).json()).cases[0];
    const pages: [Official, string, string][] = [
      [lead, '#/inbox', 'inbox'],
      [lead, `#/cases/${id}`, 'case'],
      [monitor, '#/new/harmful-content', 'new-case'],
      [lead, '#/reports', 'reports'],
      [lead, '#/dashboard', 'dashboard'],
      [lead, '#/password', 'account'],
      [admin, '#/officials', 'officials'],
      [admin, '#/designer', 'designer-list'],
    ];
    for (const [o, path, label] of pages) {
      await o.page.goto(`${server.url}/${path}`);
      await o.page.locator('main h1').first().waitFor();
      await o.page.waitForLoadState('networkidle');
      await shot(o.page, `daily-phone-page-${label}`);
      expect(await sideways(o.page), label).toBeLessThanOrEqual(0);
    }
    expect(lead.errors).toEqual([]);
    expect(monitor.errors).toEqual([]);
    expect(admin.errors).toEqual([]);
  });
});

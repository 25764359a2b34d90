// The report and dashboard of procedures other than the one the code was written with: the
// shipped impersonation-page (its own event names), and a procedure built here from nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTCOMES, type Procedure } from '../../engine/index.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { dbLabel, multipart, PNG, START, type UserName, useTestApp } from './helpers.ts';

const zero = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
const text = (vi: string, en = vi) => ({ vi, en });
const action = (target: string, roles: string[], extra: Record<string, unknown> = {}) => ({ target, meta: { label: text(target), roles, ...extra } });

/** Screening of online loan adverts: its own states, events and outcomes, one decision with two. */
const loanAds: Procedure = {
  key: 'loan-ads',
  title: text('Quảng cáo cho vay', 'Loan adverts'),
  description: text('Sàng lọc quảng cáo cho vay trực tuyến.', 'Screening of online loan adverts.'),
  roles: [
    { id: 'monitor', title: text('Rà soát') },
    { id: 'verifier', title: text('Thẩm định') },
    { id: 'lead', title: text('Lãnh đạo') },
  ],
  caseSchema: { type: 'object', properties: { advert: { type: 'string' } } },
  start: {
    roles: ['monitor'], label: text('Ghi nhận'), outcome: 'detected',
    form: { schema: { type: 'object', required: ['advert'], properties: { advert: { type: 'string' } }, additionalProperties: false } },
  },
  machine: {
    id: 'loan-ads',
    initial: 'sang_loc',
    states: {
      sang_loc: {
        meta: { title: text('Sàng lọc'), roles: ['verifier'], sla: 'P2D' },
        on: { HOP_LE: action('xong', ['verifier'], { outcome: 'rejected' }), VI_PHAM: action('quyet_dinh', ['verifier'], { outcome: 'verified' }) },
      },
      quyet_dinh: {
        meta: { title: text('Quyết định'), roles: ['lead'] },
        on: { GO_VA_CHUYEN: action('cho_go', ['lead'], { outcome: ['removal_requested', 'referred'] }) },
      },
      cho_go: {
        meta: { title: text('Chờ gỡ'), roles: ['monitor'], sla: 'P1D' },
        on: { DA_GO: action('xong', ['monitor']) },
      },
      xong: { type: 'final', meta: { title: text('Xong'), outcome: 'reported' } },
    },
  },
};

describe(`any procedure in the report on ${dbLabel}`, () => {
  const t = useTestApp();
  const http = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const open = async (procedure: string, data: Record<string, unknown>) => {
    const res = await http('monitor', 'POST', '/api/cases', { procedure, data });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const send = async (id: string, who: UserName, type: string, data: Record<string, unknown> = {}) => {
    t.clock.advance('PT1H');
    const res = await http(who, 'POST', `/api/cases/${id}/events`, { type, data });
    expect(res.statusCode, `${type}: ${res.body}`).toBe(200);
  };
  const timers = async (by: string) => {
    t.clock.advance(by);
    await t.app.qt.scheduler.runDue();
  };
  const report = async () => (await http('observer', 'GET', '/api/reports/summary?from=2026-01-01&to=2026-01-31')).json();

  it('counts a procedure built from nothing by its own outcomes, walked by several officials', async () => {
    await publishVersion(t.store.db, loanAds, 'system', 'new', new Date(START));
    const [a, b, c] = [await open('loan-ads', { advert: 'Vay 50 triệu không cần thế chấp' }), await open('loan-ads', { advert: 'Vay nhanh' }), await open('loan-ads', { advert: 'Cho vay lãi 0%' })];
    await send(a, 'verifier', 'VI_PHAM');
    await send(a, 'lead', 'GO_VA_CHUYEN');
    await send(a, 'monitor', 'DA_GO');
    await send(b, 'verifier', 'HOP_LE');
    await send(c, 'verifier', 'VI_PHAM');
    await send(c, 'lead', 'GO_VA_CHUYEN');
    await timers('P1D'); // c waits past its step's deadline

    const r = await report();
    const totals = { ...zero, detected: 3, verified: 2, rejected: 1, removal_requested: 2, referred: 2, reported: 2, overdue: 1 };
    expect(r.totals).toEqual(totals);
    expect(r.byUnit).toEqual([{ key: 'unit-a', name: 'Đơn vị A', ...totals }]);
    expect(r.casesTotal).toBe(3);
    const d = (await http('observer', 'GET', '/api/dashboard')).json();
    expect(d).toMatchObject({ total: 3, active: 1, overdue: 1 });
    expect(d.byState).toEqual([
      { key: 'cho_go', title: text('Chờ gỡ'), count: 1 },
      { key: 'xong', title: text('Xong'), count: 2 },
    ]);
  });

  it('counts impersonation-page cases by the outcomes its actions declare', async () => {
    const impersonation = JSON.parse(readFileSync(new URL('../../workflows/impersonation-page.json', import.meta.url), 'utf8')) as Procedure;
    await publishVersion(t.store.db, impersonation, 'system', 'shipped', new Date(START));
    const m = multipart('anh.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies.monitor } })).json();
    const id = await open('impersonation-page', {
      pageUrls: ['https://www.facebook.com/profile.php?id=100089123456789'], platform: 'facebook',
      pageName: 'Công an tỉnh - Tiếp nhận tố giác', impersonatedAgency: 'Công an tỉnh', followers: 1250,
      description: 'Trang dùng tên, biểu tượng của Công an tỉnh, đề nghị người dân nộp phí.', evidence: [evidence.id],
    });
    await send(id, 'verifier', 'CONFIRM_FAKE', { fakeIndicators: ['name_logo', 'solicits_money'], officialPageUrl: 'https://www.facebook.com/congan', checkNote: 'Không có trong danh sách.' });
    await timers('P3D'); // the agency does not answer: the takedown starts
    await send(id, 'liaison', 'FILED', { reportReference: 'FB-IMP-0517', channel: 'platform_report_tool', filedAt: '2026-01-09' });
    await send(id, 'monitor', 'SUBMIT_WARNING', { warningTitle: 'Cảnh báo trang giả mạo', warningText: 'Trang này là trang giả mạo, đề nghị người dân không chuyển tiền.', warningChannels: ['provincial_press'] });
    await send(id, 'lead', 'APPROVE_WARNING');
    await timers('P5D'); // the platform does not answer: escalated, a state tagged overdue
    await send(id, 'lead', 'ESCALATE', { escalationNote: 'Đã kiến nghị Bộ yêu cầu gỡ bỏ.' });
    await send(id, 'monitor', 'WARNING_PUBLISHED', { warningUrls: ['https://baokiengiang.vn/canh-bao'], publishedAt: '2026-01-10' });
    await send(id, 'liaison', 'PAGE_REMOVED', { removedAt: '2026-01-11' });
    await send(id, 'verifier', 'CLOSE_CASE', { pageOffline: true, closingSummary: 'Trang giả mạo đã bị gỡ bỏ.' });
    const r = await report();
    expect(r.totals).toEqual({ ...zero, detected: 1, verified: 1, removal_requested: 1, removed: 1, countered: 1, reported: 1, overdue: 1 });
  });
});

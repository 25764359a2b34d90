// Walks of the reference procedure through the HTTP API, in its own names or renamed, and what
// every reader sees afterwards in names that do not depend on the renaming: the report, its CSV
// and the dashboard, the inbox of each role, the notifications and the deadlines.
import { expect } from 'vitest';
import { reportCsv } from '../../server/csv.ts';
import { multipart, PNG, type TestApp, type UserName } from './helpers.ts';
import { renamePath, type Renaming } from './rename.ts';

type Step = [who: UserName, type: string, data?: Record<string, unknown>] | ['timers', string];

/** Six cases: removed after an overdue follow-up, rejected, referred, countered, waiting, cancelled. */
export const WALKS: Step[][] = [
  [
    ['monitor', 'SUBMIT'], ['verifier', 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'high' }],
    ['lead', 'REQUEST_REMOVAL', { deadline: '2026-01-08' }],
    ['liaison', 'SENT', { requestReference: '12/STTTT', sentAt: '2026-01-05', channel: 'ministry_ict' }],
    ['timers', 'P7D'], ['lead', 'ESCALATE', { escalationNote: 'Đề nghị can thiệp.' }],
    ['liaison', 'REMOVED', { removedAt: '2026-01-13' }], ['secretariat', 'SUBMIT_REPORT', { reportNumber: '15-BC/BTGTU', summary: 'Đã gỡ bỏ trang giả mạo.' }],
  ],
  [['monitor', 'SUBMIT'], ['verifier', 'REJECT', { reason: 'Không vi phạm.' }]],
  [
    ['monitor', 'SUBMIT'], ['verifier', 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'medium' }],
    ['lead', 'REFER', { referredTo: 'provincial_police' }], ['liaison', 'REFERRAL_ACKNOWLEDGED', { acknowledgementReference: '7/CAT' }],
  ],
  [['monitor', 'SUBMIT'], ['verifier', 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'low' }], ['lead', 'COUNTER', { counterPlan: 'Đăng tin cải chính.' }]],
  [['monitor', 'SUBMIT']],
  [['admin', 'CANCEL', { reason: 'Trùng hồ sơ khác.' }]],
];

const CATEGORIES = ['fraud', 'defamation', 'impersonation', 'false_information', 'fraud', 'indecency'];

/** Walks every case of WALKS on procedure `key` (renamed by `r`), from the clock's time now. */
export async function walk(t: TestApp, key: string, r: Renaming): Promise<string[]> {
  const http = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const ids: string[] = [];
  for (const [i, steps] of WALKS.entries()) {
    const m = multipart('anh.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies.monitor } })).json();
    const data = { urls: [`https://example.vn/${i}`], platform: i % 2 ? 'facebook' : 'tiktok', category: CATEGORIES[i], description: `Nội dung xấu độc số ${i}`, evidence: [evidence.id] };
    const opened = await http('monitor', 'POST', '/api/cases', { procedure: key, data });
    expect(opened.statusCode, opened.body).toBe(201);
    ids.push(opened.json().id);
  }
  // Step by step across the cases, as officials work them side by side.
  const longest = Math.max(...WALKS.map((w) => w.length));
  for (let s = 0; s < longest; s++) {
    for (const [i, steps] of WALKS.entries()) {
      const step = steps[s];
      if (!step) continue;
      t.clock.advance('PT3H');
      if (step[0] === 'timers') {
        t.clock.advance(step[1]);
        await t.app.qt.scheduler.runDue();
        continue;
      }
      const [who, type, data] = step;
      const res = await http(who, 'POST', `/api/cases/${ids[i]}/events`, { type: r.events[type] ?? type, data: data ?? {} });
      expect(res.statusCode, `${who} ${type}: ${res.body}`).toBe(200);
    }
  }
  return ids;
}

/** Everything the readers see of the cases `ids`, with state names put back as the reference has them. */
export async function seen(t: TestApp, key: string, r: Renaming, ids: string[], period: { from: string; to: string }) {
  const back = Object.fromEntries(Object.entries(r.states).map(([a, b]) => [b, a]));
  const original = (path: string) => path.split(',').map((p) => p.split('.').map((x) => back[x] ?? x).join('.')).join(',');
  const get = (who: UserName, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: t.cookies[who] } }).then((res) => res.json());

  const report = await get('observer', `/api/reports/summary?from=${period.from}&to=${period.to}`);
  const steps = report.stepDurations.map((s: { state: string }) => ({ ...s, state: original(s.state) })).sort((a: { state: string }, b: { state: string }) => a.state.localeCompare(b.state));
  const normal = { ...report, generatedAt: '', stepDurations: steps, cases: report.cases.map((c: { id: string; number: string; state: string; openedAt: string }) => ({ ...c, id: '', number: '', state: original(c.state), openedAt: '' })).sort((a: { summary: string }, b: { summary: string }) => a.summary.localeCompare(b.summary)) };
  const csv = (await reportCsv(t.store.db, normal, 'en')).replace(/^.*Generated at.*$/m, '');

  const dashboard = await get('observer', '/api/dashboard');
  const byState = Object.fromEntries(dashboard.byState.map((s: { key: string; count: number }) => [original(s.key), s.count]));

  const inbox: Record<string, unknown> = {};
  for (const who of ['monitor', 'verifier', 'lead', 'liaison', 'secretariat'] as const) {
    const list = await get(who, `/api/cases?procedure=${key}&limit=100`);
    inbox[who] = {
      counts: Object.fromEntries(Object.entries(list.counts as Record<string, number>).map(([k, v]) => [original(k), v])),
      cases: list.cases.map((c: { state: string }) => original(c.state)).sort(),
    };
  }
  const notifications: Record<string, unknown> = {};
  for (const who of ['monitor', 'verifier', 'lead', 'liaison', 'secretariat'] as const) {
    const n = await get(who, '/api/notifications?limit=100');
    notifications[who] = n.notifications.filter((x: { caseId: string }) => ids.includes(x.caseId)).map((x: { role: string; message: unknown }) => JSON.stringify({ role: x.role, message: x.message })).sort();
  }
  const deadlines = [];
  for (const id of ids) {
    const c = await get('observer', `/api/cases/${id}`);
    const dueIn = c.dueAt ? Date.parse(c.dueAt) - Date.parse(c.openedAt) : null;
    deadlines.push({ state: original(c.state), dueIn, overdue: c.overdue, assignee: c.assignee, status: c.status });
  }
  return { report: normal, csv, dashboard: { ...dashboard, generatedAt: '', byState }, inbox, notifications, deadlines };
}

export { renamePath };

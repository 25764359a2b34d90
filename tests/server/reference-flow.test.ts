// Done when: a case of the reference procedure goes from detection to the report to the
// Standing Committee through the HTTP API alone, each step by the right role, while a WebSocket
// subscriber sees every change.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dbLabel, multipart, PNG, type UserName, useTestApp } from './helpers.ts';

describe(`reference procedure end to end on ${dbLabel}`, () => {
  const t = useTestApp({ once: true, reference: true, listen: true });

  it('detection → verification → decision → removal (overdue, escalated) → removed → report → done', async () => {
    const port = (t.app.server.address() as { port: number }).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { cookie: t.cookies.observer } });
    const pushed: { seq: number; case: { state: string; version: number; overdue: boolean } }[] = [];
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      if (m.type === 'case.updated') pushed.push(m);
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['cases'] }));
    await new Promise((r) => ws.once('message', r)); // subscribed

    const http = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who], ...headers } });

    // The monitor uploads a screenshot and records what was found.
    const m = multipart('anh-chup.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies.monitor } })).json();
    const openRes = await http('monitor', 'POST', '/api/cases', {
      procedure: 'harmful-content',
      data: {
        urls: ['https://www.facebook.com/gia.mao.ubnd/posts/1'],
        platform: 'facebook',
        category: 'impersonation',
        description: 'Trang mạo danh Ủy ban nhân dân tỉnh kêu gọi chuyển tiền.',
        evidence: [evidence.id],
      },
    });
    expect(openRes.statusCode).toBe(201);
    const id = openRes.json().id;
    expect(openRes.json()).toMatchObject({ number: 'HC-2026-000001', state: 'detected', version: 1 });

    // Each change reaches the subscriber before the next is made, as at a person's pace (changes
    // made faster than they are pushed may arrive as their latest version only).
    const pushedUpTo = (v: number) => expect.poll(() => pushed.some((p) => p.case.version >= v), { timeout: 5000 }).toBe(true);
    let version = 1;
    await pushedUpTo(1);
    const states: string[] = ['detected'];
    async function step(who: UserName, type: string, data: Record<string, unknown>, expectState: string) {
      t.clock.advance('PT2H');
      const res = await http(who, 'POST', `/api/cases/${id}/events`, { type, data, expectedVersion: version }, { 'idempotency-key': `${type}-${version}` });
      expect(res.statusCode, `${who} ${type}: ${res.body}`).toBe(200);
      expect(res.json().state).toBe(expectState);
      version = res.json().version;
      states.push(expectState);
      await pushedUpTo(version);
    }

    async function refused(who: UserName, type: string, data: Record<string, unknown>, status: number, code: string) {
      const res = await http(who, 'POST', `/api/cases/${id}/events`, { type, data, expectedVersion: version });
      expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    }

    await refused('verifier', 'SUBMIT', {}, 403, 'QT_ROLE_NOT_ALLOWED');
    await step('monitor', 'SUBMIT', { submitNote: 'Đề nghị xác minh.' }, 'verifying');
    await refused('lead', 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'high' }, 403, 'QT_ROLE_NOT_ALLOWED');
    await refused('verifier', 'CONFIRM', { legalBasis: ['decree_15_2020'] }, 422, 'QT_FORM_INVALID');
    await step('verifier', 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'high' }, 'deciding');
    await step('lead', 'REQUEST_REMOVAL', { deadline: '2026-01-08' }, 'removal.requested');
    await step('liaison', 'SENT', { requestReference: '12/STTTT', sentAt: '2026-01-05', channel: 'ministry_ict' }, 'removal.following_up');

    // The platform does not answer within seven days: the timer moves the case by itself.
    t.clock.advance('P7D');
    await t.app.qt.scheduler.runDue();
    const overdue = (await http('liaison', 'GET', `/api/cases/${id}`)).json();
    expect(overdue).toMatchObject({ state: 'removal.overdue', overdue: true });
    version = overdue.version;
    await pushedUpTo(version);
    states.push('removal.overdue');
    await step('lead', 'ESCALATE', { escalationNote: 'Đề nghị Bộ TT&TT can thiệp.' }, 'removal.following_up');
    await step('liaison', 'REMOVED', { removedAt: '2026-01-13' }, 'reporting_back');
    await refused('secretariat', 'SUBMIT_REPORT', { reportNumber: 'mười lăm', summary: 'Đã gỡ bỏ trang giả mạo.' }, 422, 'QT_FORM_INVALID');
    await step('secretariat', 'SUBMIT_REPORT', { reportNumber: '15-BC/BTGTU', summary: 'Đã gỡ bỏ trang giả mạo.' }, 'done');

    const final = (await http('observer', 'GET', `/api/cases/${id}`)).json();
    expect(final).toMatchObject({ state: 'done', status: 'done', actions: [], dueAt: null });
    await refused('liaison', 'COMMENT', { text: 'muộn' }, 422, 'QT_CASE_CLOSED');

    // The subscriber saw every change, in order, nothing twice.
    await t.app.qt.hub.idle();
    await expect.poll(() => pushed.length, { timeout: 5000 }).toBeGreaterThanOrEqual(states.length);
    const seen = pushed.map((p) => p.case.state);
    // one push per accepted event, timer events included: versions 1, 2, … in order
    expect(pushed.map((p) => p.case.version)).toEqual(Array.from({ length: final.version }, (_, i) => i + 1));
    expect(seen.filter((s, i) => s !== seen[i - 1])).toEqual(states);
    expect(pushed.map((p) => p.seq)).toEqual([...pushed.map((p) => p.seq)].sort((a, b) => a - b));
    ws.close();

    // The Standing Committee's figures count it.
    const report = (await http('observer', 'GET', '/api/reports/summary?from=2026-01-01&to=2026-01-31')).json();
    expect(report.totals).toMatchObject({ detected: 1, verified: 1, rejected: 0, removal_requested: 1, removed: 1, refused: 0, referred: 0, countered: 0, overdue: 1 });
    const history = (await http('observer', 'GET', `/api/cases/${id}/history`)).json();
    expect(history.events.map((e: { type: string; actor: { id: string } }) => e.type)).toEqual([
      'OPEN',
      'SUBMIT',
      'CONFIRM',
      'REQUEST_REMOVAL',
      'SENT',
      // due at the same instant as the following-up deadline, it fires first and the deadline, left behind, is cancelled
      'xstate.after.REMOVAL_DEADLINE.harmful-content.removal.following_up',
      'ESCALATE',
      'REMOVED',
      'SUBMIT_REPORT',
    ]);
  });
});

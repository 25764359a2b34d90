// Due process in the reference procedure: a complaint against a removal decision, recorded on the
// complainant's behalf, is reviewed by a lead other than the one who decided; upheld, the removal
// resumes; reversed, the liaison withdraws the request. The report counts each outcome.
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../engine/index.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { createUser } from '../../server/stores/users.ts';
import { dbLabel, login, multipart, PASSWORD, PNG, UNIT_A, type UserName, useTestApp } from './helpers.ts';

const zero = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));

describe(`complaints against a decision on ${dbLabel}`, () => {
  const t = useTestApp({ reference: true });
  let lead2 = '';
  const http = (who: UserName | 'lead2', method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: who === 'lead2' ? lead2 : t.cookies[who] } });
  const send = async (id: string, who: UserName | 'lead2', type: string, data: Record<string, unknown> = {}, status = 200) => {
    t.clock.advance('PT1H');
    const res = await http(who, 'POST', `/api/cases/${id}/events`, { type, data });
    expect(res.statusCode, `${who} ${type}: ${res.body}`).toBe(status);
    return res.json();
  };
  const secondLead = async () => {
    await createUser(t.store.db, { username: 'lead2', displayName: 'Lãnh đạo thứ hai', unitId: UNIT_A, roles: ['lead'], passwordHash: await hashPassword(PASSWORD) }, new Date(t.clock.now()));
    lead2 = await login(t.app, 'lead2');
  };
  const removalDecided = async () => {
    const m = multipart('anh.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies.monitor } })).json();
    const opened = await http('monitor', 'POST', '/api/cases', {
      procedure: 'harmful-content',
      data: { urls: ['https://example.vn/bai-viet'], platform: 'website', category: 'defamation', description: 'Bài viết xúc phạm danh dự cá nhân', evidence: [evidence.id] },
    });
    const id = opened.json().id as string;
    await send(id, 'monitor', 'SUBMIT');
    await send(id, 'verifier', 'CONFIRM', { legalBasis: ['decree_147_2024'], severity: 'medium' });
    await send(id, 'lead', 'REQUEST_REMOVAL', { deadline: '2026-01-20' });
    await send(id, 'liaison', 'SENT', { requestReference: '3/SKHCN', sentAt: '2026-01-05', channel: 'official_letter' });
    const m2 = multipart('don.png', 'image/png', PNG);
    const enclosed = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m2.payload, headers: { ...m2.headers, cookie: t.cookies.liaison } })).json();
    const complained = await send(id, 'liaison', 'COMPLAINT', {
      complainant: 'Ông Nguyễn Văn A, tác giả bài viết',
      complaintStatement: 'Bài viết phản ánh đúng sự việc, có tài liệu chứng minh.',
      complaintEvidence: [enclosed.id],
    });
    expect(complained.state).toBe('complaint_review');
    expect(complained.waitingOn).toEqual(['lead']);
    return id;
  };

  it('is reviewed by another lead: reversed, the liaison withdraws the request', async () => {
    await secondLead();
    const id = await removalDecided();
    const refused = await send(id, 'lead', 'REVERSE', { reviewNote: 'Tôi tự xem lại quyết định của mình.' }, 422);
    expect(refused.error.code).toBe('QT_GUARD_REFUSED');
    const reversed = await send(id, 'lead2', 'REVERSE', { reviewNote: 'Bài viết có căn cứ, không vi phạm.' });
    expect(reversed.state).toBe('withdrawing');
    expect(reversed.waitingOn).toEqual(['liaison']);
    const done = await send(id, 'liaison', 'WITHDRAWN', { withdrawalReference: '5/SKHCN', withdrawnAt: '2026-01-06' });
    expect(done.state).toBe('reporting_back');
    expect(done.data.complaint).toMatchObject({ complainant: 'Ông Nguyễn Văn A, tác giả bài viết' });
    const report = (await http('observer', 'GET', '/api/reports/summary?from=2026-01-01&to=2026-01-31')).json();
    expect(report.totals).toEqual({ ...zero, detected: 1, verified: 1, removal_requested: 1, complained: 1, reversed: 1, withdrawn: 1 });
  });

  it('upheld, the removal resumes where it was', async () => {
    await secondLead();
    const id = await removalDecided();
    const upheld = await send(id, 'lead2', 'UPHOLD', { reviewNote: 'Bài viết xúc phạm danh dự, giữ nguyên.' });
    expect(upheld.state).toBe('removal.following_up');
    const report = (await http('observer', 'GET', '/api/reports/summary?from=2026-01-01&to=2026-01-31')).json();
    expect(report.totals).toEqual({ ...zero, detected: 1, verified: 1, removal_requested: 1, complained: 1, upheld: 1 });
  });
});

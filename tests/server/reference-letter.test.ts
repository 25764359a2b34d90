// The reference procedure drafts the removal-request letter: once the lead decides on removal,
// the letter (Decree 30/2020 layout, with the case's addresses, platform and deadline) is
// attached to the case for the liaison to check and send.
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { multipart, PNG, type UserName, useTestApp } from './helpers.ts';

describe('the reference procedure drafts the removal-request letter', () => {
  const t = useTestApp({ reference: true });

  it('attaches the letter when the lead requests removal; the liaison still sends it', async () => {
    const http = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });
    const m = multipart('anh.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies.monitor } })).json();
    const opened = await http('monitor', 'POST', '/api/cases', {
      procedure: 'harmful-content',
      data: { urls: ['https://www.facebook.com/gia.mao.ubnd'], platform: 'facebook', category: 'impersonation', description: 'Trang mạo danh Ủy ban nhân dân tỉnh.', evidence: [evidence.id] },
    });
    const { id, number } = opened.json();
    let version = 1;
    for (const [who, type, data] of [
      ['monitor', 'SUBMIT', {}],
      ['verifier', 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'high' }],
      ['lead', 'REQUEST_REMOVAL', { deadline: '2026-01-08', platformContact: 'Đại diện Meta tại Việt Nam' }],
    ] as const) {
      const r = await http(who, 'POST', `/api/cases/${id}/events`, { type, data, expectedVersion: version });
      expect(r.statusCode, r.body).toBe(200);
      version = r.json().version;
    }
    expect(await t.app.qt.calls.runDue()).toBe(1);

    const kase = (await http('liaison', 'GET', `/api/cases/${id}`)).json();
    expect(kase.state).toBe('removal.requested');
    expect(kase.actions.map((a: { type: string }) => a.type)).toContain('SENT');
    const files = (await http('liaison', 'GET', `/api/cases/${id}/attachments`)).json().attachments;
    const letter = files.find((a: { contentType: string }) => a.contentType === 'application/pdf');
    expect(letter.filename).toBe(`removal-request-${number}.pdf`);
    const pdf = await http('liaison', 'GET', `/api/attachments/${letter.id}`);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    const squeezed = text.replace(/\s+/g, '');
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', `hồ sơ số ${number}`, 'Kính gửi: Đại diện Meta tại Việt Nam', 'https://www.facebook.com/gia.mao.ubnd', 'trước ngày 08/01/2026', 'ngày 05 tháng 01 năm 2026']) {
      expect(squeezed).toContain(s.replace(/\s+/g, ''));
    }
    const events = (await http('admin', 'GET', `/api/cases/${id}/history`)).json().events.map((e: { type: string }) => e.type);
    expect(events.filter((e: string) => e === 'quytrinh.done.removal_letter')).toHaveLength(1);
  });
});

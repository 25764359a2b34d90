// The `document` service: the removal-request letter drafted as a PDF in the Decree 30/2020
// layout and attached to the case; its text read back from the PDF (unpdf).
import { describe, expect, it, beforeEach } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { publishVersion } from '../../server/stores/procedures.ts';
import { vietnameseDate } from '../../server/outbox/letter.ts';
import { serviceProcedure } from '../engine/service-procedure.ts';
import { START, useTestApp } from './helpers.ts';

const t = useTestApp();

beforeEach(async () => {
  const p = serviceProcedure('document', {
    template: 'removal-request',
    platform: '{{data.platform}}',
    urls: ['https://facebook.com/ubnd-xa-gia-mao', 'https://facebook.com/ubnd-xa-gia-mao/posts/1'],
    recipient: 'Công ty Meta Platforms, Inc.',
    legalBasis: 'Nghị định số 147/2024/NĐ-CP của Chính phủ',
    deadlineHours: 24,
    signer: 'Giám đốc',
  }, { key: 'letter' });
  await publishVersion(t.store.db, p, 'system', 'test', new Date(START));
});

describe('the document service', () => {
  it('dates in Vietnamese as Decree 30 writes them', () => {
    expect(vietnameseDate(new Date('2026-01-05T02:00:00Z'))).toBe('ngày 05 tháng 01 năm 2026');
    expect(vietnameseDate(new Date('2026-11-30T18:00:00Z'))).toBe('ngày 01 tháng 12 năm 2026'); // already the 1st in Vietnam
    expect(vietnameseDate(new Date('2026-03-15T00:00:00Z'))).toBe('ngày 15 tháng 3 năm 2026');
  });

  it('drafts the removal-request letter and attaches it to the case', async () => {
    const { app, cookies } = t;
    const opened = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies.monitor }, payload: { procedure: 'letter', data: { title: 'Trang giả mạo UBND xã', platform: 'Facebook' } } });
    const { id, number } = opened.json();
    for (const [who, type, data, v] of [['monitor', 'SUBMIT', {}, 1], ['verifier', 'APPROVE', { note: 'mạo danh cơ quan' }, 2]] as const) {
      const r = await app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: cookies[who] }, payload: { type, data, expectedVersion: v } });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect(await app.qt.calls.runDue()).toBe(1);
    const kase = (await app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: cookies.liaison } })).json();
    expect(kase.state).toBe('waiting');
    const files = (await app.inject({ method: 'GET', url: `/api/cases/${id}/attachments`, headers: { cookie: cookies.liaison } })).json();
    const letter = files.attachments.find((a: { contentType: string }) => a.contentType === 'application/pdf');
    expect(letter.filename).toBe(`removal-request-${number}.pdf`.replace(/[^\w.-]+/g, '-'));
    const pdf = await app.inject({ method: 'GET', url: `/api/attachments/${letter.id}`, headers: { cookie: cookies.liaison } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    // compared without spaces: pdf.js guesses a space from a gap, and misses some where the
    // letters change font file (Tinos comes split into a latin and a vietnamese file)
    const squeezed = text.replace(/\s+/g, '');
    const flat = { toContain: (s: string) => expect(squeezed).toContain(s.replace(/\s+/g, '')) };
    flat.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    flat.toContain('Độc lập - Tự do - Hạnh phúc');
    flat.toContain('SỞ KHOA HỌC VÀ CÔNG NGHỆ');
    flat.toContain('An Giang, ngày 05 tháng 01 năm 2026');
    flat.toContain(`hồ sơ số ${number}`);
    flat.toContain('Kính gửi: Công ty Meta Platforms, Inc.');
    flat.toContain('https://facebook.com/ubnd-xa-gia-mao/posts/1');
    flat.toContain('Nghị định số 147/2024/NĐ-CP');
    flat.toContain('trong thời hạn 24 giờ');
    flat.toContain('Nơi nhận:');
    flat.toContain('GIÁM ĐỐC');

    const done = (await app.inject({ method: 'GET', url: `/api/cases/${id}/history`, headers: { cookie: cookies.admin } })).json().events.find((e: { type: string }) => e.type === 'quytrinh.done.calling');
    expect(done.data.result).toMatchObject({ template: 'removal-request', attachment: letter.id });
  });
});

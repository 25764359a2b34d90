// The inbox's case list as CSV: the same filter as the list, headings in the reader's language,
// names in place of keys, quoted properly, UTF-8 with a BOM; only cases the reader may read.
import { describe, expect, it } from 'vitest';
import { dbLabel, multipart, PNG, type UserName, useTestApp } from './helpers.ts';
import { csvCell, csvDocument, vnDateTime } from '../../server/csv.ts';

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks, and never lets a cell start a formula', () => {
    expect(['a', 'a,b', 'say "hi"', 'two\nlines', ' padded', 42, null, undefined, '=SUM(A1)', '+84 912', '-5', '@x'].map(csvCell)).toEqual([
      'a', '"a,b"', '"say ""hi"""', '"two\nlines"', '" padded"', '42', '', '', "'=SUM(A1)", "'+84 912", '-5', "'@x",
    ]);
    expect(csvDocument([['Số hồ sơ', 'Nội dung'], ['HC-1', 'Công an tỉnh, Sở']])).toBe('\uFEFFSố hồ sơ,Nội dung\r\nHC-1,"Công an tỉnh, Sở"\r\n');
    expect(vnDateTime('2026-01-05T17:30:00.000Z')).toBe('06/01/2026 00:30');
  });
});

describe(`the case list as CSV on ${dbLabel}`, () => {
  const t = useTestApp({ reference: true, once: true });
  const http = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown, lang?: string) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who], ...(lang ? { 'accept-language': lang } : {}) } });

  async function open(who: UserName, accountName: string, description: string, category: string) {
    const m = multipart('anh.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies[who] } })).json();
    const res = await http(who, 'POST', '/api/cases', {
      procedure: 'harmful-content',
      data: { urls: ['https://www.facebook.com/gia.mao/posts/1'], platform: 'facebook', category, accountName, description, evidence: [evidence.id] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; number: string; version: number };
  }

  it('lists the filtered cases in words, in Vietnamese or English', async () => {
    const a = await open('monitor', 'Trang "Công an tỉnh", giả', 'Mạo danh Công an tỉnh, kêu gọi chuyển tiền', 'impersonation');
    t.clock.advance('PT1H');
    const b = await open('monitor', '=HYPERLINK("http://x")', 'Lừa đảo nhân danh Công an tỉnh', 'fraud');
    const sent = await http('monitor', 'POST', `/api/cases/${b.id}/events`, { type: 'SUBMIT', data: {}, expectedVersion: b.version });
    expect(sent.statusCode, sent.body).toBe(200);
    await open('monitor2', 'Trang khác', 'Hồ sơ của đơn vị khác', 'fraud');

    const res = await http('monitor', 'GET', '/api/cases.csv?sort=opened');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="quytrinh-cases-2026-01-05\.csv"$/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFSố hồ sơ,Nội dung,Quy trình,Loại vi phạm,Nền tảng,Đơn vị,Bước xử lý,Tình trạng,Người xử lý,Thời hạn,Quá hạn,Ngày ghi nhận,Người ghi nhận,Cập nhật',
    );
    expect(lines).toHaveLength(4); // heading, two cases of unit A, the last line's end
    expect(lines[1]).toBe(
      `${a.number},"Trang ""Công an tỉnh"", giả","Xử lý thông tin xấu, độc trên mạng xã hội và internet","Giả mạo cá nhân, cơ quan, tổ chức",Facebook,Đơn vị A,Phát hiện,Đang xử lý,,06/01/2026 09:00,Không,05/01/2026 09:00,Người monitor,05/01/2026 09:00`,
    );
    // a value that would be a formula in a spreadsheet stays text
    expect(lines[2]).toMatch(new RegExp(`^${b.number},"'=HYPERLINK\\(""http://x""\\)",`));
    expect(lines[2]).toContain(',Xác minh,');
    expect(res.body).not.toMatch(/impersonation|detected|verifying|unit-a|T\d\d:\d\d:/);

    // the inbox's filter: the step, the search
    const verifying = (await http('monitor', 'GET', '/api/cases.csv?state=verifying')).body.split('\r\n');
    expect(verifying.slice(1, -1).map((l) => l.split(',')[0])).toEqual([b.number]);
    const found = (await http('monitor', 'GET', `/api/cases.csv?q=${encodeURIComponent('cong an tinh')}&sort=number`)).body.split('\r\n');
    expect(found.slice(1, -1).map((l) => l.split(',')[0])).toEqual([a.number, b.number]);

    const en = (await http('monitor', 'GET', '/api/cases.csv?sort=opened&lang=en')).body.split('\r\n');
    expect(en[0]).toBe('\uFEFFCase number,Summary,Procedure,Category,Platform,Unit,Step,Status,Held by,Deadline,Overdue,Opened,Opened by,Updated');
    expect(en[1]).toContain(',Impersonation of a person or agency,Facebook,Đơn vị A,Detected,In progress,');
    expect((await http('monitor', 'GET', '/api/cases.csv', undefined, 'en')).body.startsWith('\uFEFFCase number,')).toBe(true);
  });

  it('names who holds a case', async () => {
    const list = (await http('verifier', 'GET', '/api/cases?state=verifying')).json().cases as { id: string; version: number }[];
    const taken = await http('verifier', 'POST', `/api/cases/${list[0]!.id}/assignee`, { userId: t.world.ids.verifier, expectedVersion: list[0]!.version });
    expect(taken.statusCode, taken.body).toBe(200);
    const lines = (await http('verifier', 'GET', '/api/cases.csv?state=verifying')).body.split('\r\n');
    expect(lines[1]).toContain(',Xác minh,Đang xử lý,Người verifier,');
  });
});

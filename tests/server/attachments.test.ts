// Evidence files: upload (size and type checked), list, download only by readers of the case.
import { describe, expect, it } from 'vitest';
import { dbLabel, errorBody, multipart, PNG, START, type UserName, useTestApp } from './helpers.ts';

describe(`attachments on ${dbLabel}`, () => {
  const t = useTestApp({ app: { maxUploadBytes: 1024 } });

  const upload = (who: UserName, url: string, name: string, type: string, content: Buffer) => {
    const m = multipart(name, type, content);
    return t.app.inject({ method: 'POST', url, payload: m.payload, headers: { ...m.headers, cookie: t.cookies[who] } });
  };
  const get = (who: UserName, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: t.cookies[who] } });
  const open = async (data: Record<string, unknown> = { title: 'Có bằng chứng' }) =>
    (await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: t.cookies.monitor }, payload: { procedure: 'mini', data } })).json();

  it('stores a file for a case and serves it back to readers only', async () => {
    const c = await open();
    const res = await upload('monitor', `/api/cases/${c.id}/attachments`, 'ảnh chụp.png', 'image/png', PNG);
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toEqual({
      id: a.id,
      caseId: c.id,
      filename: 'ảnh chụp.png',
      contentType: 'image/png',
      size: PNG.length,
      uploadedBy: t.world.ids.monitor,
      uploadedAt: START,
    });
    expect((await get('lead', `/api/cases/${c.id}/attachments`)).json()).toEqual({ attachments: [a] });
    const file = await get('observer', `/api/attachments/${a.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toBe("inline; filename*=UTF-8''%E1%BA%A3nh%20ch%E1%BB%A5p.png");
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    for (const url of [`/api/attachments/${a.id}`, `/api/cases/${c.id}/attachments`]) {
      const denied = await get('monitor2', url);
      expect(denied.statusCode).toBe(404);
      expect(denied.json().error.code).toBe('QT_NOT_FOUND');
    }
    expect((await upload('monitor2', `/api/cases/${c.id}/attachments`, 'x.png', 'image/png', PNG)).statusCode).toBe(404);
  });

  it('serves a byte range of a file (a resumed download, a video seeking), and the whole file without one', async () => {
    const c = await open();
    const a = (await upload('monitor', `/api/cases/${c.id}/attachments`, 'anh.png', 'image/png', PNG)).json();
    const ranged = (range: string, extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: `/api/attachments/${a.id}`, headers: { cookie: t.cookies.lead, range, 'accept-encoding': 'gzip, br', ...extra } });
    const part = await ranged('bytes=2-9');
    expect([part.statusCode, part.headers['content-range'], part.headers['content-encoding']]).toEqual([206, `bytes 2-9/${PNG.length}`, undefined]);
    expect(part.rawPayload.equals(PNG.subarray(2, 10))).toBe(true);
    const tail = await ranged('bytes=-4');
    expect([tail.statusCode, tail.rawPayload.equals(PNG.subarray(PNG.length - 4))]).toEqual([206, true]);
    const open_ = await ranged('bytes=5-');
    expect([open_.statusCode, open_.rawPayload.equals(PNG.subarray(5))]).toEqual([206, true]);
    const past = await ranged(`bytes=${PNG.length}-`);
    expect([past.statusCode, past.headers['content-range']]).toEqual([416, `bytes */${PNG.length}`]);
    // several ranges, or nonsense: the whole file, as the RFC allows
    for (const whole of ['bytes=0-1,4-5', 'lines=1-2', 'bytes=9-2']) {
      const res = await ranged(whole);
      expect([res.statusCode, res.rawPayload.equals(PNG)], whole).toEqual([200, true]);
    }
    // the file changed since the client's copy (If-Range names another version): the whole file
    const stale = await ranged('bytes=2-9', { 'if-range': '"not-this-one"' });
    expect([stale.statusCode, stale.rawPayload.equals(PNG)]).toEqual([200, true]);
    expect((await get('lead', `/api/attachments/${a.id}`)).headers['accept-ranges']).toBe('bytes');
  });

  it('refuses files too large (413), of a type not accepted or not what they claim (415), and observers (403)', async () => {
    const c = await open();
    const big = await upload('monitor', `/api/cases/${c.id}/attachments`, 'big.txt', 'text/plain', Buffer.alloc(2048, 'a'));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toEqual(errorBody('QT_PAYLOAD_TOO_LARGE', { vi: 'Tệp hoặc yêu cầu quá lớn.', en: 'The file or request is too large.' }));
    const svg = await upload('monitor', `/api/cases/${c.id}/attachments`, 'x.svg', 'image/svg+xml', Buffer.from('<svg/>'));
    expect(svg.statusCode).toBe(415);
    expect(svg.json().error).toMatchObject({ code: 'QT_UNSUPPORTED_MEDIA_TYPE', details: [{ field: 'file', message: 'image/svg+xml' }] });
    const fake = await upload('monitor', `/api/cases/${c.id}/attachments`, 'x.png', 'image/png', Buffer.from('not a png'));
    expect(fake.statusCode).toBe(415);
    const ok = await upload('monitor', `/api/cases/${c.id}/attachments`, 'ghi chú.txt', 'text/plain', Buffer.from('ghi chú'));
    expect(ok.statusCode).toBe(201);
    expect((await upload('observer', `/api/cases/${c.id}/attachments`, 'x.png', 'image/png', PNG)).statusCode).toBe(403);
    const notMultipart = await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/attachments`, headers: { cookie: t.cookies.monitor }, payload: { a: 1 } });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('links a file uploaded before its case when the opening form names it', async () => {
    const res = await upload('monitor', '/api/attachments', 'bang-chung.png', 'image/png', PNG);
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a.caseId).toBeNull();
    expect((await get('monitor', `/api/attachments/${a.id}`)).statusCode).toBe(200);
    expect((await get('lead', `/api/attachments/${a.id}`)).statusCode).toBe(404); // not anyone's evidence yet
    const c = await open({ title: 'Có bằng chứng', evidence: [a.id] });
    expect((await get('lead', `/api/cases/${c.id}/attachments`)).json()).toEqual({ attachments: [{ ...a, caseId: c.id }] });
    expect((await get('lead', `/api/attachments/${a.id}`)).statusCode).toBe(200);
  });
});

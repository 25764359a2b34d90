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

  it('takes videos and saved pages; a saved page is only ever a download, under a type no browser renders', async () => {
    const c = await open();
    const mp4 = Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0]);
    const webm = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);
    const page = Buffer.from('<!doctype html><script>alert(document.cookie)</script><p>Trang giả mạo</p>');
    const mhtml = Buffer.from('From: <Saved by Blink>\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b--');
    const cases: [name: string, claimed: string, content: Buffer, stored: string, type: string, disposition: string][] = [
      ['clip.mp4', 'video/mp4', mp4, 'video/mp4', 'video/mp4', 'inline'],
      ['clip.webm', 'video/webm', webm, 'video/webm', 'video/webm', 'inline'],
      ['quay màn hình.mp4', 'application/octet-stream', mp4, 'video/mp4', 'video/mp4', 'inline'],
      ['trang.html', 'text/html', page, 'text/html', 'application/octet-stream', 'attachment'],
      // a page claiming to be plain text is still a saved page: its extension decides how it opens later
      ['trang.htm', 'text/plain', page, 'text/html', 'application/octet-stream', 'attachment'],
      ['trang.mhtml', 'multipart/related', mhtml, 'multipart/related', 'application/octet-stream', 'attachment'],
      ['trang.mht', 'application/octet-stream', mhtml, 'multipart/related', 'application/octet-stream', 'attachment'],
      ['trang.mhtml', 'message/rfc822', mhtml, 'multipart/related', 'application/octet-stream', 'attachment'],
      ['ghi chú.txt', 'text/plain', Buffer.from('ghi chú'), 'text/plain', 'text/plain', 'attachment'],
    ];
    for (const [name, claimed, content, stored, type, disposition] of cases) {
      const res = await upload('monitor', `/api/cases/${c.id}/attachments`, name, claimed, content);
      expect([res.statusCode, res.json().contentType], name).toEqual([201, stored]);
      const file = await get('lead', `/api/attachments/${res.json().id}`);
      expect(file.headers['content-type'], name).toBe(type);
      expect(file.headers['content-disposition'], name).toBe(`${disposition}; filename*=UTF-8''${encodeURIComponent(name)}`);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      if (disposition === 'attachment') expect(file.headers['content-security-policy'], name).toBe("default-src 'none'; sandbox");
      expect(file.rawPayload.equals(content), name).toBe(true);
    }
    // a "video" that is not one, and a page with binary inside, are refused
    for (const [name, claimed, content] of [
      ['x.mp4', 'video/mp4', Buffer.from('not a video at all')],
      ['x.webm', 'video/webm', PNG],
      ['x.html', 'text/html', PNG],
    ] as const) {
      expect((await upload('monitor', `/api/cases/${c.id}/attachments`, name, claimed, content)).statusCode, name).toBe(415);
    }
  });
});

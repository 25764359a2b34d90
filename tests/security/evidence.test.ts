// Evidence is files, not strings: a case opened or an event sent naming, in a field the form
// shows as files, an id that is no upload, another case's file or another user's upload is
// refused (422 naming the field) and changes nothing; the case's own files and the sender's
// fresh uploads pass and are linked to the case.
import { describe, expect, it } from 'vitest';
import { dbLabel, errorBody, multipart, PNG, type UserName, useTestApp } from '../server/helpers.ts';

const UNKNOWN = { vi: 'Tệp đính kèm được nêu không tồn tại hoặc không thuộc hồ sơ này.', en: 'A file named as an attachment does not exist or does not belong to this case.' };
const unknownIn = (...fields: string[]) => errorBody('QT_ATTACHMENT_UNKNOWN', UNKNOWN, fields.map((field) => ({ field, message: 'names a file that is not one uploaded for this case' })));

describe(`evidence names real files of the case on ${dbLabel}`, () => {
  const t = useTestApp({ reference: true });

  const upload = async (who: UserName, caseId?: string) => {
    const m = multipart('anh.png', 'image/png', PNG);
    const res = await t.app.inject({ method: 'POST', url: caseId ? `/api/cases/${caseId}/attachments` : '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies[who] } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const report = (evidence: string[]) => ({
    urls: ['https://www.facebook.com/gia.mao/posts/1'],
    platform: 'facebook',
    category: 'impersonation',
    description: 'Trang mạo danh cơ quan nhà nước kêu gọi chuyển tiền.',
    evidence,
  });
  const open = (who: UserName, evidence: string[]) =>
    t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: t.cookies[who] }, payload: { procedure: 'harmful-content', data: report(evidence) } });
  const send = (who: UserName, id: string, type: string, data: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, headers: { cookie: t.cookies[who] }, payload: { type, data } });
  const countCases = async () => Number((await t.store.db.selectFrom('cases').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const caseOf = async (attachment: string) => (await t.store.db.selectFrom('attachments').select('case_id').where('id', '=', attachment).executeTakeFirstOrThrow()).case_id;

  it('refuses to open a case whose evidence is no upload of this user, and opens none', async () => {
    const others = await upload('monitorBis'); // not linked yet, but not the monitor's
    const first = (await open('monitor', [await upload('monitor')])).json().id as string;
    const ofFirst = (await t.store.db.selectFrom('attachments').select('id').where('case_id', '=', first).executeTakeFirstOrThrow()).id;
    const before = await countCases();
    for (const evidence of [['00000000-0000-4000-8000-000000000000'], ['anh-chup-khong-co-that'], [others], [ofFirst], [await upload('monitor'), 'gia']]) {
      const res = await open('monitor', evidence);
      expect([res.statusCode, res.json()], evidence.join()).toEqual([422, unknownIn('evidence')]);
    }
    expect(await countCases()).toBe(before);
    expect(await caseOf(others)).toBeNull();
    expect(await caseOf(ofFirst)).toBe(first);
  });

  it('refuses a SUBMIT whose added evidence is not a file of the case, and the case stays where it was', async () => {
    const opened = await open('monitor', []);
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id as string;
    const elsewhere = await upload('monitor', (await open('monitor', [])).json().id);
    for (const additionalEvidence of [['00000000-0000-4000-8000-000000000001'], ['bang-chung-gia'], [elsewhere], [await upload('monitorBis')]]) {
      const res = await send('monitor', id, 'SUBMIT', { additionalEvidence });
      expect([res.statusCode, res.json()], additionalEvidence.join()).toEqual([422, unknownIn('additionalEvidence')]);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: t.cookies.monitor } })).json()).toMatchObject({ state: 'detected', version: 1 });

    // a file uploaded to the case, and one uploaded before and named now: both are the case's
    const attached = await upload('monitor', id);
    const fresh = await upload('monitor');
    const ok = await send('monitor', id, 'SUBMIT', { additionalEvidence: [attached, fresh] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'verifying', version: 2 });
    expect(await caseOf(fresh)).toBe(id);
  });
});

// Procedures: list, read, versions, validate, save a draft (409 on a stale base), publish (422 invalid).
import { describe, expect, it } from 'vitest';
import { dbLabel, fixture, START, type UserName, useTestApp, errorBody } from './helpers.ts';

describe(`procedures on ${dbLabel}`, () => {
  const t = useTestApp();
  const mini = fixture('mini');
  const summary = {
    key: 'mini',
    title: mini.title,
    description: mini.description,
    latestVersion: 1,
    hasDraft: false,
    start: mini.start,
  };
  const v1 = { key: 'mini', version: 1, procedure: mini, publishedAt: START, publishedBy: 'system', note: 'fixture' };

  const call = (who: UserName, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });

  it('lists procedures and reads one with its versions', async () => {
    expect((await call('observer', 'GET', '/api/procedures')).json()).toEqual({ procedures: [summary] });
    expect((await call('monitor', 'GET', '/api/procedures/mini')).json()).toEqual({
      procedure: summary,
      versions: [{ version: 1, publishedAt: START, publishedBy: 'system', publishedByName: null, note: 'fixture' }],
      latest: v1,
      draft: null,
    });
    expect((await call('monitor', 'GET', '/api/procedures/mini/versions/1')).json()).toEqual(v1);
    const missing = await call('monitor', 'GET', '/api/procedures/mini/versions/9');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'QT_NOT_FOUND']);
    expect((await call('monitor', 'GET', '/api/procedures/nope')).statusCode).toBe(404);
    expect((await call('monitor', 'GET', '/api/procedures/Bad_Key')).statusCode).toBe(400);
  });

  it('validates a file: every problem with its path', async () => {
    // valid; its only remarks: the test fixture's fields have codes but no labels (warnings)
    const fine = (await call('monitor', 'POST', '/api/procedures/validate', mini)).json();
    expect(fine.valid).toBe(true);
    expect(fine.errors.filter((e: { code: string; severity: string }) => e.code !== 'QT_FIELD_LABEL_MISSING' || e.severity !== 'warning')).toEqual([]);
    const broken = structuredClone(mini) as typeof mini;
    (broken.machine.states!.draft!.on!.SUBMIT as { target: string }).target = 'nowhere';
    const res = (await call('admin', 'POST', '/api/procedures/validate', broken)).json();
    expect(res.valid).toBe(false);
    expect(res.errors).toContainEqual(expect.objectContaining({ path: '/machine/states/draft/on/SUBMIT/target', severity: 'error' }));
  });

  it('saves drafts with revisions and refuses a stale base (409); only admins may', async () => {
    const draft = { ...mini, title: { vi: 'Bản nháp', en: 'Draft' } };
    const s1 = await call('admin', 'PUT', '/api/procedures/mini/draft', { procedure: draft });
    expect([s1.statusCode, s1.json()]).toEqual([200, { revision: 1, savedAt: START }]);
    t.clock.advance('PT1M');
    const s2 = await call('admin', 'PUT', '/api/procedures/mini/draft', { procedure: draft, baseRevision: 1 });
    expect(s2.json()).toEqual({ revision: 2, savedAt: '2026-01-05T02:01:00.000Z' });
    const stale = await call('admin', 'PUT', '/api/procedures/mini/draft', { procedure: draft, baseRevision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual(errorBody('QT_DRAFT_CONFLICT', { vi: 'Bản nháp đã được người khác lưu. Hãy tải lại bản nháp mới nhất.', en: 'Someone else has saved the draft. Load the latest draft first.' }, [{ baseRevision: 1, currentRevision: 2 }]));
    const detail = (await call('admin', 'GET', '/api/procedures/mini')).json();
    expect(detail.procedure.hasDraft).toBe(true);
    expect(detail.draft).toEqual({ procedure: draft, savedAt: '2026-01-05T02:01:00.000Z', savedBy: t.world.ids.admin, revision: 2 });
    expect((await call('lead', 'GET', '/api/procedures/mini')).json()).toMatchObject({ procedure: { hasDraft: false }, draft: null }); // drafts are the administrators'
    const denied = await call('lead', 'PUT', '/api/procedures/mini/draft', { procedure: draft });
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'QT_FORBIDDEN']);
  });

  it("keeps a draft's keys in the order its author wrote them", async () => {
    const { key, title, ...rest } = mini;
    const reordered = { title, key, ...rest, description: mini.description } as typeof mini;
    await call('admin', 'PUT', '/api/procedures/mini/draft', { procedure: reordered });
    const detail = await call('admin', 'GET', '/api/procedures/mini');
    expect(JSON.stringify(detail.json().draft.procedure)).toBe(JSON.stringify(reordered));
  });

  it('publishes a valid draft as the next version, and refuses an invalid one with its problems', async () => {
    const none = await call('admin', 'POST', '/api/procedures/mini/publish', { note: 'x' });
    expect([none.statusCode, none.json().error.code]).toEqual([409, 'QT_NO_DRAFT']);

    const bad = structuredClone(mini) as typeof mini;
    bad.machine.initial = 'missing';
    await call('admin', 'PUT', '/api/procedures/mini/draft', { procedure: bad });
    const refused = await call('admin', 'POST', '/api/procedures/mini/publish', { note: 'x' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('QT_PROCEDURE_INVALID');
    expect(refused.json().error.details).toContainEqual(expect.objectContaining({ path: '/machine/initial', severity: 'error' }));

    const good = { ...mini, title: { vi: 'Phiên bản 2', en: 'Version 2' } };
    await call('admin', 'PUT', '/api/procedures/mini/draft', { procedure: good });
    t.clock.advance('PT1H');
    const published = await call('admin', 'POST', '/api/procedures/mini/publish', { note: 'Sửa tiêu đề' });
    expect(published.statusCode).toBe(201);
    const v2 = { key: 'mini', version: 2, procedure: good, publishedAt: '2026-01-05T03:00:00.000Z', publishedBy: t.world.ids.admin, note: 'Sửa tiêu đề' };
    expect(published.json()).toEqual(v2);
    const detail = (await call('monitor', 'GET', '/api/procedures/mini')).json();
    expect(detail).toEqual({
      procedure: { ...summary, title: good.title, latestVersion: 2 },
      versions: [
        { version: 1, publishedAt: START, publishedBy: 'system', publishedByName: null, note: 'fixture' },
        { version: 2, publishedAt: '2026-01-05T03:00:00.000Z', publishedBy: t.world.ids.admin, publishedByName: 'Người admin', note: 'Sửa tiêu đề' },
      ],
      latest: v2,
      draft: null,
    });
    expect((await call('monitor', 'GET', '/api/procedures/mini/versions/1')).json()).toEqual(v1);
  });

  it('creates a new procedure from a draft and refuses a file whose key differs', async () => {
    const fresh = { ...mini, key: 'fresh', machine: { ...mini.machine, id: 'fresh' } };
    await call('admin', 'PUT', '/api/procedures/fresh/draft', { procedure: fresh });
    const listed = (await call('admin', 'GET', '/api/procedures')).json().procedures;
    expect(listed.map((p: { key: string; latestVersion: number | null; hasDraft: boolean; start: unknown }) => [p.key, p.latestVersion, p.hasDraft, p.start])).toEqual([
      ['fresh', null, true, null],
      ['mini', 1, false, mini.start],
    ]);
    const early = await call('monitor', 'POST', '/api/cases', { procedure: 'fresh', data: { title: 'abc' } });
    expect([early.statusCode, early.json().error.code]).toEqual([422, 'QT_PROCEDURE_NOT_PUBLISHED']);
    for (const body of [{}, { note: '   ' }]) {
      const noNote = await call('admin', 'POST', '/api/procedures/fresh/publish', body);
      expect([noNote.statusCode, noNote.json().error.code]).toEqual([422, 'QT_PUBLISH_NOTE_REQUIRED']);
    }
    expect((await call('admin', 'POST', '/api/procedures/fresh/publish', { note: 'Quy trình mới' })).statusCode).toBe(201);
    expect((await call('monitor', 'POST', '/api/cases', { procedure: 'fresh', data: { title: 'abc' } })).statusCode).toBe(201);

    await call('admin', 'PUT', '/api/procedures/other/draft', { procedure: mini });
    const mismatch = await call('admin', 'POST', '/api/procedures/other/publish', { note: 'Thử' });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.details[0]).toEqual({
      path: '/key',
      code: 'QT_KEY_MISMATCH',
      severity: 'error',
      message: { vi: 'Mã quy trình trong tệp phải là "other".', en: 'The procedure\'s key in the file must be "other".' },
    });
  });
});

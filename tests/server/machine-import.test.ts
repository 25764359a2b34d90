// POST /api/procedures/import: a plain XState machine becomes a draft (admin), a machine that is
// wrong is refused with where it is wrong, a key already taken is refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMachine } from '../../engine/index.ts';
import { dbLabel, START, type UserName, useTestApp } from './helpers.ts';

const corpus = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, '../import/corpus', name), 'utf8'));

describe(`importing an XState machine on ${dbLabel}`, () => {
  const t = useTestApp();
  const call = (who: UserName, payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/procedures/import', payload: payload as never, headers: { cookie: t.cookies[who], 'accept-language': 'en' } });

  it('saves a machine as a draft and answers the draft with its changes and what blocks publishing', async () => {
    const machine = corpus('valid/media-player-history-v4.json');
    const expected = importMachine(machine);
    if (!expected.ok) throw new Error('the corpus file must import');
    const res = await call('admin', { machine });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ key: 'media-player', revision: 1, procedure: expected.procedure, changes: expected.changes, problems: expected.problems });
    const detail = await t.app.inject({ method: 'GET', url: '/api/procedures/media-player', headers: { cookie: t.cookies.admin } });
    expect(detail.json().draft).toEqual({ procedure: expected.procedure, savedAt: START, savedBy: t.world.ids.admin, revision: 1 });
  });

  it('keeps the draft from publishing while a placeholder is unbound', async () => {
    const res = await call('admin', { machine: corpus('valid/tea-kettle-context-v4.json'), key: 'am-dun-nuoc' });
    expect(res.statusCode).toBe(201);
    const publish = await t.app.inject({ method: 'POST', url: '/api/procedures/am-dun-nuoc/publish', payload: { note: 'thử' }, headers: { cookie: t.cookies.admin } });
    expect([publish.statusCode, publish.json().error.code]).toEqual([422, 'QT_PROCEDURE_INVALID']);
    expect(publish.json().error.details).toContainEqual(expect.objectContaining({ code: 'QT_PLACEHOLDER_UNBOUND', severity: 'publish' }));
  });

  it('refuses a key that is taken, and takes another one given', async () => {
    const machine = corpus('valid/crossing-light-delays-v4.json');
    expect((await call('admin', { machine })).statusCode).toBe(201);
    const again = await call('admin', { machine });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'QT_PROCEDURE_EXISTS']);
    const other = await call('admin', { machine, key: 'den-giao-thong' });
    expect([other.statusCode, other.json().key, other.json().procedure.key]).toEqual([201, 'den-giao-thong', 'den-giao-thong']);
  });

  it('refuses what is not a valid machine with a JSON pointer into the upload, nothing saved', async () => {
    const res = await call('admin', { machine: corpus('invalid/ticket-unknown-target-v4.json') });
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('QT_MACHINE_INVALID');
    expect(error.message).toBe('The file is not an XState machine that would run; nothing was imported.');
    expect(error.details).toEqual([{ path: '/states/triage/on/ESCALATE', code: 'QT_MACHINE_TARGET_UNKNOWN', message: expect.objectContaining({ en: expect.stringContaining('"escalation"') }) }]);
    expect((await t.app.inject({ method: 'GET', url: '/api/procedures/it-ticket', headers: { cookie: t.cookies.admin } })).statusCode).toBe(404);
    const text = await call('admin', { machine: 'not a machine' });
    expect([text.statusCode, text.json().error.details[0].path]).toEqual([422, '']);
  });

  it('is for administrators only, and checks the key', async () => {
    const machine = corpus('valid/signup-sequence-v4.json');
    const denied = await call('lead', { machine });
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'QT_FORBIDDEN']);
    expect((await call('admin', { machine, key: 'Bad Key' })).statusCode).toBe(400);
    expect((await call('admin', {})).statusCode).toBe(400);
  });
});

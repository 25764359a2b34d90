// The clean-up, by the test clock: expired sessions are deleted, live ones kept; a file uploaded
// for a case that was never recorded is deleted (row and bytes) once a day has passed, a linked
// one never.
import { describe, expect, it } from 'vitest';
import { dbLabel, login, makeApp, multipart, PNG, useTestApp } from './helpers.ts';

describe(`housekeeping on ${dbLabel}`, () => {
  const t = useTestApp();

  const upload = async () => {
    const m = multipart('bằng chứng.png', 'image/png', PNG);
    const res = await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies.monitor } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const attachmentIds = async () => (await t.store.db.selectFrom('attachments').select('id').orderBy('id').execute()).map((r) => r.id);
  const sessions = async () => Number((await t.store.db.selectFrom('sessions').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('deletes sessions past their expiry and keeps the ones in use', async () => {
    expect(await sessions()).toBe(9); // every user of the world, signed in at the start for 60 days
    const short = await makeApp(t.store, t.clock, { sessionTtl: 'PT12H' });
    const idle = await login(short, 'lead');
    const used = await login(short, 'verifier');
    t.clock.advance('PT11H');
    expect((await short.inject({ method: 'GET', url: '/api/me', headers: { cookie: used } })).statusCode).toBe(200); // slides to 23h
    expect(await t.app.qt.housekeeping.run()).toEqual({ sessions: 0, attachments: 0 });
    t.clock.advance('PT1H');
    expect(await t.app.qt.housekeeping.run()).toEqual({ sessions: 1, attachments: 0 });
    expect(await sessions()).toBe(10);
    expect((await short.inject({ method: 'GET', url: '/api/me', headers: { cookie: idle } })).statusCode).toBe(401);
    expect((await short.inject({ method: 'GET', url: '/api/me', headers: { cookie: used } })).statusCode).toBe(200);
    t.clock.advance('P60D');
    expect(await short.qt.housekeeping.run()).toEqual({ sessions: 10, attachments: 0 });
    expect(await sessions()).toBe(0);
    await short.close();
  });

  it('deletes an upload never linked to a case after a day, with its bytes, audited; keeps linked ones', async () => {
    const orphan = await upload();
    const linked = await upload();
    const opened = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: t.cookies.monitor },
      payload: { procedure: 'mini', data: { title: 'Có bằng chứng', evidence: [linked] } },
    });
    expect(opened.statusCode).toBe(201);
    t.clock.advance('PT23H59M');
    const late = await upload(); // uploaded a minute before the first one's day is up
    t.clock.advance('PT1M');
    expect((await t.app.qt.housekeeping.run()).attachments).toBe(0); // exactly a day: not yet
    t.clock.advance(1);
    expect((await t.app.qt.housekeeping.run()).attachments).toBe(1);
    expect(await attachmentIds()).toEqual([linked, late].sort());
    const gone = await t.app.inject({ method: 'GET', url: `/api/attachments/${orphan}`, headers: { cookie: t.cookies.monitor } });
    expect(gone.statusCode).toBe(404);
    const audit = await t.store.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('action', '=', 'attachment.discarded').execute();
    expect(audit).toEqual([
      {
        actor_id: 'system',
        detail: { id: orphan, filename: 'bằng chứng.png', size: PNG.length, uploadedBy: t.world.ids.monitor, reason: 'never linked to a case' },
      },
    ]);
    t.clock.advance('P2D');
    expect((await t.app.qt.housekeeping.run()).attachments).toBe(1);
    expect(await attachmentIds()).toEqual([linked]);
  });
});

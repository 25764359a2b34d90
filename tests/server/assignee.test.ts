// Owners of cases: a verifier takes a case, a lead hands one to a named verifier (who is told in
// the bell), the holder releases it; each change is a version of the case, in its log and audit,
// replayed by the engine; a hold lapses when the case leaves the step it was taken at.
import { describe, expect, it } from 'vitest';
import { replay, type CaseState, type Procedure } from '../../engine/index.ts';
import harmful from '../../workflows/harmful-content.json' with { type: 'json' };
import { loadCase } from '../../server/stores/cases.ts';
import { dbLabel, multipart, PNG, type UserName, useTestApp } from './helpers.ts';

describe(`case owners on ${dbLabel}`, () => {
  const t = useTestApp({ reference: true });
  const http = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });

  /** A reference case waiting on the verifier (state `verifying`, version 2). */
  async function verifying(): Promise<{ id: string; number: string }> {
    const m = multipart('anh.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies.monitor } })).json();
    const opened = await http('monitor', 'POST', '/api/cases', {
      procedure: 'harmful-content',
      data: { urls: ['https://facebook.com/x/1'], platform: 'facebook', category: 'impersonation', description: 'Trang giả danh Công an tỉnh.', evidence: [evidence.id] },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const c = opened.json();
    const sent = await http('monitor', 'POST', `/api/cases/${c.id}/events`, { type: 'SUBMIT', data: {}, expectedVersion: 1 });
    expect(sent.json()).toMatchObject({ state: 'verifying', version: 2 });
    return c;
  }
  const mine = (who: UserName) => http(who, 'GET', '/api/cases?mine=1').then((r) => r.json().cases.map((c: { id: string }) => c.id));

  it('a verifier takes a case of their role; others may not; the case says who holds it', async () => {
    const c = await verifying();
    expect((await http('verifier', 'GET', `/api/cases/${c.id}/assignee`)).json()).toEqual({ mayTake: true, officials: [] });
    expect((await http('monitor', 'GET', `/api/cases/${c.id}/assignee`)).json()).toEqual({ mayTake: false, officials: [] });

    const refused = await http('monitor', 'POST', `/api/cases/${c.id}/assignee`, { userId: t.world.ids.monitor, expectedVersion: 2 });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'QT_ASSIGNEE_NOT_ALLOWED']);
    const stale = await http('verifier', 'POST', `/api/cases/${c.id}/assignee`, { userId: t.world.ids.verifier, expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);

    t.clock.advance('PT1H');
    const taken = await http('verifier', 'POST', `/api/cases/${c.id}/assignee`, { userId: t.world.ids.verifier, expectedVersion: 2 });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ version: 3, state: 'verifying', assignee: { userId: t.world.ids.verifier, displayName: 'Người verifier' } });
    expect(taken.json().actions.map((a: { type: string }) => a.type)).toContain('CONFIRM');
    // the same again changes nothing
    expect((await http('verifier', 'POST', `/api/cases/${c.id}/assignee`, { userId: t.world.ids.verifier, expectedVersion: 3 })).json().version).toBe(3);
    const list = (await http('lead', 'GET', `/api/cases?q=${encodeURIComponent(c.number)}`)).json().cases;
    expect(list[0].assignee).toEqual({ role: 'verifier', userId: t.world.ids.verifier, displayName: 'Người verifier' });
    expect(await mine('verifier')).toContain(c.id);

    const released = await http('verifier', 'POST', `/api/cases/${c.id}/assignee`, { userId: null, expectedVersion: 3 });
    expect(released.json()).toMatchObject({ version: 4, assignee: { role: 'verifier' } });
    expect(released.json().assignee.userId).toBeUndefined();
    expect(await mine('verifier')).toContain(c.id); // still waiting on the role
  });

  it('a lead hands a case to a named official of its role, who hears of it; not to anyone else', async () => {
    const c = await verifying();
    expect((await http('lead', 'GET', `/api/cases/${c.id}/assignee`)).json()).toEqual({
      mayTake: false,
      officials: [{ id: t.world.ids.verifier, displayName: 'Người verifier', roles: ['verifier'] }],
    });
    const wrong = await http('lead', 'POST', `/api/cases/${c.id}/assignee`, { userId: t.world.ids.monitor, expectedVersion: 2 });
    expect([wrong.statusCode, wrong.json().error.code, wrong.json().error.details]).toEqual([
      422,
      'QT_ASSIGNEE_INVALID',
      [{ field: 'body/userId', message: 'not an official the case may be handed to' }],
    ]);
    // a verifier may not hand a case to someone else
    const notLead = await http('verifier', 'POST', `/api/cases/${c.id}/assignee`, { userId: t.world.ids.lead, expectedVersion: 2 });
    expect(notLead.statusCode).toBe(403);

    t.clock.advance('PT2H');
    const handed = await http('lead', 'POST', `/api/cases/${c.id}/assignee`, { userId: t.world.ids.verifier, expectedVersion: 2 });
    expect(handed.json()).toMatchObject({ version: 3, assignee: { userId: t.world.ids.verifier, displayName: 'Người verifier' } });

    const bell = (await http('verifier', 'GET', '/api/notifications')).json();
    expect(bell.notifications[0]).toMatchObject({ caseId: c.id, role: 'verifier', read: false, message: { vi: `Người lead đã giao hồ sơ ${c.number} cho bạn.` } });
    // for that official only
    const others = (await http('lead', 'GET', '/api/notifications')).json().notifications;
    expect(others.filter((n: { message: { vi: string } }) => n.message.vi.includes('giao hồ sơ'))).toEqual([]);

    const history = (await http('lead', 'GET', `/api/cases/${c.id}/history`)).json();
    expect(history.events.at(-1)).toMatchObject({
      seq: 3,
      type: 'quytrinh.assignee',
      data: { userId: t.world.ids.verifier, displayName: 'Người verifier', heldAt: 'verifying', previous: null },
      fromState: 'verifying',
      toState: 'verifying',
    });
    expect(history.audit.at(-1)).toMatchObject({ action: 'case.assignee', detail: { from: null, to: t.world.ids.verifier, state: 'verifying', version: 3 } });

    // the verifier moves it on: the hold lapses with the step, the log replays to the same case
    const confirmed = await http('verifier', 'POST', `/api/cases/${c.id}/events`, { type: 'CONFIRM', data: { legalBasis: ['decree_15_2020'], severity: 'high' }, expectedVersion: 3 });
    expect(confirmed.json()).toMatchObject({ state: 'deciding', assignee: { role: 'lead' } }); // the procedure's own assignment stays
    expect(await mine('verifier')).not.toContain(c.id);
    const log = (await http('lead', 'GET', `/api/cases/${c.id}/history`)).json().events;
    const rebuilt = replay(harmful as unknown as Procedure, log);
    const row = await loadCase(t.store.db, c.id);
    expect(rebuilt.context.assignee).toEqual((row!.snapshot as CaseState).context.assignee);
    // the lead releases nothing that is not held, and cannot hand a closed step's role
    const late = await http('lead', 'POST', `/api/cases/${c.id}/assignee`, { userId: t.world.ids.verifier, expectedVersion: 4 });
    expect(late.statusCode).toBe(422);
  });
});

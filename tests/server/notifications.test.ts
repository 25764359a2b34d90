// Notifications: the engine's `notify` effects become rows in the event's transaction, shown to
// users holding the role who may read the case, pushed live, and marked read per user. A case
// entering a step tells that step's roles; a step's own `notify` action says more.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dbLabel, multipart, PNG, type UserName, useTestApp } from './helpers.ts';

describe(`notifications on ${dbLabel}`, () => {
  const t = useTestApp({ reference: true, listen: true });

  const http = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });
  const list = (who: UserName) => http(who, 'GET', '/api/notifications').then((r) => {
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  });

  /** A reference case of unit A (monitor2 is of unit B) driven to removal.following_up. */
  async function followingUp(opener: UserName = 'monitor') {
    const m = multipart('anh.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies[opener] } })).json();
    const open = await http(opener, 'POST', '/api/cases', {
      procedure: 'harmful-content',
      data: { urls: ['https://www.facebook.com/gia.mao/posts/1'], platform: 'facebook', category: 'impersonation', description: 'Trang mạo danh.', evidence: [evidence.id] },
    });
    expect(open.statusCode, open.body).toBe(201);
    const id = open.json().id as string;
    const step = async (who: UserName, type: string, data: Record<string, unknown>, state: string) => {
      t.clock.advance('PT1H');
      const res = await http(who, 'POST', `/api/cases/${id}/events`, { type, data });
      expect(res.statusCode, `${who} ${type}: ${res.body}`).toBe(200);
      expect(res.json().state).toBe(state);
    };
    await step(opener, 'SUBMIT', {}, 'verifying');
    await step('verifier', 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'high' }, 'deciding');
    await step('lead', 'REQUEST_REMOVAL', { deadline: '2026-01-08' }, 'removal.requested');
    await step('liaison', 'SENT', { requestReference: '12/STTTT', sentAt: '2026-01-05', channel: 'ministry_ict' }, 'removal.following_up');
    return { id, number: open.json().number as string };
  }

  it('tells each step’s roles when a case reaches their inbox, the lead when a removal goes overdue; others see nothing; mark read', async () => {
    const { id, number } = await followingUp();
    const reached = await list('lead');
    expect(reached.unread).toBe(1);
    expect(reached.notifications[0]).toMatchObject({ caseId: id, caseNumber: number, role: 'lead', read: false });
    expect(reached.notifications[0].message).toEqual({
      vi: 'Hồ sơ đã đến bước “Đề xuất xử lý”, chờ bạn xử lý.',
      en: 'A case has reached the step “Deciding the response” and waits for you.',
    });
    // the liaison moved the case on into following up themselves: not told it arrived
    expect((await list('liaison')).notifications.map((n: { message: { en: string } }) => n.message.en)).toEqual([
      'A case has reached the step “Sending the removal request” and waits for you.',
    ]);
    const written = await t.store.db.selectFrom('notifications').select(['role', 'actor_id']).where('case_id', '=', id).where('role', '=', 'liaison').execute();
    expect(written).toHaveLength(2);

    t.clock.advance('P7D');
    await t.app.qt.scheduler.runDue();
    expect((await http('lead', 'GET', `/api/cases/${id}`)).json().state).toBe('removal.overdue');

    const lead = await list('lead');
    expect(lead.unread).toBe(2);
    expect(lead.notifications).toHaveLength(2); // the step's own message, not a second one for the same step
    expect(lead.notifications[0]).toMatchObject({ caseId: id, caseNumber: number, role: 'lead', read: false });
    expect(lead.notifications[0].message.en).toMatch(/removal request is more than 7 days old/);
    expect(lead.notifications[0].createdAt).toBe(new Date(t.clock.now()).toISOString());
    expect((await list('liaison')).unread).toBe(2);

    // Not the lead's role, or not the lead's unit's case for a unit-bound reader.
    expect(await list('monitor2')).toEqual({ notifications: [], unread: 0 });
    expect((await list('secretariat')).notifications).toEqual([]);

    const mark = await http('lead', 'POST', '/api/notifications/read', {});
    expect(mark.statusCode, mark.body).toBe(204);
    const after = await list('lead');
    expect(after.unread).toBe(0);
    expect(after.notifications.map((n: { read: boolean }) => n.read)).toEqual([true, true]);
  });

  it('is written in the event transaction, marks read by id, and validates the query', async () => {
    await followingUp();
    await followingUp();
    t.clock.advance('P7D');
    await t.app.qt.scheduler.runDue();
    const { notifications, unread } = await list('lead');
    expect(unread).toBe(4); // each case: it reached the lead's step, and its removal went overdue
    const rows = await t.store.db.selectFrom('notifications').select('id').execute();
    // each case: five steps entered (monitor, verifier, lead, liaison twice), then overdue (lead, liaison)
    expect(rows).toHaveLength(14);

    expect((await http('lead', 'POST', '/api/notifications/read', { ids: [notifications[1].id, 'not-a-visible-id'] })).statusCode).toBe(204);
    const after = await list('lead');
    expect(after.unread).toBe(3);
    expect(after.notifications.slice(0, 2).map((n: { id: string; read: boolean }) => [n.id, n.read])).toEqual([
      [notifications[0].id, false],
      [notifications[1].id, true],
    ]);
    // Marking read twice keeps it read; another lead-less user marking all changes nothing for the lead.
    expect((await http('monitor2', 'POST', '/api/notifications/read', {})).statusCode).toBe(204);
    expect((await list('lead')).unread).toBe(3);

    expect((await http('lead', 'GET', '/api/notifications?limit=1')).json().notifications).toHaveLength(1);
    const bad = await http('lead', 'GET', '/api/notifications?limit=0');
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'QT_VALIDATION']);
    const anon = await t.app.inject({ method: 'GET', url: '/api/notifications' });
    expect([anon.statusCode, anon.json().error.code]).toEqual([401, 'QT_UNAUTHENTICATED']);
  });

  it('pushes the notification live to the lead, not to a monitor of the other unit', async () => {
    const port = (t.app.server.address() as { port: number }).port;
    const connect = async (who: UserName) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { cookie: t.cookies[who] } });
      const got: { type: string; notification?: { caseId: string } }[] = [];
      ws.on('message', (raw) => got.push(JSON.parse(String(raw))));
      await new Promise((r) => ws.once('open', r));
      return { ws, got };
    };
    const lead = await connect('lead');
    const other = await connect('monitor2');
    const { id } = await followingUp();
    t.clock.advance('P7D');
    await t.app.qt.scheduler.runDue();
    // the case reaching the lead's step, then its removal going overdue
    await expect.poll(() => lead.got.filter((m) => m.type === 'notification').length, { timeout: 5000 }).toBe(2);
    await t.app.qt.hub.idle();
    for (const m of lead.got.filter((x) => x.type === 'notification')) expect(m.notification).toMatchObject({ caseId: id, role: 'lead', read: false });
    expect(other.got.filter((m) => m.type === 'notification')).toEqual([]);
    lead.ws.close();
    other.ws.close();
  });
});

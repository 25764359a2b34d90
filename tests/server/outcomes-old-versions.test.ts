// Versions published before outcomes were declared: their cases keep counting, with the
// declarations of a newer version of the procedure, or of the shipped file of the same key.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { OUTCOMES, type Procedure } from '../../engine/index.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { backfill } from '../../server/db/migrations/0018_outcomes.ts';
import { up } from '../../server/db/migrations/0023_inherited_outcomes.ts';
import { dbLabel, multipart, PNG, referenceProcedure, START, type UserName, useTestApp } from './helpers.ts';
import { seen, walk } from './walks.ts';

const JANUARY = { from: '2026-01-01', to: '2026-01-31' };
const none = { states: {}, events: {} };
const zero = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));

/** The procedure as it was published before outcomes: no `outcome` anywhere. */
function withoutOutcomes(p: Procedure, key = p.key): Procedure {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'outcome' && k !== 'summaryField').map(([k, x]) => [k, strip(x)]));
  };
  return { ...(strip(p) as Procedure), key };
}

describe(`versions published before outcomes on ${dbLabel}`, () => {
  const t = useTestApp();
  const http = (who: UserName, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who] } });

  it('counts the shipped procedure’s old version by the declarations of the shipped file', async () => {
    await publishVersion(t.store.db, withoutOutcomes(referenceProcedure()), 'system', 'before outcomes', new Date(START));
    await walk(t, 'harmful-content', none);
    const { report } = await seen(t, 'harmful-content', none, [], JANUARY);
    expect(report.totals).toEqual({
      ...zero,
      detected: 6, verified: 3, rejected: 1, removal_requested: 1, removed: 1, referred: 1, countered: 1, reported: 1, cancelled: 1, overdue: 4,
    });

    // events written on such a version before this was fixed kept no outcome: 0023 gives them theirs
    const before = await seen(t, 'harmful-content', none, [], JANUARY);
    await sql`ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`.execute(t.store.db);
    await sql`UPDATE case_events SET outcomes = '{}'`.execute(t.store.db);
    await sql`ALTER TABLE case_events ENABLE TRIGGER case_events_append_only`.execute(t.store.db);
    await backfill(t.store.db as never);
    expect((await seen(t, 'harmful-content', none, [], JANUARY)).report.totals.verified).toBe(0);
    await up(t.store.db as never);
    expect(await seen(t, 'harmful-content', none, [], JANUARY)).toEqual(before);
  });

  it('counts the new events of an old version’s case by the newest version’s declarations', async () => {
    const old = withoutOutcomes(referenceProcedure(), 'old-copy');
    await publishVersion(t.store.db, old, 'system', 'v1', new Date(START));
    const m = multipart('anh.png', 'image/png', PNG);
    const evidence = (await t.app.inject({ method: 'POST', url: '/api/attachments', payload: m.payload, headers: { ...m.headers, cookie: t.cookies.monitor } })).json();
    const opened = await http('monitor', 'POST', '/api/cases', {
      procedure: 'old-copy',
      data: { urls: ['https://example.vn/a'], platform: 'facebook', category: 'fraud', description: 'Trang lừa đảo vay tiền', evidence: [evidence.id] },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    await publishVersion(t.store.db, { ...referenceProcedure(), key: 'old-copy' }, 'system', 'v2', new Date(START));
    expect((await http('admin', 'GET', `/api/cases/${opened.json().id}`)).json().procedure.version).toBe(1);
    const send = async (who: UserName, type: string, data: Record<string, unknown>) => {
      t.clock.advance('PT1H');
      const res = await http(who, 'POST', `/api/cases/${opened.json().id}/events`, { type, data });
      expect(res.statusCode, res.body).toBe(200);
    };
    await send('monitor', 'SUBMIT', {});
    await send('verifier', 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'high' });
    await send('lead', 'REQUEST_REMOVAL', { deadline: '2026-01-20' });
    const report = (await http('observer', 'GET', `/api/reports/summary?from=${JANUARY.from}&to=${JANUARY.to}`)).json();
    // opened before version 2 existed, with nothing to learn from: not counted as detected
    expect(report.totals).toEqual({ ...zero, verified: 1, removal_requested: 1 });
  });
});

// Any procedure works everywhere: the report, its CSV, the dashboard, inboxes, notifications and
// deadlines follow what the procedure declares (outcomes, tags, roles), never its names.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import reportSchema from '../../schemas/api/report.json' with { type: 'json' };
import { OUTCOMES } from '../../engine/index.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { backfill, giveOldEventsOutcomes } from '../../server/db/migrations/0018_outcomes.ts';
import { dbLabel, referenceProcedure, START, useTestApp } from './helpers.ts';
import { namesOf, renameProcedure, type Renaming } from './rename.ts';
import { seen, walk } from './walks.ts';

const JANUARY = { from: '2026-01-01', to: '2026-01-31' };
const none: Renaming = { states: {}, events: {} };

/** A renaming of every state and event of the reference procedure (OPEN aside), names drawn at random. */
const renamings = () => {
  const { states, events } = namesOf(referenceProcedure());
  const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
  const distinct = (n: number) => fc.uniqueArray(name, { minLength: n, maxLength: n });
  return fc.tuple(distinct(states.length), distinct(events.length)).map(
    ([s, e]): Renaming => ({
      states: Object.fromEntries(states.map((x, i) => [x, `s_${s[i]}`])),
      events: Object.fromEntries(events.map((x, i) => [x, `E_${e[i]}`])),
    }),
  );
};

describe(`outcomes on ${dbLabel}`, () => {
  const t = useTestApp({ reference: true });

  it('keeps the report schema’s figures to the outcome vocabulary', () => {
    expect(Object.keys(reportSchema.properties.totals.properties)).toEqual([...OUTCOMES]);
    expect(Object.keys(reportSchema.properties.byUnit.items.properties)).toEqual(['key', 'name', ...OUTCOMES]);
  });

  it('counts the reference walk by the outcomes its actions declare', async () => {
    await walk(t, 'harmful-content', none);
    const { report, dashboard } = await seen(t, 'harmful-content', none, [], JANUARY);
    expect(report.totals).toEqual({
      ...Object.fromEntries(OUTCOMES.map((o) => [o, 0])),
      detected: 6, verified: 3, rejected: 1, removal_requested: 1, removed: 1, referred: 1, countered: 1, reported: 1, cancelled: 1,
      overdue: 4, // the seven days waited: the follow-up, and three other cases past their step's deadline
    });
    expect(report.casesTotal).toBe(6);
    expect(dashboard).toMatchObject({ total: 6, active: 3, overdue: 3 });
  });

  it('gives events written before outcomes were kept the ones their names meant, and the same figures', async () => {
    await walk(t, 'harmful-content', none);
    const before = await seen(t, 'harmful-content', none, [], JANUARY);
    await sql`ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`.execute(t.store.db);
    await sql`UPDATE case_events SET outcomes = '{}'`.execute(t.store.db);
    await sql`ALTER TABLE case_events ENABLE TRIGGER case_events_append_only`.execute(t.store.db);
    await giveOldEventsOutcomes(t.store.db as never);
    await backfill(t.store.db as never);
    expect(await seen(t, 'harmful-content', none, [], JANUARY)).toEqual(before);
  });

  it('gives the same figures, inboxes, notifications and deadlines whatever the states and events are called', async () => {
    await walk(t, 'harmful-content', none);
    const ids = (await t.store.db.selectFrom('cases').select('id').orderBy('number').execute()).map((r) => r.id);
    const expected = await seen(t, 'harmful-content', none, ids, JANUARY);
    await fc.assert(
      fc.asyncProperty(renamings(), async (r) => {
        await t.fresh();
        await publishVersion(t.store.db, renameProcedure(referenceProcedure(), r, 'renamed'), 'system', 'renamed', new Date(START));
        const renamedIds = await walk(t, 'renamed', r);
        const got = await seen(t, 'renamed', r, renamedIds, JANUARY);
        expect(got).toEqual(expected);
      }),
      { numRuns: 4, endOnFailure: true },
    );
  }, 120_000);
});

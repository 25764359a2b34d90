// Counts per state for the inbox. Kept by a trigger in `case_counts` (migration 0003), so a
// million cases cost a few hundred counter rows, not a scan; the few cases a user reads through
// an assignment outside those counters are counted live through their indexes.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import { readsAllCases, type SessionUser } from '../access.ts';
import type { CaseFilters } from './case-filters.ts';

type Db = Kysely<Database>;

/**
 * `matching` is the whole condition on `cases as c` (readable, filters, mine) without the
 * state filter; the counters answer for the same filters restricted to what they can key on.
 */
export async function stateCounts(db: Db, user: SessionUser, f: CaseFilters, matching: Expression<SqlBool>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const add = (rows: { state: string; n: string | number }[]) => {
    for (const r of rows) if (Number(r.n) > 0) counts[r.state] = (counts[r.state] ?? 0) + Number(r.n);
  };
  if (f.q) {
    add(await db.selectFrom('cases as c').select(['c.state', sql<string>`count(*)`.as('n')]).where(matching).groupBy('c.state').execute());
    return counts;
  }

  const province = readsAllCases(user);
  const roles = sql`${sql.val(user.roles)}::text[]`;
  const keyed = (t: 'k' | 'c'): Expression<SqlBool>[] => {
    const col = (name: string) => sql.ref(`${t}.${name}`);
    const conds: Expression<SqlBool>[] = [];
    if (!province) conds.push(sql<SqlBool>`${col('unit_id')} = ${user.unitId}`);
    if (f.mine) conds.push(sql<SqlBool>`(${col('status')} = 'active' AND ${col('work_roles')} && ${roles})`);
    return conds;
  };
  const filters: Expression<SqlBool>[] = [];
  if (f.procedure) filters.push(sql<SqlBool>`k.procedure_key = ${f.procedure}`);
  if (f.unit) filters.push(sql<SqlBool>`k.unit_id = ${f.unit}`);
  if (f.overdue !== undefined) filters.push(sql<SqlBool>`k.overdue = ${f.overdue}`);
  if (f.category) filters.push(sql<SqlBool>`k.category = ${f.category}`);
  if (f.platform) filters.push(sql<SqlBool>`k.platform = ${f.platform}`);
  const all = [...keyed('k'), ...filters];
  add(
    await db
      .selectFrom('case_counts as k')
      .select(['k.state', sql<string>`sum(k.n)`.as('n')])
      .where(all.length ? sql<SqlBool>`${sql.join(all, sql` AND `)}` : sql<SqlBool>`true`)
      .groupBy('k.state')
      .execute(),
  );

  // What the counters leave out can only be a case reached through an assignment.
  const counted = keyed('c');
  if (counted.length) {
    add(
      await db
        .selectFrom('cases as c')
        .select(['c.state', sql<string>`count(*)`.as('n')])
        .where(sql<SqlBool>`(c.assignee_user_id = ${user.id} OR c.assignee_unit_id = ${user.unitId})`)
        .where(matching)
        .where(sql<SqlBool>`NOT (${sql.join(counted, sql` AND `)})`)
        .groupBy('c.state')
        .execute(),
    );
  }
  return counts;
}

// The inbox's counts per state come from counters kept by a trigger; for every user and filter
// they must equal a plain count over the cases that user may read.
import { sql, type SqlBool } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { readableCases } from '../../server/access.ts';
import { getUser } from '../../server/stores/users.ts';
import { dbLabel, resetStore, USERS, type UserName, useTestApp } from './helpers.ts';

describe(`inbox counts on ${dbLabel}`, () => {
  const t = useTestApp({ once: true, reference: true });

  beforeAll(async () => {
    const call = (who: UserName, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as never, headers: { cookie: t.cookies[who] } });
    const categories = ['fraud', 'defamation', 'impersonation'];
    for (let i = 0; i < 9; i++) {
      const who: UserName = i % 3 === 2 ? 'monitor2' : 'monitor';
      const res = await call(who, '/api/cases', {
        procedure: 'harmful-content',
        data: { urls: [`https://facebook.com/p/${i}`], platform: i % 2 ? 'facebook' : 'tiktok', category: categories[i % 3], description: `Nội dung vi phạm số ${i}`, evidence: [] },
      });
      expect(res.statusCode).toBe(201);
      if (i % 4 === 0) {
        const ev = await call('admin', `/api/cases/${res.json().id}/events`, { type: 'CANCEL', data: { reason: 'Trùng hồ sơ khác' } });
        expect(ev.statusCode).toBe(200);
      }
    }
    await call('monitor', '/api/cases', { procedure: 'mini', data: { title: 'Trang giả mạo' } });
    // Assignments across units, which the counters cannot key on.
    const ids = (await t.store.db.selectFrom('cases').select(['id', 'unit_id']).orderBy('number').execute()).map((r) => r);
    const other = ids.find((r) => r.unit_id !== 'unit-a')!;
    await t.store.db.updateTable('cases').set({ assignee_user_id: t.world.ids.monitor }).where('id', '=', other.id).execute();
    const other2 = ids.filter((r) => r.unit_id !== 'unit-a')[1]!;
    await t.store.db.updateTable('cases').set({ assignee_unit_id: 'unit-a', overdue: true }).where('id', '=', other2.id).execute();
  });

  const filterSets: Record<string, string>[] = [{}, { mine: '1' }, { procedure: 'harmful-content' }, { overdue: '1' }, { category: 'fraud' }, { unit: 'unit-b', platform: 'tiktok' }, { q: 'vi phạm số 4' }];

  it('equal a plain count for every user and filter', async () => {
    for (const who of Object.keys(USERS) as UserName[]) {
      const user = (await getUser(t.store.db, t.world.ids[who]))!;
      for (const filters of filterSets) {
        const res = await t.app.inject({ method: 'GET', url: `/api/cases?${new URLSearchParams({ ...filters, limit: '5' })}`, headers: { cookie: t.cookies[who] } });
        expect(res.statusCode, `${who} ${JSON.stringify(filters)}`).toBe(200);
        const conds = [readableCases(user)];
        if (filters.mine) conds.push(sql<SqlBool>`(c.status = 'active' AND (c.work_roles && ${sql.val(user.roles)}::text[] OR c.assignee_user_id = ${user.id}))`);
        if (filters.procedure) conds.push(sql<SqlBool>`c.procedure_key = ${filters.procedure}`);
        if (filters.overdue) conds.push(sql<SqlBool>`c.overdue`);
        if (filters.category) conds.push(sql<SqlBool>`c.category = ${filters.category}`);
        if (filters.unit) conds.push(sql<SqlBool>`c.unit_id = ${filters.unit}`);
        if (filters.platform) conds.push(sql<SqlBool>`c.platform = ${filters.platform}`);
        if (filters.q) conds.push(sql<SqlBool>`c.data::text ILIKE ${`%${filters.q}%`}`);
        const rows = await t.store.db.selectFrom('cases as c').select(['c.state', sql<string>`count(*)`.as('n')]).where(sql<SqlBool>`${sql.join(conds, sql` AND `)}`).groupBy('c.state').execute();
        const expected = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
        expect(res.json().counts, `${who} ${JSON.stringify(filters)}`).toEqual(expected);
      }
    }
  });

  it('follow cases as they move, and empty with the table', async () => {
    const before = await t.store.db.selectFrom('case_counts').select(sql<string>`sum(n)`.as('n')).executeTakeFirstOrThrow();
    const total = await t.store.db.selectFrom('cases').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBe(Number(total.n));
    await resetStore(t.store);
    const after = await t.store.db.selectFrom('case_counts').select(sql<string>`coalesce(sum(n), 0)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(0);
  });
});

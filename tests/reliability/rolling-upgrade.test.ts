// A rolling upgrade of two processes on one PostgreSQL, as docs/operations.md (Upgrade) tells an IT
// team: processes A and B run this release; A is restarted on the next release, which migrates the
// database while B serves; then B is restarted. The next release is today's code with one more
// migration, written as the rule says (it only adds: next-release/migrations.ts). Traffic never
// stops: every request goes to the process that is not being restarted, as the load balancer sends
// it, and every one is answered; the old release keeps running on the migrated schema and stays
// ready; started again afterwards, the old release refuses the upgraded database.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate, openStore } from '../../server/db/connect.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { verifyAudit } from '../../server/stores/audit.ts';
import { PASSWORD, seedWorld } from '../server/helpers.ts';
import { NEXT_MIGRATION } from './next-release/migrations.ts';
import { createScratchDatabase } from './scratch-pg.ts';
import { BLINK_TIMER_EVENT, blinkProcedure, call, signIn, startServer, type ServerProcess } from './server-process.ts';

const NEXT_RELEASE = ['--import', new URL('./next-release/register.mjs', import.meta.url).pathname];

describe('a rolling upgrade of two processes on one PostgreSQL', () => {
  it('the next release migrates while the old one serves; nothing fails, nothing is lost; the old release then refuses to start', async () => {
    const scratch = await createScratchDatabase('qt_rolling');
    const running: ServerProcess[] = [];
    const start = async (release: 'old' | 'next') => {
      const s = await startServer({ url: scratch.url }, { timerIntervalMs: 100, ...(release === 'next' ? { nodeArgs: NEXT_RELEASE } : {}) });
      running.push(s);
      return s;
    };
    try {
      const seed = await openStore({ url: scratch.url });
      expect((await migrate(seed)).ok).toBe(true);
      await seedWorld(seed);
      await publishVersion(seed.db, blinkProcedure(), 'system', 'rolling upgrade', new Date());
      await seed.close();

      let [a, b] = await Promise.all([start('old'), start('old')]);

      // the load balancer's traffic: open a case and submit it, on whichever process is in service
      let target = a!;
      const ids: string[] = [];
      const failures: string[] = [];
      let stop = false;
      let finished = 0; // iterations done: one taken before a switch of target ends on the old target
      const cookies = new Map<string, string>();
      const traffic = (async () => {
        for (let i = 0; !stop; i++, finished++) {
          const server = target;
          const cookie = cookies.get(server.base) ?? (await signIn(server.base, 'monitor', PASSWORD));
          cookies.set(server.base, cookie);
          const opened = await call(server.base, 'POST', '/api/cases', cookie, { procedure: 'blink', data: { title: `Nâng cấp cuốn chiếu ${i}` } });
          if (opened?.status !== 201) {
            failures.push(`open ${i} on ${server.base}: ${opened?.status} ${JSON.stringify(opened?.body)}`);
            continue;
          }
          ids.push(opened.body.id);
          const sent = await call(server.base, 'POST', `/api/cases/${opened.body.id}/events`, cookie, { type: 'SUBMIT', expectedVersion: 1 });
          if (sent?.status !== 200) failures.push(`submit ${i} on ${server.base}: ${sent?.status} ${JSON.stringify(sent?.body)}`);
        }
      })();
      /** Sends traffic to `next` once what is in flight on the old target is answered, as a load balancer drains a process. */
      const switchTo = async (next: ServerProcess) => {
        target = next;
        const inFlight = finished;
        await expect.poll(() => finished, { timeout: 60_000, interval: 20 }).toBeGreaterThan(inFlight);
      };
      const served = async (n: number) => {
        const goal = ids.length + n;
        await expect.poll(() => ids.length, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(goal);
      };
      await served(3);

      // step 3: A is restarted on the next release while B serves; A migrates before it listens
      await switchTo(b!);
      await a!.stop();
      const casesBeforeMigration = ids.length;
      a = await start('next');
      expect(a.output()).toContain(`Database migrated: ${NEXT_MIGRATION}`);
      await served(3);
      // B, the old release, served during the migration and serves on the new schema, still ready
      expect(ids.length).toBeGreaterThan(casesBeforeMigration);
      const readyOld = await call(b!.base, 'GET', '/api/ready');
      expect(readyOld).toMatchObject({ status: 200, body: { status: 'ready', checks: { migrations: 'newer' } } });
      const readyNext = await call(a.base, 'GET', '/api/ready');
      expect(readyNext).toMatchObject({ status: 200, body: { status: 'ready', checks: { migrations: 'current' } } });

      // step 4: traffic to the next release, B restarted on it too (nothing left to migrate)
      await switchTo(a);
      await served(2);
      await b!.stop();
      b = await start('next');
      expect(b.output()).not.toContain('Database migrated');
      await switchTo(b);
      await served(2);
      stop = true;
      await traffic;
      expect(failures).toEqual([]);

      // every case opened on either release is submitted once and its timer fires once (A and B race for it)
      const store = await openStore({ url: scratch.url });
      try {
        await expect
          .poll(async () => (await store.db.selectFrom('cases').select('id').where('state', '=', 'late').execute()).length, { timeout: 60_000, interval: 200 })
          .toBe(ids.length);
        const events = await store.db.selectFrom('case_events').select(['case_id', 'type']).execute();
        for (const type of ['SUBMIT', BLINK_TIMER_EVENT]) {
          expect(events.filter((e) => e.type === type).map((e) => e.case_id).sort(), type).toEqual([...ids].sort());
        }
        // rows the old release wrote after the migration took the new column's default
        const labels = await sql<{ label: string; n: number }>`SELECT next_release_label AS label, count(*)::int AS n FROM cases GROUP BY 1`.execute(store.db);
        expect(labels.rows).toEqual([{ label: 'chưa gắn nhãn', n: ids.length }]);
        expect((await verifyAudit(store.db)).ok).toBe(true);
      } finally {
        await store.close();
      }

      // the old release, started again on the upgraded database, refuses with the migration it does not know
      for (const s of running) await s.stop();
      const refused = await start('old').then(
        () => null,
        (e: Error) => e.message,
      );
      expect(refused).toContain('QT_DATABASE_NEWER_THAN_CODE');
      expect(refused).toContain(NEXT_MIGRATION);
    } finally {
      for (const s of running) await s.stop();
      await scratch.drop();
    }
  }, 600_000);
});

// The database layer on its own: migrations, append-only tables, the audit chain, sessions.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate } from '../../server/db/connect.ts';
import { appendAudit, auditHash, chainAllAudit, chainAudit, GENESIS_HASH, verifyAudit } from '../../server/stores/audit.ts';
import { createSession, createUnit, createUser, deleteSession, sessionUser } from '../../server/stores/users.ts';
import { hashPassword, verifyPassword } from '../../server/auth/passwords.ts';
import { dbLabel, onPostgres, useTestStore } from '../server/helpers.ts';

describe(`store on ${dbLabel}`, () => {
  const t = useTestStore();
  const now = new Date('2026-01-05T02:00:00.000Z');


  it('runs migrations once: a second run applies nothing', async () => {
    expect(await migrate(t.store)).toEqual({ ok: true, applied: [] });
  });

  it('refuses UPDATE and DELETE on the audit log', async () => {
    await t.store.db.transaction().execute((tx) =>
      appendAudit(tx, { at: now, actorId: 'u1', action: 'test', caseId: null, detail: { a: 1 } }),
    );
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(t.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(t.store.db)).rejects.toThrow(/append-only/);
  });

  it('chains audit rows by hash after they are written, and finds the first broken link', async () => {
    for (let i = 0; i < 4; i++) {
      await t.store.db.transaction().execute((tx) =>
        appendAudit(tx, { at: new Date(now.getTime() + i), actorId: 'u1', action: 'step', caseId: null, detail: { i, z: { b: 2, a: [1, 'x'] } } }),
      );
    }
    // written, queued, not yet linked
    expect(await verifyAudit(t.store.db)).toEqual({ ok: true, checked: 0, pending: 4 });
    expect(await chainAudit(t.store.db, 3)).toBe(3);
    expect(await verifyAudit(t.store.db)).toEqual({ ok: true, checked: 3, pending: 1 });
    expect(await chainAllAudit(t.store.db)).toBe(1);
    const links = await t.store.db.selectFrom('audit_chain').selectAll().orderBy('chain_no').execute();
    expect(links.map((r) => [Number(r.chain_no), Number(r.seq)])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4]]);
    expect(links[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(links[1]!.prev_hash).toBe(links[0]!.hash);
    const row1 = await t.store.db.selectFrom('audit_log').selectAll().where('seq', '=', 1 as never).executeTakeFirstOrThrow();
    expect(links[0]!.hash).toBe(auditHash(GENESIS_HASH, { seq: 1, at: new Date(row1.at), actorId: 'u1', action: 'step', caseId: null, detail: { i: 0, z: { b: 2, a: [1, 'x'] } } }));
    expect(await verifyAudit(t.store.db)).toEqual({ ok: true, checked: 4, pending: 0 });
    // links are append-only too
    await expect(sql`UPDATE audit_chain SET hash = 'x'`.execute(t.store.db)).rejects.toThrow(/append-only/);

    // Tamper with row 3 the way an intruder with table access would: around the trigger.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(t.store.db);
    await sql`UPDATE audit_log SET detail = '{"i": 99}' WHERE seq = 3`.execute(t.store.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(t.store.db);
    expect(await verifyAudit(t.store.db)).toEqual({
      ok: false,
      checked: 2,
      brokenAt: 3,
      reason: 'the row was changed after it was written',
    });
  });

  it('links rows in the order the chainer finds them: a row that commits late joins the end', async () => {
    // Two writers: the first takes a seq, the second commits before it.
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    let firstWrote!: () => void;
    const firstWritten = new Promise<void>((r) => (firstWrote = r));
    const first = t.store.db.transaction().execute(async (tx) => {
      await appendAudit(tx, { at: now, actorId: 'slow', action: 'step', caseId: null, detail: {} });
      firstWrote();
      await firstHeld;
    });
    await firstWritten;
    if (onPostgres) {
      await t.store.db.transaction().execute((tx) => appendAudit(tx, { at: now, actorId: 'fast', action: 'step', caseId: null, detail: {} }));
      expect(await chainAllAudit(t.store.db)).toBe(1); // only the committed one
    }
    releaseFirst();
    await first;
    if (!onPostgres) await t.store.db.transaction().execute((tx) => appendAudit(tx, { at: now, actorId: 'fast', action: 'step', caseId: null, detail: {} }));
    await chainAllAudit(t.store.db);
    const order = await t.store.db
      .selectFrom('audit_chain as c')
      .innerJoin('audit_log as a', 'a.seq', 'c.seq')
      .select(['a.actor_id', 'c.seq'])
      .orderBy('c.chain_no')
      .execute();
    expect(order.map((r) => r.actor_id)).toEqual(onPostgres ? ['fast', 'slow'] : ['slow', 'fast']);
    expect(await verifyAudit(t.store.db)).toEqual({ ok: true, checked: 2, pending: 0 });
  });

  it('keeps sessions server-side, sliding, and forgets them on logout or expiry', async () => {
    const unit = await createUnit(t.store.db, 'Ban Tuyên giáo', now);
    const id = await createUser(t.store.db, { username: 'a', displayName: 'A', unitId: unit.id, roles: ['monitor'], password: 'pw' }, now);
    const token = await createSession(t.store.db, id, now, 60 * 60_000);
    expect(await sessionUser(t.store.db, token, now, 60 * 60_000)).toEqual({
      id,
      username: 'a',
      displayName: 'A',
      unitId: unit.id,
      unitName: 'Ban Tuyên giáo',
      roles: ['monitor'],
    });
    // used at 50 min: slides to 110 min
    expect(await sessionUser(t.store.db, token, new Date(now.getTime() + 50 * 60_000), 60 * 60_000)).not.toBeNull();
    expect(await sessionUser(t.store.db, token, new Date(now.getTime() + 100 * 60_000), 60 * 60_000)).not.toBeNull();
    expect(await sessionUser(t.store.db, token, new Date(now.getTime() + 200 * 60_000), 60 * 60_000)).toBeNull();
    const t2 = await createSession(t.store.db, id, now, 60_000);
    await deleteSession(t.store.db, t2);
    expect(await sessionUser(t.store.db, t2, now, 60_000)).toBeNull();
    expect(await sessionUser(t.store.db, 'nonsense', now, 60_000)).toBeNull();
  });

  it('hashes passwords with scrypt', async () => {
    const h = await hashPassword('mật khẩu');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('mật khẩu', h)).toBe(true);
    expect(await verifyPassword('mat khau', h)).toBe(false);
  });
});

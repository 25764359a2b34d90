// The database layer on its own: migrations, append-only tables, the audit chain, sessions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate, type Store } from '../../server/db/connect.ts';
import { appendAudit, GENESIS_HASH, verifyAudit } from '../../server/stores/audit.ts';
import { createSession, createUnit, createUser, deleteSession, sessionUser } from '../../server/stores/users.ts';
import { hashPassword, verifyPassword } from '../../server/auth/passwords.ts';
import { closeTestStore, dbLabel, openTestStore, resetStore } from '../server/helpers.ts';

describe(`store on ${dbLabel}`, () => {
  let store: Store;
  const now = new Date('2026-01-05T02:00:00.000Z');

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await closeTestStore(store);
  });
  beforeEach(async () => {
    await resetStore(store);
  });

  it('runs migrations once: a second run applies nothing', async () => {
    expect(await migrate(store)).toEqual({ ok: true, applied: [] });
  });

  it('refuses UPDATE and DELETE on the audit log', async () => {
    await store.db.transaction().execute((tx) =>
      appendAudit(tx, { at: now, actorId: 'u1', action: 'test', caseId: null, detail: { a: 1 } }),
    );
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('chains audit rows by hash and finds the first broken link', async () => {
    for (let i = 0; i < 4; i++) {
      await store.db.transaction().execute((tx) =>
        appendAudit(tx, { at: new Date(now.getTime() + i), actorId: 'u1', action: 'step', caseId: null, detail: { i, z: { b: 2, a: [1, 'x'] } } }),
      );
    }
    const rows = await store.db.selectFrom('audit_log').select(['seq', 'prev_hash', 'hash']).orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(await verifyAudit(store.db)).toEqual({ ok: true, checked: 4 });

    // Tamper with row 3 the way an intruder with table access would: around the trigger.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(store.db);
    await sql`UPDATE audit_log SET detail = '{"i": 99}' WHERE seq = 3`.execute(store.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(store.db);
    expect(await verifyAudit(store.db)).toEqual({
      ok: false,
      checked: 2,
      brokenAt: 3,
      reason: 'the row was changed after it was written',
    });
  });

  it('keeps sessions server-side, sliding, and forgets them on logout or expiry', async () => {
    const unit = await createUnit(store.db, 'Ban Tuyên giáo', now);
    const id = await createUser(store.db, { username: 'a', displayName: 'A', unitId: unit.id, roles: ['monitor'], password: 'pw' }, now);
    const token = await createSession(store.db, id, now, 60 * 60_000);
    expect(await sessionUser(store.db, token, now, 60 * 60_000)).toEqual({
      id,
      username: 'a',
      displayName: 'A',
      unitId: unit.id,
      unitName: 'Ban Tuyên giáo',
      roles: ['monitor'],
    });
    // used at 50 min: slides to 110 min
    expect(await sessionUser(store.db, token, new Date(now.getTime() + 50 * 60_000), 60 * 60_000)).not.toBeNull();
    expect(await sessionUser(store.db, token, new Date(now.getTime() + 100 * 60_000), 60 * 60_000)).not.toBeNull();
    expect(await sessionUser(store.db, token, new Date(now.getTime() + 200 * 60_000), 60 * 60_000)).toBeNull();
    const t2 = await createSession(store.db, id, now, 60_000);
    await deleteSession(store.db, t2);
    expect(await sessionUser(store.db, t2, now, 60_000)).toBeNull();
    expect(await sessionUser(store.db, 'nonsense', now, 60_000)).toBeNull();
  });

  it('hashes passwords with scrypt', async () => {
    const h = await hashPassword('mật khẩu');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('mật khẩu', h)).toBe(true);
    expect(await verifyPassword('mat khau', h)).toBe(false);
  });
});

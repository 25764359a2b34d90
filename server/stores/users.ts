// Units, users and server-side sessions.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../access.ts';
import type { Account } from '../../schemas/api/types.ts';
import { hashPassword } from '../auth/passwords.ts';

type Db = Kysely<Database>;

export async function createUnit(db: Db, name: string, now: Date, id: string = randomUUID()) {
  await db.insertInto('units').values({ id, name, created_at: now }).execute();
  return { id, name };
}

/** By name in Vietnamese order (Đ after D), the same on every database whatever its collation. */
export async function listUnits(db: Db) {
  const units = await db.selectFrom('units').select(['id', 'name']).execute();
  return units.sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.id.localeCompare(b.id));
}

/** A unit's name as two names are compared: without case, surrounding spaces or a difference of Unicode form. */
export const unitKey = (name: string) => name.normalize('NFC').trim().toLowerCase();

/** The unit of this name (unitKey); compared here, not in SQL, whose lower() depends on the database's locale. */
export async function findUnitByName(db: Db, name: string) {
  const key = unitKey(name);
  return (await listUnits(db)).find((u) => unitKey(u.name) === key);
}

export interface NewUser {
  username: string;
  displayName: string;
  unitId: string;
  roles: string[];
  /** give one of the two */
  password?: string;
  passwordHash?: string;
  /** an administrator chose the password: the user changes it at the next sign-in */
  mustChangePassword?: boolean;
  /** already checked (normaliseEmail); null or absent: none */
  email?: string | null;
}

export async function createUser(db: Db, u: NewUser, now: Date): Promise<string> {
  const id = randomUUID();
  const password_hash = u.passwordHash ?? (await hashPassword(u.password ?? ''));
  await db
    .insertInto('users')
    .values({
      id,
      username: u.username,
      display_name: u.displayName,
      unit_id: u.unitId,
      roles: u.roles,
      password_hash,
      must_change_password: u.mustChangePassword ?? false,
      email: u.email ?? null,
      created_at: now,
    })
    .execute();
  return id;
}

function userQuery(db: Db) {
  return db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.unit_id',
      'n.name as unit_name',
      'u.roles',
      'u.password_hash',
      'u.active',
      'u.must_change_password',
      'u.last_sign_in_at',
      'u.created_at',
      'u.email',
    ]);
}

type UserJoined = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

type SessionColumns = Pick<UserJoined, 'id' | 'username' | 'display_name' | 'unit_id' | 'unit_name' | 'roles' | 'must_change_password'>;

export function toSessionUser(r: SessionColumns): SessionUser {
  const user: SessionUser = { id: r.id, username: r.username, displayName: r.display_name, unitId: r.unit_id, unitName: r.unit_name, roles: r.roles };
  if (r.must_change_password) user.mustChangePassword = true;
  return user;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function toAccount(r: UserJoined): Account {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    roles: r.roles,
    active: r.active,
    mustChangePassword: r.must_change_password,
    lastSignInAt: r.last_sign_in_at ? iso(r.last_sign_in_at) : null,
    createdAt: iso(r.created_at),
    email: r.email,
  };
}

export async function findUserByUsername(db: Db, username: string) {
  return userQuery(db).where('u.username', '=', username).executeTakeFirst();
}

export async function getUser(db: Db, id: string): Promise<SessionUser | null> {
  const r = await userQuery(db).where('u.id', '=', id).executeTakeFirst();
  return r ? toSessionUser(r) : null;
}

export async function listAccounts(db: Db): Promise<Account[]> {
  const rows = await userQuery(db).orderBy('u.username').execute();
  return rows.map(toAccount);
}

export async function getAccount(db: Db, id: string): Promise<Account | null> {
  const r = await userQuery(db).where('u.id', '=', id).executeTakeFirst();
  return r ? toAccount(r) : null;
}

/** The user's row as it is now, for the checks of a change (locked until the transaction ends). */
export async function lockUser(tx: Db, id: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'unit_id', 'roles', 'active', 'password_hash', 'email'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Active administrators other than `exceptId`, locked: two admins demoting each other one at a time still leave one. */
export async function otherActiveAdmins(tx: Db, exceptId: string): Promise<number> {
  const rows = await tx
    .selectFrom('users')
    .select('id')
    .where('active', '=', true)
    .where(sql<boolean>`'admin' = ANY (roles)`)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.filter((r) => r.id !== exceptId).length;
}

export async function recordSignIn(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('users').set({ last_sign_in_at: now }).where('id', '=', id).execute();
}

/** Ends every session of a user (deactivated, password reset or changed). */
export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** What a session row is keyed by: the token's hash, never the token. */
export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Db, userId: string, now: Date, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ id: tokenId(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + ttlMs) })
    .execute();
  return token;
}

/** The signed-in user of a session token, sliding its expiry; null when unknown or expired. */
export async function sessionUser(db: Db, token: string, now: Date, ttlMs: number): Promise<SessionUser | null> {
  const id = tokenId(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['s.expires_at', 's.last_seen_at', 'u.id', 'u.username', 'u.display_name', 'u.unit_id', 'n.name as unit_name', 'u.roles', 'u.active', 'u.must_change_password'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.active || new Date(row.expires_at).getTime() <= now.getTime()) return null;
  // Slide the expiry at most once a minute: reads stay reads.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: new Date(now.getTime() + ttlMs) })
      .where('id', '=', id)
      .execute();
  }
  return toSessionUser(row);
}

export interface SessionState {
  userId: string;
  /** false: expired by `now`, or its user deactivated */
  live: boolean;
  roles: string[];
  unitId: string;
}

/** The sessions of these token ids as they stand at `now`, in one statement (an id not in the map has ended). */
export async function sessionStates(db: Db, ids: string[], now: Date): Promise<Map<string, SessionState>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.expires_at', 'u.id as user_id', 'u.active', 'u.roles', 'u.unit_id'])
    .where('s.id', '=', sql<string>`any(${sql.val(ids)}::text[])`)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { userId: r.user_id, live: r.active && new Date(r.expires_at).getTime() > now.getTime(), roles: r.roles, unitId: r.unit_id },
    ]),
  );
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', tokenId(token)).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// Units, users and server-side sessions.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../access.ts';
import { hashPassword } from '../auth/passwords.ts';

type Db = Kysely<Database>;

export async function createUnit(db: Db, name: string, now: Date, id: string = randomUUID()) {
  await db.insertInto('units').values({ id, name, created_at: now }).execute();
  return { id, name };
}

export async function listUnits(db: Db) {
  return db.selectFrom('units').select(['id', 'name']).orderBy('name').execute();
}

export interface NewUser {
  username: string;
  displayName: string;
  unitId: string;
  roles: string[];
  /** give one of the two */
  password?: string;
  passwordHash?: string;
}

export async function createUser(db: Db, u: NewUser, now: Date): Promise<string> {
  const id = randomUUID();
  const password_hash = u.passwordHash ?? (await hashPassword(u.password ?? ''));
  await db
    .insertInto('users')
    .values({ id, username: u.username, display_name: u.displayName, unit_id: u.unitId, roles: u.roles, password_hash, created_at: now })
    .execute();
  return id;
}

function userQuery(db: Db) {
  return db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.unit_id', 'n.name as unit_name', 'u.roles', 'u.password_hash', 'u.active']);
}

type UserJoined = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

export function toSessionUser(r: UserJoined): SessionUser {
  return { id: r.id, username: r.username, displayName: r.display_name, unitId: r.unit_id, unitName: r.unit_name, roles: r.roles };
}

export async function findUserByUsername(db: Db, username: string) {
  return userQuery(db).where('u.username', '=', username).executeTakeFirst();
}

export async function getUser(db: Db, id: string): Promise<SessionUser | null> {
  const r = await userQuery(db).where('u.id', '=', id).executeTakeFirst();
  return r ? toSessionUser(r) : null;
}

export async function listUsers(db: Db): Promise<SessionUser[]> {
  const rows = await userQuery(db).orderBy('u.username').execute();
  return rows.map(toSessionUser);
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
    .select(['s.expires_at', 's.last_seen_at', 'u.id', 'u.username', 'u.display_name', 'u.unit_id', 'n.name as unit_name', 'u.roles', 'u.active'])
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
  return { id: row.id, username: row.username, displayName: row.display_name, unitId: row.unit_id, unitName: row.unit_name, roles: row.roles };
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

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

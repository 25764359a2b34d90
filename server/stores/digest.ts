// The e-mail digest an official may choose: their unread notifications since the last digest.
// The e-mail itself is sent by the automated steps' outbox; this is what it asks.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MySettings, Notification } from '../../schemas/api/types.ts';
import { getUser } from './users.ts';
import { unreadBy, view, visible } from './notifications.ts';

type Db = Kysely<Database>;

export const langOfUser = (lang: string | null): 'vi' | 'en' => (lang === 'en' ? 'en' : 'vi');

export async function getSettings(db: Db, userId: string, maxUploadBytes: number): Promise<MySettings> {
  const r = await db.selectFrom('users').select(['email_digest', 'email', 'lang']).where('id', '=', userId).executeTakeFirstOrThrow();
  return { emailDigest: r.email_digest, email: r.email, lang: langOfUser(r.lang), maxUploadBytes };
}

export async function setEmailDigest(db: Db, userId: string, on: boolean, now: Date): Promise<void> {
  // switching it on starts from now: the first digest does not repeat what the bell already showed for weeks
  await db
    .updateTable('users')
    .set((eb) => ({ email_digest: on, digest_sent_at: on ? eb.fn.coalesce('digest_sent_at', eb.val(now)) : eb.ref('digest_sent_at') }))
    .where('id', '=', userId)
    .execute();
}

/** The official's own e-mail address (already checked; null: none) and the language of their e-mail. */
export async function setContact(db: Db, userId: string, set: { email?: string | null; lang?: 'vi' | 'en' }, now: Date): Promise<void> {
  if (set.email === undefined && set.lang === undefined) return;
  await db.updateTable('users').set({ ...set, ...(set.email ? firstAddress(now) : {}) }).where('id', '=', userId).execute();
}

/**
 * A first address starts the digest from now, as switching it on does: the first mail does not
 * list weeks of notifications from before anyone could send it. (Set with the address, for a
 * row that had none.)
 */
export const firstAddress = (now: Date) => ({
  digest_sent_at: sql<Date>`CASE WHEN email IS NULL AND email_digest THEN ${now}::timestamptz ELSE digest_sent_at END`,
});

/** Active officials who chose the digest. */
export async function digestRecipients(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('email_digest', '=', true).where('active', '=', true).orderBy('id').execute();
  return rows.map((r) => r.id);
}

export interface DigestContent {
  /** where the previous digest stopped (null: none sent yet) */
  since: string | null;
  /** unread, on cases the official may still read, oldest first */
  notifications: Notification[];
}

/**
 * What the next digest of one official holds: the notifications they have not read that came
 * after the last digest. Null when they did not choose a digest (or no longer exist).
 */
export async function unreadSinceLastDigest(db: Db, userId: string, limit = 200, until?: Date): Promise<DigestContent | null> {
  const row = await db.selectFrom('users').select(['email_digest', 'digest_sent_at', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!row || !row.email_digest || !row.active) return null;
  const user = await getUser(db, userId);
  if (!user) return null;
  let q = visible(db, user)
    .where(unreadBy(user.id))
    .select(['n.id', 'n.case_id', 'c.number', 'n.role', 'n.message', 'n.created_at'])
    .orderBy('n.created_at')
    .orderBy('n.id')
    .limit(limit);
  if (row.digest_sent_at) q = q.where('n.created_at', '>', new Date(row.digest_sent_at));
  if (until) q = q.where('n.created_at', '<=', until);
  const rows = await q.execute();
  return {
    since: row.digest_sent_at ? new Date(row.digest_sent_at).toISOString() : null,
    notifications: rows.map((r) => view({ ...r, read: false })),
  };
}

/** The digest up to `until` went out: the next one starts there. */
export async function markDigestSent(db: Db, userId: string, until: Date): Promise<void> {
  await db.updateTable('users').set({ digest_sent_at: until }).where('id', '=', userId).execute();
}

// Notifications: written from the engine's `notify` effects in the event's transaction, read by
// the users who hold the role and may read the case (server/access.ts).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Effect, Text } from '../../engine/index.ts';
import type { Database } from '../db/schema.ts';
import { readableCases, type SessionUser } from '../access.ts';
import type { Notification, NotificationList } from '../../schemas/api/types.ts';

type Db = Kysely<Database>;

/** One row per `notify` effect, in the caller's transaction; their ids go to the ChangeFeed after commit. */
export async function insertNotifications(tx: Db, caseId: string, effects: Effect[], now: Date, actorId: string | null): Promise<string[]> {
  const ids: string[] = [];
  for (const e of effects) {
    if (e.type !== 'notify') continue;
    const id = randomUUID();
    await tx
      .insertInto('notifications')
      .values({ id, case_id: caseId, role: e.role, message: JSON.stringify(e.message), created_at: now, actor_id: actorId })
      .execute();
    ids.push(id);
  }
  return ids;
}

/** Notifications for the user's roles on cases the user may read, but for those the user caused. */
export function visible(db: Db, user: SessionUser) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('cases as c', 'c.id', 'n.case_id')
    .where('n.role', 'in', user.roles.length ? user.roles : [''])
    .where((eb) => eb.or([eb('n.user_id', 'is', null), eb('n.user_id', '=', user.id)]))
    .where((eb) => eb.or([eb('n.actor_id', 'is', null), eb('n.actor_id', '<>', user.id)]))
    .where(readableCases(user));
}

export const unreadBy = (userId: string) =>
  sql<SqlBool>`NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = ${userId})`;

export function view(r: { id: string; case_id: string; number: string; role: string; message: unknown; created_at: Date | string; read: unknown }): Notification {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.number,
    role: r.role,
    message: r.message as Text,
    createdAt: new Date(r.created_at).toISOString(),
    read: r.read === true || r.read === 't',
  };
}

export async function listNotifications(db: Db, user: SessionUser, limit: number): Promise<NotificationList> {
  const rows = await visible(db, user)
    .select(['n.id', 'n.case_id', 'c.number', 'n.role', 'n.message', 'n.created_at'])
    .select(sql<boolean>`NOT ${unreadBy(user.id)}`.as('read'))
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
  const count = await visible(db, user).where(unreadBy(user.id)).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { notifications: rows.map(view), unread: Number(count.n) };
}

/** Marks these (or all) of the user's visible notifications read; already read ones keep their time. */
export async function markRead(db: Db, user: SessionUser, ids: string[] | undefined, now: Date): Promise<void> {
  if (ids && ids.length === 0) return;
  let q = visible(db, user).where(unreadBy(user.id));
  if (ids) q = q.where('n.id', 'in', ids);
  await db
    .insertInto('notification_reads')
    .columns(['notification_id', 'user_id', 'read_at'])
    .expression(q.select(['n.id', sql<string>`${user.id}::text`.as('user_id'), sql`${now}::timestamptz`.as('read_at')]) as never)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** One notification with its case's scope, for the live push (unread: it was just written). */
export async function loadNotification(db: Db, id: string) {
  const r = await db
    .selectFrom('notifications as n')
    .innerJoin('cases as c', 'c.id', 'n.case_id')
    .select(['n.id', 'n.case_id', 'c.number', 'n.role', 'n.message', 'n.created_at', 'n.user_id', 'n.actor_id', 'c.unit_id', 'c.assignee_user_id', 'c.assignee_unit_id'])
    .where('n.id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  return {
    scope: { unit_id: r.unit_id, assignee_user_id: r.assignee_user_id, assignee_unit_id: r.assignee_unit_id },
    userId: r.user_id,
    actorId: r.actor_id,
    notification: view({ ...r, read: false }),
  };
}

// Owners of cases: an official takes a case waiting on a role they hold, an official of a role
// the procedure lets assign (a lead: `roles[].assigns`) hands it to a named official of the role
// it waits on, and the holder (or that lead) releases it. Each change is an entry of the case's
// log (`quytrinh.assignee`, replayed by the engine), an audit row and a new version of the case;
// a case handed to someone else brings them a notification, live in their bell.
import { randomUUID } from 'node:crypto';
import { ASSIGNEE_EVENT, availableActions, rolesHandedBy, withHolder, type CaseState, type Procedure } from '../../engine/index.ts';
import { canReadCase, type SessionUser } from '../access.ts';
import type { AssigneeBody, HolderCandidates } from '../../schemas/api/types.ts';
import { caseColumns, caseView, loadCase, type CaseRowJoined, type CaseView } from '../stores/cases.ts';
import { appendAudit } from '../stores/audit.ts';
import { qtError } from '../errors.ts';
import { appendEvent } from './write-event.ts';
import type { FlowContext } from './flow.ts';

type Db = FlowContext['db'];

interface Official extends SessionUser {
  active: boolean;
}

async function official(db: Db, id: string): Promise<Official | null> {
  const r = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.unit_id', 'n.name as unit_name', 'u.roles', 'u.active'])
    .where('u.id', '=', id)
    .executeTakeFirst();
  return r ? { id: r.id, username: r.username, displayName: r.display_name, unitId: r.unit_id, unitName: r.unit_name, roles: r.roles, active: r.active } : null;
}

const holds = (user: { roles: readonly string[] }, row: CaseRowJoined) => user.roles.some((r) => row.work_roles.includes(r));
const mayHand = (procedure: Procedure, user: SessionUser, row: CaseRowJoined) => {
  const handed = rolesHandedBy(procedure.roles, user.roles);
  return row.work_roles.some((r) => handed.has(r));
};

/** Whether `to` may hold the case: active, of a role it waits on, able to read it already. */
const mayHold = (to: Official | null, row: CaseRowJoined): to is Official => !!to && to.active && holds(to, row) && canReadCase(to, row);

/** The officials this user may hand the case to, and whether they may take it themselves. */
export async function holderCandidates(ctx: FlowContext, user: SessionUser, id: string): Promise<HolderCandidates> {
  const row = await loadCase(ctx.db, id);
  if (!row || !canReadCase(user, row)) throw qtError('QT_NOT_FOUND');
  const version = await ctx.procedures.get(ctx.db, row.procedure_key, row.procedure_version);
  if (!version) throw qtError('QT_INTERNAL');
  const active = row.status === 'active';
  if (!active || !mayHand(version.procedure, user, row)) return { mayTake: active && holds(user, row), officials: [] };
  const rows = await ctx.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.unit_id', 'n.name as unit_name', 'u.roles', 'u.active'])
    .where('u.active', '=', true)
    .orderBy('u.display_name')
    .execute();
  const officials = rows
    .map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, unitId: r.unit_id, unitName: r.unit_name, roles: r.roles, active: r.active }))
    .filter((o) => mayHold(o, row))
    .map((o) => ({ id: o.id, displayName: o.displayName, roles: o.roles.filter((r) => row.work_roles.includes(r)) }));
  return { mayTake: holds(user, row), officials };
}

/** Takes, hands on or releases the case; answers the case as GET /api/cases/:id does. */
export async function setHolder(ctx: FlowContext, user: SessionUser, id: string, body: AssigneeBody, now: Date): Promise<CaseView> {
  const done = await ctx.db.transaction().execute(async (tx) => {
    const row = await loadCase(tx, id, true);
    if (!row || !canReadCase(user, row)) throw qtError('QT_NOT_FOUND');
    if (row.status !== 'active') throw qtError('QT_CASE_CLOSED');
    if (row.version !== body.expectedVersion) {
      throw qtError('QT_CASE_VERSION_CONFLICT', { details: [{ expectedVersion: body.expectedVersion, currentVersion: row.version }] });
    }
    const version = await ctx.procedures.get(tx, row.procedure_key, row.procedure_version);
    if (!version) throw qtError('QT_INTERNAL');
    const procedure = version.procedure;
    const current = row.assignee_user_id;
    const lead = mayHand(procedure, user, row);
    let to: Official | null = null;
    if (body.userId === null) {
      if (current !== user.id && !lead) throw qtError('QT_ASSIGNEE_NOT_ALLOWED');
    } else if (body.userId === user.id) {
      // taking: a case of one's role, not held by someone else (unless one may hand it anyway)
      if (!holds(user, row) || (current && current !== user.id && !lead)) throw qtError('QT_ASSIGNEE_NOT_ALLOWED');
      to = { ...user, active: true };
    } else {
      if (!lead) throw qtError('QT_ASSIGNEE_NOT_ALLOWED');
      to = await official(tx, body.userId);
      if (!mayHold(to, row)) throw qtError('QT_ASSIGNEE_INVALID', { details: [{ field: 'body/userId', message: 'not an official the case may be handed to' }] });
    }
    const state = row.snapshot as CaseState;
    if ((to?.id ?? null) === current) return { row, procedure, state, notified: null };

    const holder = to ? { userId: to.id, displayName: to.displayName, heldAt: row.state } : null;
    const next = withHolder(state, holder);
    const { columns } = caseColumns(procedure, next);
    const nextVersion = row.version + 1;
    const actor = { id: user.id, roles: user.roles, unitId: user.unitId };
    const seq = await appendEvent(tx, {
      case_id: row.id, case_seq: nextVersion, type: ASSIGNEE_EVENT,
      data: JSON.stringify({ userId: holder?.userId ?? null, displayName: holder?.displayName ?? null, heldAt: holder?.heldAt ?? null, previous: current }),
      actor_id: user.id, actor: JSON.stringify(actor), at: now, from_state: row.state, to_state: row.state,
    });
    // the search document is unchanged: the case's data is
    await tx
      .updateTable('cases')
      .set({ assignee: columns.assignee, assignee_user_id: columns.assignee_user_id, assignee_unit_id: columns.assignee_unit_id, snapshot: columns.snapshot, updated_at: now, version: nextVersion, last_seq: seq })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .execute();
    await appendAudit(tx, {
      at: now,
      actorId: user.id,
      action: 'case.assignee',
      caseId: row.id,
      detail: { from: current, to: to?.id ?? null, state: row.state, version: nextVersion },
    });
    let notified: string | null = null;
    if (to && to.id !== user.id) {
      notified = randomUUID();
      const role = to.roles.find((r) => row.work_roles.includes(r))!;
      const message = {
        vi: `${user.displayName} đã giao hồ sơ ${row.number} cho bạn.`,
        en: `${user.displayName} handed case ${row.number} to you.`,
      };
      await tx
        .insertInto('notifications')
        .values({ id: notified, case_id: row.id, role, message: JSON.stringify(message), created_at: now, user_id: to.id, actor_id: user.id })
        .execute();
    }
    const after = await loadCase(tx, row.id);
    return { row: after!, procedure, state: next, notified };
  });
  if (done.row.version !== body.expectedVersion) {
    ctx.chainer?.kick();
    ctx.cases?.delete(id);
    ctx.feed?.cases([id]);
    if (done.notified) ctx.feed?.notifications([done.notified]);
  }
  return {
    ...caseView(done.row, done.procedure),
    actions: availableActions(done.procedure, done.state, { id: user.id, roles: user.roles, unitId: user.unitId }),
  };
}

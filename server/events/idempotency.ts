// A repeated request (same Idempotency-Key on the same case) gets the answer its first sending
// got. The answer is not stored with the event: it is rebuilt when asked for, by replaying the
// case's events up to that one through the engine (DESIGN.md: a case's state can always be
// rebuilt from its events). Storing it cost every event a copy of the whole case — its comment
// thread included, so a case's stored answers grew with the square of its length — for the rare
// retry. Events written before this kept their stored answer, which is still used.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { availableActions, MIGRATED_EVENT, replay, SYSTEM_ACTOR, type Actor, type CaseEvent, type Procedure } from '../../engine/index.ts';
import type { Database } from '../db/schema.ts';
import { qtError, type QtError } from '../errors.ts';
import { canonicalJson } from '../stores/audit.ts';
import { caseValues, caseView, loadCase, type CaseView } from '../stores/cases.ts';
import type { ProcedureCache } from '../stores/procedures.ts';

type Db = Kysely<Database>;

/** What identifies a request under its key: the event and the version it expected. */
export function requestHash(event: CaseEvent, expectedVersion: number | undefined): string {
  return createHash('sha256').update(canonicalJson({ type: event.type, data: event.data ?? {}, expectedVersion: expectedVersion ?? null })).digest('hex');
}

export interface KeyedRequest {
  caseId: string;
  /** who sends it: a key is its sender's, another user's request under it is refused */
  acting: { user: { id: string } } | { system: true };
  event: CaseEvent;
  expectedVersion?: number;
  idempotencyKey?: string;
}

export type PriorAnswer = { ok: true; case: CaseView; replayed: true } | { ok: false; error: QtError };

/** The answer given the first time this Idempotency-Key was used on the case, if it was. */
export async function priorAnswer(db: Db, procedures: ProcedureCache, req: KeyedRequest): Promise<PriorAnswer | null> {
  if (!req.idempotencyKey) return null;
  const prior = await db
    .selectFrom('case_events')
    .select(['request_hash', 'response', 'case_seq', 'actor_id'])
    .where('case_id', '=', req.caseId)
    .where('idempotency_key', '=', req.idempotencyKey)
    .executeTakeFirst();
  if (!prior) return null;
  // Another user's key is not theirs to replay: its answer shows the first sender's actions.
  const sender = 'user' in req.acting ? req.acting.user.id : SYSTEM_ACTOR.id;
  if (prior.actor_id !== sender || prior.request_hash !== requestHash(req.event, req.expectedVersion)) {
    return { ok: false, error: qtError('QT_IDEMPOTENCY_KEY_REUSED') };
  }
  const view = (prior.response as CaseView | null) ?? (await answerAt(db, procedures, req.caseId, prior.case_seq));
  return { ok: true, case: view, replayed: true };
}

/**
 * The case as the answer to its event number `caseSeq` showed it: its events up to that one
 * replayed, on the procedure version(s) it was on, with the actions open then to that event's
 * actor. Names (unit, opener) are today's.
 */
export async function answerAt(db: Db, procedures: ProcedureCache, caseId: string, caseSeq: number): Promise<CaseView> {
  const row = await loadCase(db, caseId);
  if (!row) throw qtError('QT_NOT_FOUND');
  const log = await db
    .selectFrom('case_events')
    .select(['case_seq', 'type', 'data', 'actor', 'at'])
    .where('case_id', '=', caseId)
    .where((e) => e.or([e('case_seq', '<=', caseSeq), e('type', '=', MIGRATED_EVENT)]))
    .orderBy('case_seq')
    .execute();
  // the version it was opened on is the first migration's "from" (or today's, if never migrated)
  const moves = log.filter((e) => e.type === MIGRATED_EVENT).map((e) => ({ seq: e.case_seq, ...(e.data as { fromVersion: number; toVersion: number }) }));
  const first = moves[0]?.fromVersion ?? row.procedure_version;
  const versions: Record<number, Procedure> = {};
  for (const v of [first, ...moves.map((m) => m.toVersion)]) {
    const found = await procedures.get(db, row.procedure_key, v);
    if (!found) throw qtError('QT_INTERNAL');
    versions[v] = found.procedure;
  }
  const upTo = log.filter((e) => e.case_seq <= caseSeq);
  const entries = upTo.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, actor: e.actor as Actor, at: new Date(e.at).toISOString() }));
  const state = replay(versions[first]!, entries, { versions });
  const version = moves.filter((m) => m.seq <= caseSeq).at(-1)?.toVersion ?? first;
  const procedure = versions[version]!;
  const last = entries.at(-1)!;
  const at: CaseView = caseView(
    { ...row, ...caseValues(procedure, state).values, procedure_version: version, updated_at: new Date(last.at), version: caseSeq },
    procedure,
  );
  return { ...at, actions: availableActions(procedure, state, last.actor) };
}

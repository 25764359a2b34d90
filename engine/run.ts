// Running a case: open it, apply an event, list what a user may do. Built on XState's pure
// initialTransition/transition (step.ts): nothing runs here, the caller carries out the effects.
import { getNextTransitions } from 'xstate';
import type { AnyMachineSnapshot } from 'xstate';
import { initialTransition, persist, restore, transition } from './step.ts';
import { CANCEL_INVOKE_ACTION, compile, INVOKE_ACTION, type Compiled, type OpenInput } from './compile.ts';
import { fillTemplate } from './template.ts';
import { deadlinesAt } from './deadlines.ts';
import { validateFormData } from './forms.ts';
import { describeGuard, evaluateGuard, guardNames } from './guards.ts';
import { actionRegistry, lookup, type MachineEvent } from './registry.ts';
import { activePaths, leafPaths, SERVICE_DONE_PREFIX, stateConfigAt, transitionsAt } from './paths.ts';
import { withHolder, type Holder } from './holder.ts';
import { inboxNotifications } from './inbox-notify.ts';
import { migrateCase, type StateMapping } from './migrate.ts';
import { OVERDUE_OUTCOME, enteredOutcomes, inOverdueState, orderOutcomes, outcomeList } from './outcomes.ts';
import {
  CaseStatus,
  MIGRATED_EVENT,
  ASSIGNEE_EVENT,
  OPEN_EVENT,
  RejectionCode,
  SLA_EVENT,
  type Actor,
  type AvailableAction,
  type CaseContext,
  type CaseEvent,
  type CaseState,
  type Effect,
  type Form,
  type Procedure,
  type Rejection,
  type StepResult,
  type Text,
  type TransitionConfig,
} from './types.ts';

export interface LogEntry {
  type: string;
  data?: Record<string, unknown>;
  actor: Actor;
  at: string;
}

const rejection = (code: Rejection['code'], message: Text, details: Rejection['details'] = []): StepResult => ({
  ok: false,
  rejection: { code, message, details },
});

function isSystemEvent(type: string): boolean {
  return type.startsWith('xstate.') || type.startsWith('quytrinh.');
}

/** Turns XState's returned actions into effects, plus deadlines for states entered and left. */
function effectsOf(
  compiled: Compiled,
  actions: { type: string; params?: unknown }[],
  before: CaseContext | null,
  next: CaseState,
  now: Date,
): { effects: Effect[]; context: CaseContext } {
  const effects: Effect[] = [];
  for (const action of actions) {
    const params = (action.params ?? {}) as Record<string, unknown>;
    if (action.type === 'xstate.raise' && typeof params.delay === 'number') {
      effects.push({
        type: 'timer.set',
        id: String(params.id),
        event: params.event as CaseEvent,
        dueAt: new Date(now.getTime() + params.delay).toISOString(),
      });
    } else if (action.type === 'xstate.cancel') {
      effects.push({ type: 'timer.cancel', id: String(params.sendId) });
    } else if (action.type === INVOKE_ACTION) {
      effects.push({
        type: 'service.call',
        id: String(params.id),
        service: String(params.src),
        input: fillTemplate((params.input ?? {}) as Record<string, unknown>, { data: next.context.data }),
        handlesError: params.handlesError === true,
      });
    } else if (action.type === CANCEL_INVOKE_ACTION) {
      effects.push({ type: 'service.cancel', id: String(params.id) });
    } else {
      const def = lookup(actionRegistry, action.type);
      if (def?.kind === 'effect') effects.push(def.effect({ context: next.context, event: { type: '' } }, params));
    }
  }

  const paths = next.status === CaseStatus.Active ? activePaths(next.value) : [];
  const sla = deadlinesAt(compiled.procedure.machine, paths, next.context.deadlines, now, next.context.data);
  effects.push(...sla.effects);
  const context: CaseContext = { ...next.context, deadlines: sla.deadlines };

  if (before && JSON.stringify(before.assignee) !== JSON.stringify(context.assignee) && context.assignee) {
    effects.push({ type: 'assign', assignee: context.assignee });
  }
  // A cancelled timer that was also set in the same step is re-armed: keep only the last word.
  return { effects: dedupeTimers(effects), context };
}

function dedupeTimers(effects: Effect[]): Effect[] {
  const last = new Map<string, number>();
  effects.forEach((e, i) => {
    if (e.type === 'timer.set' || e.type === 'timer.cancel') last.set(e.id, i);
  });
  return effects.filter((e, i) => (e.type === 'timer.set' || e.type === 'timer.cancel' ? last.get(e.id) === i : true));
}

/** Opens a case with the start form's data. */
export function startCase(procedure: Procedure, input: Record<string, unknown>, actor: Actor, now: Date): StepResult {
  const compiled = compile(procedure);
  if (!actor.roles.some((r) => procedure.start.roles.includes(r))) {
    return rejection(RejectionCode.RoleNotAllowed, {
      vi: `Chỉ ${procedure.start.roles.join(', ')} được mở hồ sơ theo quy trình này.`,
      en: `Only ${procedure.start.roles.join(', ')} may open a case of this procedure.`,
    });
  }
  const fieldErrors = validateFormData(procedure.start.form, input);
  if (fieldErrors.length) return formRejection(fieldErrors);

  const at = now.toISOString();
  const openInput: OpenInput = { data: input, actorId: actor.id, at };
  const [snapshot, actions] = initialTransition(compiled.machine, openInput);
  const next = persist(snapshot as AnyMachineSnapshot);
  const { effects, context } = effectsOf(compiled, actions as never, null, next, now);
  const state = { ...next, context };
  const declared = [...outcomeList(procedure.start.outcome), ...enteredOutcomes(procedure.machine, null, next.value)];
  effects.push(...inboxNotifications(procedure, null, state, effects));
  return { ok: true, state, effects, outcomes: outcomesOf(procedure, null, state, declared) };
}

/** A step's outcomes: those declared, and overdue when the step made the case overdue. */
function outcomesOf(procedure: Procedure, before: CaseState | null, after: CaseState, declared: string[]): string[] {
  const overdue = (s: CaseState | null) => !!s && s.status === CaseStatus.Active && isOverdue(procedure, s);
  return orderOutcomes([...declared, ...(overdue(after) && !overdue(before) ? [OVERDUE_OUTCOME] : [])]);
}

/** The one meaning of overdue: a deadline of the case passed, or it is in a state tagged overdue. */
export function isOverdue(procedure: Procedure, state: CaseState): boolean {
  return inOverdueState(procedure.machine, state.value) || Object.values(state.context.deadlines ?? {}).some((d) => d.overdueAt);
}

function formRejection(details: Rejection['details']): StepResult {
  return rejection(
    RejectionCode.FormInvalid,
    {
      vi: `Biểu mẫu chưa hợp lệ: ${details.map((d) => d.field).join(', ')}. Hãy sửa các trường được đánh dấu rồi gửi lại.`,
      en: `The form is not valid: ${details.map((d) => d.field).join(', ')}. Correct the marked fields and send it again.`,
    },
    details,
  );
}

interface Candidate {
  json: TransitionConfig;
  sourcePath: string;
}

type NextTransitions = ReturnType<typeof getNextTransitions>;

/**
 * The transitions out of a state value (all of them, guards not yet asked): they depend only on
 * the active states, so each value's list is worked out once per machine. availableActions
 * then needs no XState snapshot at all — guards are judged on the JSON.
 */
const nextByValue = new WeakMap<Compiled, Map<string, NextTransitions>>();
function nextTransitions(compiled: Compiled, state: CaseState, snapshot?: AnyMachineSnapshot): NextTransitions {
  let byValue = nextByValue.get(compiled);
  if (!byValue) nextByValue.set(compiled, (byValue = new Map()));
  const key = typeof state.value === 'string' ? state.value : JSON.stringify(state.value);
  let next = byValue.get(key);
  if (!next) byValue.set(key, (next = getNextTransitions(snapshot ?? restore(compiled, state))));
  return next;
}

/** The JSON transitions that could answer this event in the current state, innermost first. */
function findCandidates(compiled: Compiled, next: NextTransitions, type: string): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const t of next) {
    if (t.eventType !== type) continue;
    const sourcePath = t.source.path.join('.');
    if (seen.has(sourcePath)) continue;
    seen.add(sourcePath);
    for (const json of transitionsAt(compiled.procedure.machine, sourcePath, type)) out.push({ json, sourcePath });
  }
  return out;
}

function metaOf(cands: Candidate[]) {
  const withMeta = cands.find((c) => c.json.meta);
  // frozen: the result is kept and shared (candidates, below)
  const roles: readonly string[] = Object.freeze([...new Set(cands.flatMap((c) => c.json.meta?.roles ?? []))]);
  return { label: withMeta?.json.meta?.label, form: cands.find((c) => c.json.meta?.form)?.json.meta?.form ?? null, roles };
}
type Meta = ReturnType<typeof metaOf>;

/**
 * The candidates of an event type and what their meta says, worked out once per state value
 * and type (like the transitions they come from): at every event and every list of actions.
 * Callers only read them.
 */
const byTransitions = new WeakMap<NextTransitions, Map<string, { cands: Candidate[]; meta: Meta }>>();
function candidates(compiled: Compiled, next: NextTransitions, type: string): { cands: Candidate[]; meta: Meta } {
  let byType = byTransitions.get(next);
  if (!byType) byTransitions.set(next, (byType = new Map()));
  let hit = byType.get(type);
  if (!hit) {
    const cands = findCandidates(compiled, next, type);
    byType.set(type, (hit = { cands, meta: metaOf(cands) }));
  }
  return hit;
}

/** Applies one event to a case: the next state and the effects, or a coded rejection. */
export function applyEvent(
  procedure: Procedure,
  state: CaseState,
  event: CaseEvent,
  actor: Actor,
  now: Date,
): StepResult {
  const compiled = compile(procedure);
  if (state.status !== CaseStatus.Active) {
    return rejection(RejectionCode.CaseClosed, {
      vi: 'Hồ sơ đã kết thúc, không thể thực hiện thêm thao tác.',
      en: 'The case is closed; no further action can be taken.',
    });
  }
  const at = now.toISOString();
  if (event.type === SLA_EVENT) return slaExpired(procedure, state, event, actor, at);

  const snapshot = restore(compiled, state);
  const { cands, meta } = candidates(compiled, nextTransitions(compiled, state, snapshot), event.type);
  const system = actor.roles.includes('system');
  if (cands.length === 0 && !(system && event.type.startsWith('xstate.after.'))) {
    return rejection(RejectionCode.EventNotAvailable, {
      vi: `Thao tác "${event.type}" không có ở bước hiện tại của hồ sơ. Hãy tải lại hồ sơ để xem các thao tác có thể làm.`,
      en: `Action "${event.type}" is not available in the case's current step. Reload the case to see what can be done.`,
    });
  }
  if (event.type.startsWith('xstate.after.') && !system) {
    return rejection(RejectionCode.EventNotAvailable, {
      vi: 'Chỉ hệ thống được kích hoạt hẹn giờ.',
      en: 'Only the system fires timers.',
    });
  }
  if (!system) {
    if (isSystemEvent(event.type) || !actor.roles.some((r) => meta.roles.includes(r))) {
      return rejection(RejectionCode.RoleNotAllowed, {
        vi: `Vai trò của bạn không được thực hiện thao tác này. Vai trò được phép: ${meta.roles.join(', ') || '—'}.`,
        en: `Your role may not take this action. Roles allowed: ${meta.roles.join(', ') || '—'}.`,
      });
    }
    if (meta.form) {
      const errors = validateFormData(meta.form, event.data ?? {});
      if (errors.length) return formRejection(errors);
    }
  }

  const machineEvent: MachineEvent = { type: event.type, data: event.data ?? {}, actor, at };
  // the transitions XState takes (what snapshot.can asks): their meta declares the outcomes
  const taken = (compiled.machine.getTransitionData(snapshot as never, machineEvent as never) ?? []) as unknown as { target?: unknown; actions: readonly unknown[]; meta?: { outcome?: unknown } }[];
  // an automated step's result is recorded even where its onDone moves nothing
  if (!taken.some((t) => t.target !== undefined || t.actions.length) && !(system && event.type.startsWith(SERVICE_DONE_PREFIX))) {
    const labels = guardLabels(cands, procedure);
    return rejection(RejectionCode.GuardRefused, {
      vi: `Chưa đủ điều kiện để thực hiện: ${labels.map((l) => l.vi).join('; ') || event.type}.`,
      en: `The conditions for this action are not met: ${labels.map((l) => l.en).join('; ') || event.type}.`,
    });
  }

  const [nextSnapshot, actions] = transition(compiled.machine, snapshot, machineEvent as never);
  const next = persist(nextSnapshot as AnyMachineSnapshot);
  if (!system) next.context = { ...next.context, steps: { ...next.context.steps, [event.type]: { by: actor.id, at } } };
  const { effects, context } = effectsOf(compiled, actions as never, state.context, next, now);
  const after = { ...next, context };
  effects.push(...inboxNotifications(procedure, state, after, effects));
  const declared = [...taken.flatMap((t) => outcomeList(t.meta?.outcome)), ...enteredOutcomes(procedure.machine, state.value, next.value)];
  return { ok: true, state: after, effects, outcomes: outcomesOf(procedure, state, after, declared) };
}

function guardLabels(cands: Candidate[], procedure: Procedure): Text[] {
  const out: Text[] = [];
  for (const c of cands) {
    if (c.json.guard) out.push(describeGuard(c.json.guard, guardNames(procedure, c.json.meta?.form)));
  }
  return out;
}

function slaExpired(procedure: Procedure, state: CaseState, event: CaseEvent, actor: Actor, at: string): StepResult {
  const path = String(event.data?.state ?? '');
  const deadline = state.context.deadlines[path];
  if (!actor.roles.includes('system') || !deadline || deadline.overdueAt || deadline.dueAt !== event.data?.dueAt) {
    return rejection(RejectionCode.EventNotAvailable, {
      vi: 'Hạn xử lý này không còn áp dụng cho hồ sơ.',
      en: 'This deadline no longer applies to the case.',
    });
  }
  const deadlines = { ...state.context.deadlines, [path]: { ...deadline, overdueAt: at } };
  const after = { ...state, context: { ...state.context, deadlines } };
  return { ok: true, state: after, effects: [], outcomes: outcomesOf(procedure, state, after, []) };
}

/** The form an event of `type` fills in the case's current state (null: none, or no such action now). */
export function eventForm(procedure: Procedure, state: CaseState, type: string): Form | null {
  if (state.status !== CaseStatus.Active) return null;
  const compiled = compile(procedure);
  return candidates(compiled, nextTransitions(compiled, state), type).meta.form;
}

/** What this user can do now, each with its label and form. */
export function availableActions(procedure: Procedure, state: CaseState, user: Actor): AvailableAction[] {
  if (state.status !== CaseStatus.Active) return [];
  const compiled = compile(procedure);
  const next = nextTransitions(compiled, state);
  const types = [...new Set(next.map((t) => t.eventType))].filter((t) => !isSystemEvent(t));
  const paths = activePaths(state.value);
  const out: AvailableAction[] = [];
  for (const type of types) {
    const { cands, meta } = candidates(compiled, next, type);
    if (!user.roles.some((r) => meta.roles.includes(r))) continue;
    const args = { context: state.context, event: { type, data: {}, actor: user } };
    const possible = cands.some(
      (c) => !c.json.guard || evaluateGuard(c.json.guard, args, paths, procedure.machine.id) !== false,
    );
    if (!possible) continue;
    const outcomes = orderOutcomes(cands.flatMap((c) => outcomeList(c.json.meta?.outcome)));
    const stays = cands.every((c) => c.json.target === undefined);
    out.push({ type, label: meta.label ?? { vi: type, en: type }, roles: meta.roles, form: meta.form, ...(outcomes.length ? { outcomes } : {}), ...(stays ? { stays } : {}) });
  }
  return out;
}

export interface ReplayOptions {
  /**
   * The procedure's published versions by number, for logs with a `quytrinh.migrated` entry:
   * the entries before it replay on the version the case was on, the ones after on
   * `versions[toVersion]`.
   */
  versions?: Record<number, Procedure>;
}

/** Rebuilds a case from its log; throws if the log does not fit the procedure. */
export function replay(procedure: Procedure, log: LogEntry[], options: ReplayOptions = {}): CaseState {
  const [first, ...rest] = log;
  if (!first || first.type !== OPEN_EVENT) throw new Error('A case log starts with its OPEN entry.');
  let current = procedure;
  let result = startCase(current, first.data ?? {}, first.actor, new Date(first.at));
  for (const entry of rest) {
    if (!result.ok) break;
    if (entry.type === MIGRATED_EVENT) {
      const { toVersion, mapping } = (entry.data ?? {}) as { toVersion?: number; mapping?: StateMapping };
      const to = toVersion === undefined ? undefined : options.versions?.[toVersion];
      if (!to) throw new Error(`Replay needs version ${String(toVersion)} of the procedure (options.versions) for a migrated case.`);
      const migrated = migrateCase(current, to, result.state, mapping ?? {}, new Date(entry.at));
      if (!migrated.ok) throw new Error(`Replay could not migrate the case: ${migrated.problems.map((p) => p.message.en).join('; ')}`);
      current = to;
      result = { ok: true, state: migrated.state, effects: migrated.effects, outcomes: [] };
      continue;
    }
    if (entry.type === ASSIGNEE_EVENT) {
      const h = (entry.data ?? {}) as Partial<Holder>;
      const holder = h.userId ? { userId: h.userId, displayName: h.displayName ?? '', heldAt: h.heldAt ?? '' } : null;
      result = { ok: true, state: withHolder(result.state, holder), effects: [], outcomes: [] };
      continue;
    }
    result = applyEvent(current, result.state, { type: entry.type, data: entry.data }, entry.actor, new Date(entry.at));
  }
  if (!result.ok) throw new Error(`Replay refused an event: ${result.rejection.code} ${result.rejection.message.en}`);
  return result.state;
}

export interface CaseSummary {
  state: string;
  paths: string[];
  title: Text;
  status: CaseState['status'];
  dueAt: string | null;
  overdue: boolean;
}

/** What lists and indexes need of a case: its state, title and nearest deadline. */
export function summarize(procedure: Procedure, state: CaseState): CaseSummary {
  const paths = leafPaths(state.value).sort();
  const titles = paths.map((p) => stateConfigAt(procedure.machine, p)?.meta?.title ?? { vi: p, en: p });
  const deadlines = Object.values(state.context.deadlines ?? {});
  const dueAt = deadlines.map((d) => d.dueAt).sort()[0] ?? null;
  return {
    state: paths.join(','),
    paths,
    title: { vi: titles.map((t) => t.vi).join(' · '), en: titles.map((t) => t.en).join(' · ') },
    status: state.status,
    dueAt,
    overdue: isOverdue(procedure, state),
  };
}

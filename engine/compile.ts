// Binds a procedure's JSON machine to code, once for every use: compile() runs
// setup(xstateBindings(p)).createMachine(exportMachine(p)), and plain XState gets the same two.
import { and, assign, not, or, setup, stateIn } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { actionRegistry, delayRegistry, guardRegistry, type GuardArgs, type MachineEvent } from './registry.ts';
import { durationMs, parseDuration } from './duration.ts';
import { delayField, fieldDue } from './deadline-field.ts';
import { invokesWithIds, SERVICE_DONE_PREFIX, SERVICE_ERROR_PREFIX } from './paths.ts';
import { OPEN_EVENT, type CaseContext, type Procedure, type Ref, type StateConfig } from './types.ts';

export interface Compiled {
  procedure: Procedure;
  machine: AnyStateMachine;
}

const cache = new WeakMap<Procedure, Compiled>();

/** Time of the event that caused a transition; the initial event carries it in its input. */
function eventTime(event: MachineEvent & { input?: { at?: string } }): Date {
  return new Date(event.at ?? event.input?.at ?? 0);
}

/** Resolves an `inState` reference to the form XState's stateIn takes. */
export function stateRef(machineId: string, state: string): string {
  return state.startsWith('#') ? state : `#${machineId}.${state}`;
}

type XGuard = unknown;

/** Turns a JSON guard into what XState's setup() understands. */
function toXGuard(machineId: string, ref: Ref): XGuard {
  if (typeof ref === 'string') return ref;
  const params = ref.params ?? {};
  switch (ref.type) {
    case 'and':
      return and((params.guards as Ref[]).map((g) => toXGuard(machineId, g)) as never);
    case 'or':
      return or((params.guards as Ref[]).map((g) => toXGuard(machineId, g)) as never);
    case 'not':
      return not(toXGuard(machineId, params.guard as Ref) as never);
    case 'inState':
      return stateIn(stateRef(machineId, String(params.state)));
    default:
      return ref;
  }
}

function mapTransitions(machineId: string, value: unknown): unknown {
  const one = (t: unknown) => {
    if (t && typeof t === 'object' && 'guard' in t && (t as { guard?: Ref }).guard !== undefined) {
      return { ...(t as object), guard: toXGuard(machineId, (t as { guard: Ref }).guard) };
    }
    return t;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** The actions that stand for an automated step: entering its state calls it, leaving cancels it. */
export const INVOKE_ACTION = 'quytrinh.invoke';
export const CANCEL_INVOKE_ACTION = 'quytrinh.invoke.cancel';

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function mapState(machineId: string, state: StateConfig, path = ''): StateConfig {
  const out: Record<string, unknown> = { ...state };
  // XState would run the service itself: instead entering the state asks the server for it (an
  // entry action the engine turns into an effect) and its result comes back as an event of the case.
  delete out.invoke;
  const invokes = invokesWithIds(path, state);
  const on: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state.on ?? {})) on[k] = mapTransitions(machineId, v);
  for (const { id, invoke } of invokes) {
    // with no onDone the result is still recorded: the case stays where it is
    on[SERVICE_DONE_PREFIX + id] = mapTransitions(machineId, invoke.onDone ?? {});
    if (invoke.onError !== undefined) on[SERVICE_ERROR_PREFIX + id] = mapTransitions(machineId, invoke.onError);
  }
  if (state.on || invokes.length) out.on = on;
  if (invokes.length) {
    const calls = invokes.map(({ id, invoke }) => ({
      type: INVOKE_ACTION,
      params: { id, src: String(invoke.src), input: invoke.input ?? {}, handlesError: invoke.onError !== undefined },
    }));
    out.entry = [...asList(state.entry), ...calls];
    out.exit = [...invokes.map(({ id }) => ({ type: CANCEL_INVOKE_ACTION, params: { id } })), ...asList(state.exit)];
  }
  if (state.after) out.after = Object.fromEntries(Object.entries(state.after).map(([k, v]) => [k, mapTransitions(machineId, v)]));
  for (const key of ['always', 'onDone'] as const) {
    if (state[key] !== undefined) out[key] = mapTransitions(machineId, state[key]);
  }
  if (state.states) {
    out.states = Object.fromEntries(Object.entries(state.states).map(([k, s]) => [k, mapState(machineId, s, path ? `${path}.${k}` : k)]));
  }
  return out as StateConfig;
}

/** Every delay key used in `after` anywhere in the machine. */
function collectDelays(state: StateConfig, into: Set<string>): Set<string> {
  for (const key of Object.keys(state.after ?? {})) into.add(key);
  for (const child of Object.values(state.states ?? {})) collectDelays(child, into);
  return into;
}

export interface OpenInput {
  data: Record<string, unknown>;
  actorId: string;
  at: string;
}

/**
 * The implementations for XState's setup(): the registry's guards and actions, and every delay the
 * machine names, counted from the event's `at` (the opening's from its input).
 */
export function xstateBindings(procedure: Procedure) {
  const guards = Object.fromEntries(
    Object.entries(guardRegistry).map(([name, def]) => [
      name,
      (args: GuardArgs, params: Record<string, unknown>) => def.test(args, params ?? {}),
    ]),
  );
  const actions = Object.fromEntries(
    Object.entries(actionRegistry).map(([name, def]) => [
      name,
      def.kind === 'assign'
        ? assign((args: GuardArgs, params: Record<string, unknown>) => def.apply(args, params ?? {}) as never)
        : // effect actions run nothing here: the engine turns the returned action into an effect
          () => {},
    ]),
  );
  // automated steps: the engine turns these into service.call / service.cancel effects
  actions[INVOKE_ACTION] = () => {};
  actions[CANCEL_INVOKE_ACTION] = () => {};
  const delays: Record<string, (args: GuardArgs) => number> = {};
  for (const key of collectDelays(procedure.machine, new Set())) {
    if (parseDuration(key)) delays[key] = ({ event }) => durationMs(key, eventTime(event));
  }
  for (const [name, def] of Object.entries(delayRegistry)) {
    delays[name] = (args) => def.ms(args, eventTime(args.event));
  }
  // Named delays are settings; one not set yet fires at once (publishing waits until it is set).
  for (const [name, value] of Object.entries(procedure.delays ?? {})) {
    const field = delayField(value);
    if (field) {
      // until the date (or for the duration) in the case's field; `otherwise` while it is empty
      delays[name] = ({ context, event }) => {
        const now = eventTime(event);
        const due = fieldDue(context.data?.[field.field], now);
        if (due) return Math.max(0, due.getTime() - now.getTime());
        return field.otherwise && parseDuration(field.otherwise) ? durationMs(field.otherwise, now) : 0;
      };
    } else delays[name] = ({ event }) => (typeof value === 'string' && parseDuration(value) ? durationMs(value, eventTime(event)) : 0);
  }
  // Placeholders (names kept from an imported machine) let a draft open and simulate: a guard
  // to define passes, an action to define does nothing.
  for (const name of procedure.placeholders?.guards ?? []) if (!Object.hasOwn(guards, name)) guards[name] = () => true;
  for (const name of procedure.placeholders?.actions ?? []) if (!Object.hasOwn(actions, name)) actions[name] = () => {};
  return { guards, actions, delays };
}

/**
 * The machine config to create with xstateBindings: composite guards as XState's and/or/not/stateIn
 * (functions, so not plain JSON), the context built from the input { data, actorId, at } (empty without one).
 */
export function exportMachine(procedure: Procedure): Record<string, unknown> {
  const config = procedure.machine;
  const mapped = mapState(config.id, config) as Record<string, unknown>;
  const staticContext = (config.context ?? {}) as Record<string, unknown>;
  mapped.context = ({ input }: { input?: OpenInput }): CaseContext => ({
    ...staticContext,
    data: { ...((staticContext.data as object) ?? {}), ...(input?.data ?? {}) },
    steps: input ? { [OPEN_EVENT]: { by: input.actorId, at: input.at } } : {},
    deadlines: {},
    assignee: null,
    openedBy: { by: input?.actorId ?? 'system', at: input?.at ?? '' },
  });
  return mapped;
}

/** The running machine, cached per procedure object. */
export function compile(procedure: Procedure): Compiled {
  const hit = cache.get(procedure);
  if (hit) return hit;
  const machine = setup(xstateBindings(procedure) as never).createMachine(exportMachine(procedure) as never) as unknown as AnyStateMachine;
  const compiled = { procedure, machine };
  cache.set(procedure, compiled);
  return compiled;
}

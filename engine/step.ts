// The engine's use of XState: a stored state to a machine snapshot and back, and one step of
// the machine, pure (the actions come back to be turned into effects, nothing runs).
import { createActor } from 'xstate';
import type { AnyActorScope, AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import type { Compiled } from './compile.ts';
import type { CaseState } from './types.ts';

/**
 * The machine snapshot of a stored state. What XState's restoreSnapshot does for a machine
 * without child actors — procedures cannot invoke or spawn any — without making an actor for it
 * or walking the whole context for actor references (the case's data with its comment thread).
 */
export function restore({ machine }: Compiled, state: CaseState): AnyMachineSnapshot {
  const historyValue: Record<string, unknown[]> = {};
  for (const [key, items] of Object.entries((state.historyValue ?? {}) as Record<string, { id: string }[]>)) {
    for (const item of items ?? []) {
      let node;
      try {
        node = machine.getStateNodeById(item.id);
      } catch {
        continue; // a state the procedure no longer has, as XState skips it
      }
      (historyValue[key] ??= []).push(node);
    }
  }
  return machine.resolveState({
    value: state.value,
    context: state.context,
    status: state.status,
    output: (state as { output?: unknown }).output,
    error: state.error,
    historyValue,
  } as never) as AnyMachineSnapshot;
}

/**
 * XState's pure transition, with one inert actor scope per machine instead of a new actor and
 * actor system at every call (XState's `transition` makes both; they serve only child actors
 * with a systemId, which procedures cannot have). Returns the next snapshot and the actions
 * to carry out, which the engine turns into effects.
 */
const scopes = new WeakMap<AnyStateMachine, { scope: AnyActorScope; collect: { actions: unknown[] } }>();
function inert(machine: AnyStateMachine) {
  let hit = scopes.get(machine);
  if (!hit) {
    const self = createActor(machine);
    const collect = { actions: [] as unknown[] };
    const scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: (action: unknown) => collect.actions.push(action),
    } as unknown as AnyActorScope;
    hit = { scope, collect };
    scopes.set(machine, hit);
  }
  hit.collect.actions = [];
  return hit;
}

export function transition(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): [AnyMachineSnapshot, unknown[]] {
  const { scope, collect } = inert(machine);
  const next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
  return [next, collect.actions];
}

export function initialTransition(machine: AnyStateMachine, input: unknown): [AnyMachineSnapshot, unknown[]] {
  const { scope, collect } = inert(machine);
  const first = machine.getInitialSnapshot(scope, input) as AnyMachineSnapshot;
  return [first, collect.actions];
}

/**
 * The snapshot as stored: XState's getPersistedSnapshot without its walk of the whole context
 * for actor references to replace (there are none: see `restore`). The same fields, in the
 * same order, so a stored state reads the same as before.
 */
export function persist(snapshot: AnyMachineSnapshot): CaseState {
  // named one by one: a rest pattern over the snapshot's fifteen fields costs ~4 µs of a ~15 µs step;
  // tests/engine/restore.test.ts holds the result to XState's getPersistedSnapshot
  const s = snapshot as AnyMachineSnapshot & { output?: unknown; error?: unknown };
  const history: Record<string, { id: string }[]> = {};
  const historyValue = (s.historyValue ?? {}) as Record<string, { id: string }[]>;
  for (const key in historyValue) {
    const nodes = historyValue[key];
    if (Array.isArray(nodes)) history[key] = nodes.map((n) => ({ id: n.id }));
  }
  return { status: s.status, output: s.output, error: s.error, value: s.value, historyValue: history, context: s.context, children: {} } as unknown as CaseState;
}

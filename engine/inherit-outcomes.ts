// Versions published before outcomes were declared count nothing in the report. Such a version
// takes its declarations from a newer version of the same procedure (or the shipped file), by
// matching: the opening, each state by its path, each action by its state, event and target.
import { declaredOutcomes } from './outcomes.ts';
import { eachState, normalizeTransitions, resolveTarget } from './paths.ts';
import type { MachineConfig, Procedure, StateConfig, TransitionConfig } from './types.ts';

/** A source's `on` transitions that declare an outcome, keyed by state path, event and resolved target. */
function declaredActions(machine: MachineConfig): Map<string, TransitionConfig['meta']> {
  const out = new Map<string, TransitionConfig['meta']>();
  const states: { path: string; state: StateConfig }[] = [{ path: '', state: machine }, ...eachState(machine)];
  for (const { path, state } of states) {
    for (const [event, value] of Object.entries(state.on ?? {})) {
      for (const t of normalizeTransitions(value)) {
        if (t.meta?.outcome === undefined) continue;
        const key = actionKey(machine, path, event, t);
        if (!out.has(key)) out.set(key, t.meta);
      }
    }
  }
  return out;
}

function actionKey(machine: MachineConfig, path: string, event: string, t: TransitionConfig): string {
  const targets = (Array.isArray(t.target) ? t.target : t.target === undefined ? [] : [t.target]).map((x) => resolveTarget(machine, path, x) ?? x);
  return JSON.stringify([path, event, targets]);
}

/**
 * `procedure` with the outcomes of `source` where it declares none at all (else unchanged, the
 * same object). Only declarations move: states, actions and forms stay as published.
 */
export function inheritOutcomes(procedure: Procedure, source: Procedure | null | undefined): Procedure {
  if (!source || declaredOutcomes(procedure).length || !declaredOutcomes(source).length) return procedure;
  const copy = structuredClone(procedure);
  if (source.start.outcome !== undefined) copy.start.outcome = source.start.outcome;
  const fromActions = declaredActions(source.machine);
  const sourceStates = new Map(eachState(source.machine).map(({ path, state }) => [path, state]));
  const states: { path: string; state: StateConfig }[] = [{ path: '', state: copy.machine }, ...eachState(copy.machine)];
  for (const { path, state } of states) {
    const outcome = sourceStates.get(path)?.meta?.outcome;
    if (path && outcome !== undefined && state.meta) state.meta.outcome = outcome;
    for (const [event, value] of Object.entries(state.on ?? {})) {
      const list = (Array.isArray(value) ? value : [value]).map((t) => {
        const [one] = normalizeTransitions(t);
        const meta = fromActions.get(actionKey(copy.machine, path, event, one));
        return meta && one.meta ? { ...one, meta: { ...one.meta, outcome: meta.outcome } } : t;
      });
      state.on![event] = Array.isArray(value) ? list : list[0];
    }
  }
  return copy;
}

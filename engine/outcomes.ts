// What a step of a case counts as in the Standing Committee's report: the procedure declares it
// (an action's or an entered state's `outcome`), the engine reports it, the server stores it
// with the event. The vocabulary and its labels live in schemas/procedure.schema.json alone.
import procedureSchema from '../schemas/procedure.schema.json' with { type: 'json' };
import { activePaths, stateConfigAt } from './paths.ts';
import type { MachineConfig, Procedure, Text } from './types.ts';

const def = procedureSchema.$defs.outcome as { enum: string[]; 'x-labels': Record<string, Text> };

/** Every outcome, in the report's order. */
export const OUTCOMES: readonly string[] = Object.freeze([...def.enum]);
export type Outcome = string;
/** Each outcome's label, vi and en. */
export const OUTCOME_LABELS: Readonly<Record<string, Text>> = Object.freeze({ ...def['x-labels'] });
/** The engine's own outcome: a deadline of the case passed, or it entered a state tagged overdue. */
export const OVERDUE_OUTCOME = 'overdue';
export const OVERDUE_TAG = 'overdue';

/** An `outcome` as declared (one or several) as a list. */
export function outcomeList(declared: unknown): string[] {
  if (typeof declared === 'string') return [declared];
  return Array.isArray(declared) ? declared.filter((o): o is string => typeof o === 'string') : [];
}

/** The outcomes declared by the states entered going from `before` to `after` (state values). */
export function enteredOutcomes(machine: MachineConfig, before: unknown, after: unknown): string[] {
  const was = new Set(before === null ? [] : activePaths(before));
  return activePaths(after)
    .filter((p) => !was.has(p))
    .sort()
    .flatMap((p) => outcomeList(stateConfigAt(machine, p)?.meta?.outcome));
}

/** Whether any active state of `value` carries the overdue tag. */
export function inOverdueState(machine: MachineConfig, value: unknown): boolean {
  return activePaths(value).some((p) => stateConfigAt(machine, p)?.tags?.includes(OVERDUE_TAG));
}

/** The outcomes in vocabulary order, each once. */
export function orderOutcomes(list: string[]): string[] {
  const set = new Set(list);
  return OUTCOMES.filter((o) => set.has(o));
}

/** Every outcome a procedure declares anywhere (start, actions, states). */
export function declaredOutcomes(procedure: Procedure): string[] {
  const found: string[] = [...outcomeList(procedure.start.outcome)];
  const walk = (state: MachineConfig['states'] extends infer S ? S : never) => {
    for (const s of Object.values(state ?? {})) {
      found.push(...outcomeList(s.meta?.outcome));
      for (const t of Object.values(s.on ?? {}).flat()) if (t && typeof t === 'object') found.push(...outcomeList(t.meta?.outcome));
      walk(s.states);
    }
  };
  walk(procedure.machine.states);
  return orderOutcomes(found);
}

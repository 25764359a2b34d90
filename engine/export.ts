// Taking a procedure to plain XState: the machine as pure JSON with a default context, and the
// implementations to bind with setup(). Everything else in the engine stays ours.
import { assign } from 'xstate';
import { durationMs, parseDuration } from './duration.ts';
import { evaluateGuard } from './guards.ts';
import { actionRegistry, delayRegistry, guardRegistry, type GuardArgs } from './registry.ts';
import type { CaseContext, MachineConfig, Procedure, Ref, StateConfig } from './types.ts';

/** The machine JSON with the context the engine would build, for tools that need a static one. */
export function exportMachine(procedure: Procedure): MachineConfig {
  const context: CaseContext = { data: {}, steps: {}, deadlines: {}, assignee: null, openedBy: { by: 'system', at: '' } };
  return { ...structuredClone(procedure.machine), context: { ...context, ...(procedure.machine.context ?? {}) } };
}

function delayKeys(state: StateConfig, into: Set<string>): Set<string> {
  for (const key of Object.keys(state.after ?? {})) into.add(key);
  for (const child of Object.values(state.states ?? {})) delayKeys(child, into);
  return into;
}

/**
 * Guards, actions and delays for `setup()` of plain XState. Composite guards are bound by name;
 * `inState` needs a snapshot that XState does not give a guard, so write `stateIn` there.
 */
export function xstateBindings(procedure: Procedure) {
  const at = (event: { at?: string }) => new Date(event.at ?? Date.now());
  const composite = (args: GuardArgs, ref: Ref) => evaluateGuard(ref, args, [], procedure.machine.id, true) === true;
  const guards: Record<string, (args: GuardArgs, params: Record<string, unknown>) => boolean> = {
    and: (args, p) => (p.guards as Ref[]).every((g) => composite(args, g)),
    or: (args, p) => (p.guards as Ref[]).some((g) => composite(args, g)),
    not: (args, p) => !composite(args, p.guard as Ref),
  };
  for (const [name, def] of Object.entries(guardRegistry)) guards[name] = (args, p) => def.test(args, p ?? {});
  const actions: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(actionRegistry)) {
    actions[name] = def.kind === 'assign' ? assign((args: GuardArgs, p: Record<string, unknown>) => def.apply(args, p ?? {}) as never) : () => {};
  }
  const delays: Record<string, (args: GuardArgs) => number> = {};
  for (const key of delayKeys(procedure.machine, new Set())) {
    if (parseDuration(key)) delays[key] = ({ event }) => durationMs(key, at(event));
  }
  for (const [name, def] of Object.entries(delayRegistry)) delays[name] = (args) => def.ms(args, at(args.event));
  return { guards, actions, delays };
}

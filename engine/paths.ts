// State paths ("removal.following_up") and where things sit in the procedure's JSON.
import type { InvokeConfig, MachineConfig, StateConfig, TransitionConfig, TransitionsConfig } from './types.ts';

/** Leaf state paths of a state value: "a", { b: "c" } → ["a"] / ["b.c"]. */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    v && typeof v === 'object' && Object.keys(v).length === 0 ? [prefix + k] : leafPaths(v, `${prefix}${k}.`),
  );
}

/** Every active path, leaves and their ancestors. */
export function activePaths(value: unknown): string[] {
  const out = new Set<string>();
  for (const leaf of leafPaths(value)) {
    const parts = leaf.split('.');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return [...out];
}

export function stateConfigAt(machine: MachineConfig, path: string): StateConfig | undefined {
  if (path === '') return machine;
  let cur: StateConfig | undefined = machine;
  for (const key of path.split('.')) {
    const states: Record<string, StateConfig> | undefined = cur?.states;
    cur = states && typeof states === 'object' && Object.hasOwn(states, key) ? states[key] : undefined;
  }
  return cur;
}

/** JSON pointer of a state path: "removal.requested" → /machine/states/removal/states/requested. */
export function statePointer(path: string): string {
  if (path === '') return '/machine';
  return '/machine' + path.split('.').map((k) => `/states/${escapePointer(k)}`).join('');
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Normalizes a transitions value to a list of objects. */
export function normalizeTransitions(value: TransitionsConfig | undefined): TransitionConfig[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((t) => (typeof t === 'string' ? { target: t } : t));
}

/** The JSON transitions of one event on the state at `path` ('' = the machine root). */
export function transitionsAt(machine: MachineConfig, path: string, eventType: string): TransitionConfig[] {
  const state = stateConfigAt(machine, path);
  if (!state) return [];
  if (eventType.startsWith('xstate.after.')) {
    const key = Object.keys(state.after ?? {}).find((k) => eventType.startsWith(`xstate.after.${k}.`));
    return key ? normalizeTransitions(state.after?.[key]) : [];
  }
  for (const [prefix, key] of [[SERVICE_DONE_PREFIX, 'onDone'], [SERVICE_ERROR_PREFIX, 'onError']] as const) {
    if (!eventType.startsWith(prefix)) continue;
    const hit = invokesWithIds(path, state).find((i) => i.id === eventType.slice(prefix.length));
    if (!hit) return [];
    return normalizeTransitions(key === 'onDone' ? (hit.invoke.onDone ?? {}) : hit.invoke.onError);
  }
  return state.on && Object.hasOwn(state.on, eventType) ? normalizeTransitions(state.on[eventType]) : [];
}

/** Every state with its path, depth first, parents before children. */
export function eachState(machine: MachineConfig): { path: string; state: StateConfig }[] {
  const out: { path: string; state: StateConfig }[] = [];
  const walk = (state: StateConfig, path: string) => {
    for (const [key, child] of Object.entries(state.states ?? {})) {
      const p = path ? `${path}.${key}` : key;
      out.push({ path: p, state: child });
      walk(child, p);
    }
  };
  walk(machine, '');
  return out;
}

/** Resolves a transition target as XState does; null when no such state exists. */
export function resolveTarget(machine: MachineConfig, sourcePath: string, target: string): string | null {
  let path: string;
  if (target.startsWith('#')) {
    const [id, ...rest] = target.slice(1).split('.');
    const base = id === machine.id ? '' : pathOfId(machine, id);
    if (base === null) return null;
    path = [base, ...rest].filter((p) => p !== '').join('.');
  } else if (target.startsWith('.')) {
    path = sourcePath ? `${sourcePath}${target}` : target.slice(1);
  } else {
    if (sourcePath === '') return null;
    const parent = sourcePath.split('.').slice(0, -1).join('.');
    path = parent ? `${parent}.${target}` : target;
  }
  if (path === '') return '';
  return stateConfigAt(machine, path) ? path : null;
}

/** The path of the state whose XState `id` is `id`; null when none has it. */
export function pathOfId(machine: MachineConfig, id: string): string | null {
  return eachState(machine).find(({ state }) => state?.id === id)?.path ?? null;
}

/** Events that carry an automated step's result back to the case; officials cannot send them. */
export const SERVICE_DONE_PREFIX = 'quytrinh.done.';
export const SERVICE_ERROR_PREFIX = 'quytrinh.error.';

/** The id of a state's invocation: its own `id`, else the state's path (with its place when the state has several). */
export function invokeId(path: string, inv: InvokeConfig, index: number, count: number): string {
  if (typeof inv.id === 'string' && inv.id) return inv.id;
  const base = path || 'root';
  return count > 1 ? `${base}[${index}]` : base;
}

/** A state's invocations with their ids. */
export function invokesWithIds(path: string, state: StateConfig): { id: string; invoke: InvokeConfig }[] {
  const list = invokesOf(state);
  return list.map((invoke, i) => ({ id: invokeId(path, invoke, i, list.length), invoke }));
}

/** A state's invocations as a list. */
export function invokesOf(state: StateConfig): InvokeConfig[] {
  const value = state.invoke;
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((i) => i && typeof i === 'object');
}

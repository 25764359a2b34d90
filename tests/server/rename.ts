// A procedure with its states and events renamed (and a log of events with them): what
// the rename-invariance tests walk. Everything a name is referred to by is renamed with it —
// keys of `states` and `on`, `initial`, targets (`#machine.a.b` too), guard params naming a
// step or a state — and nothing else: behaviour must not depend on names.
import type { Procedure } from '../../engine/index.ts';

export interface Renaming {
  /** state name (one path segment) → new name */
  states: Record<string, string>;
  /** event type → new type (OPEN, the engine's own, is never renamed) */
  events: Record<string, string>;
}

type Json = Record<string, unknown>;

export const renamePath = (r: Renaming, path: string) => path.split('.').map((s) => r.states[s] ?? s).join('.');
const renameTarget = (r: Renaming, machineId: string, target: string) =>
  target.startsWith(`#${machineId}.`) ? `#${machineId}.${renamePath(r, target.slice(machineId.length + 2))}` : renamePath(r, target);

/** Every state name and event type of a procedure. */
export function namesOf(p: Procedure): { states: string[]; events: string[] } {
  const states = new Set<string>();
  const events = new Set<string>();
  const walk = (s: Json) => {
    for (const [k, v] of Object.entries((s.states ?? {}) as Record<string, Json>)) {
      states.add(k);
      walk(v);
    }
    for (const k of Object.keys((s.on ?? {}) as Json)) events.add(k);
  };
  walk(p.machine as unknown as Json);
  return { states: [...states], events: [...events] };
}

export function renameProcedure(p: Procedure, r: Renaming, key: string): Procedure {
  const copy = structuredClone(p) as Procedure & { layout?: unknown };
  const id = copy.machine.id;
  const refs = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(refs);
    if (!v || typeof v !== 'object') return v;
    const o = { ...(v as Json) };
    const params = o.params as Json | undefined;
    if (params && typeof params === 'object') {
      const next: Json = { ...params };
      if (typeof next.step === 'string') next.step = r.events[next.step] ?? next.step;
      if (typeof next.userFromStep === 'string') next.userFromStep = r.events[next.userFromStep] ?? next.userFromStep;
      if (o.type === 'inState' && typeof next.state === 'string') next.state = renameTarget(r, id, next.state);
      if (Array.isArray(next.guards)) next.guards = next.guards.map(refs);
      if (next.guard) next.guard = refs(next.guard);
      o.params = next;
    }
    return o;
  };
  const transition = (t: unknown): unknown => {
    if (typeof t === 'string') return renameTarget(r, id, t);
    if (Array.isArray(t)) return t.map(transition);
    if (!t || typeof t !== 'object') return t;
    const o = { ...(t as Json) };
    if (typeof o.target === 'string') o.target = renameTarget(r, id, o.target);
    if (Array.isArray(o.target)) o.target = o.target.map((x) => renameTarget(r, id, String(x)));
    if (o.guard) o.guard = refs(o.guard);
    if (o.actions) o.actions = refs(o.actions);
    return o;
  };
  const state = (s: Json): Json => {
    const o = { ...s };
    if (typeof o.initial === 'string') o.initial = r.states[o.initial] ?? o.initial;
    if (o.states) o.states = Object.fromEntries(Object.entries(o.states as Record<string, Json>).map(([k, v]) => [r.states[k] ?? k, state(v)]));
    if (o.on) o.on = Object.fromEntries(Object.entries(o.on as Json).map(([k, v]) => [r.events[k] ?? k, transition(v)]));
    for (const k of ['after'] as const) if (o[k]) o[k] = Object.fromEntries(Object.entries(o[k] as Json).map(([d, v]) => [d, transition(v)]));
    for (const k of ['always', 'onDone'] as const) if (o[k]) o[k] = transition(o[k]);
    for (const k of ['entry', 'exit'] as const) if (o[k]) o[k] = refs(o[k]);
    return o;
  };
  copy.machine = state(copy.machine as unknown as Json) as unknown as Procedure['machine'];
  copy.key = key;
  delete copy.layout;
  return copy;
}

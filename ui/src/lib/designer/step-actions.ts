// A step's actions as the step's panel shows them: listed in order, added with a label and a
// next step chosen by title (the event type is made from the label), reordered, and given the
// step's roles by default. Pure functions over a procedure, like edit.ts.
import type { Procedure, Text, TransitionConfig } from '../../../../engine/types.ts';
import { normalizeTransitions, stateConfigAt } from '../../../../engine/index.ts';
import type { TransitionRef } from '../diagram/graph.ts';
import { eventTypeFor, eventTypes, followsTitle, isGeneratedKey, siblingKeys, stateKeyFor } from './codes.ts';
import { addTransition, EditError, rekeyTransition, renameState, setStateMeta, updateTransition } from './edit.ts';
import { joinPath, lastKey, parentPath, transitionAt } from '../diagram/graph.ts';

export interface StepAction {
  ref: TransitionRef;
  transition: TransitionConfig;
}

/** The actions (`on`) and timers (`after`) a step offers, in the file's order. */
export function stepActions(procedure: Procedure, path: string): { actions: StepAction[]; timers: StepAction[] } {
  const s = stateConfigAt(procedure.machine, path);
  const list = (slot: 'on' | 'after') =>
    Object.entries(s?.[slot] ?? {}).flatMap(([key, v]) => normalizeTransitions(v).map((transition, index) => ({ ref: { source: path, on: slot, key, index }, transition })));
  return { actions: list('on'), timers: list('after') };
}

export interface NewStepAction {
  label: Text;
  /** the next step's path; null: the case stays where it is */
  target: string | null;
  roles?: string[];
}

/** Adds an action to a step; its event type comes from the label, its roles from the step. */
export function addStepAction(procedure: Procedure, path: string, spec: NewStepAction): { procedure: Procedure; ref: TransitionRef } {
  if (!spec.label.vi.trim() && !spec.label.en.trim()) {
    throw new EditError('QT_DESIGNER_NO_LABEL', { vi: 'Hãy đặt tên cho thao tác.', en: 'Give the action a name.' });
  }
  const key = eventTypeFor(spec.label, eventTypes(procedure.machine));
  const roles = spec.roles ?? stateConfigAt(procedure.machine, path)?.meta?.roles ?? [];
  return addTransition(procedure, { source: path, target: spec.target, key, label: spec.label, roles });
}

/** Moves the action at position `from` of the step's list to position `to`. */
export function moveStepAction(procedure: Procedure, path: string, from: number, to: number): Procedure {
  const { actions } = stepActions(procedure, path);
  if (from === to || !actions[from] || to < 0 || to >= actions.length) return procedure;
  const order = [...actions];
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved);
  const next = structuredClone(procedure);
  const s = stateConfigAt(next.machine, path)!;
  const prev = s.on ?? {};
  const grouped = new Map<string, TransitionConfig[]>();
  for (const a of order) grouped.set(a.ref.key, [...(grouped.get(a.ref.key) ?? []), a.transition]);
  s.on = Object.fromEntries([...grouped].map(([k, list]) => [k, list.length === 1 && !Array.isArray(prev[k]) ? list[0] : list]));
  return next;
}

const same = (a: string[] | undefined, b: string[] | undefined) => [...(a ?? [])].sort().join() === [...(b ?? [])].sort().join();

/**
 * Sets the roles who work a step. Its actions that had no roles, or the step's previous ones,
 * take the new roles too: ticking a role on the step lets that role act there.
 */
export function setStepRoles(procedure: Procedure, path: string, roles: string[]): Procedure {
  const before = stateConfigAt(procedure.machine, path)?.meta?.roles;
  const next = setStateMeta(procedure, path, { roles });
  const s = stateConfigAt(next.machine, path)!;
  for (const [key, v] of Object.entries(s.on ?? {})) {
    const list = normalizeTransitions(v).map((t) => {
      if (!t.meta || !(same(t.meta.roles, before) || !t.meta.roles?.length)) return t;
      const { roles: _old, ...rest } = t.meta;
      return { ...t, meta: roles.length ? { ...rest, roles } : rest };
    });
    s.on![key] = Array.isArray(v) ? list : list[0];
  }
  return next;
}

/**
 * Sets a step's title. A key the designer made (a placeholder, or the old title's) follows the
 * new title; a key a person chose, or one of the last published version, stays. Returns the
 * step's path, new or not.
 */
export function retitleStep(procedure: Procedure, path: string, title: Text, published?: Procedure | null): { procedure: Procedure; path: string } {
  const old = stateConfigAt(procedure.machine, path)?.meta?.title;
  // running cases of the published version are in this step under its key
  if (published && stateConfigAt(published.machine, path)) return { procedure: setStateMeta(procedure, path, { title }), path };
  const key = lastKey(path);
  const parent = parentPath(path);
  const taken = siblingKeys(procedure, parent, key);
  let next = setStateMeta(procedure, path, { title });
  if (!isGeneratedKey(key, old, taken) || !(title.vi.trim() || title.en.trim())) return { procedure: next, path };
  const fresh = stateKeyFor(title, taken);
  if (fresh === key) return { procedure: next, path };
  next = renameState(next, path, fresh);
  return { procedure: next, path: joinPath(parent, fresh) };
}

/**
 * Sets an action's label. An event type the designer made (from the old label) follows the new
 * label while the action is new; one a person chose, one `published` has (its cases may send
 * it), or one another step shares, stays. Returns where the action is now.
 */
export function relabelStepAction(procedure: Procedure, ref: TransitionRef, label: Text, published?: Procedure | null): { procedure: Procedure; ref: TransitionRef } {
  const old = transitionAt(procedure.machine, ref);
  if (!old) return { procedure, ref };
  const next = updateTransition(procedure, ref, (t) => ({ ...t, meta: { ...(t.meta ?? { label }), label } }));
  if (ref.on !== 'on' || !(label.vi.trim() || label.en.trim())) return { procedure: next, ref };
  if (published && eventTypes(published.machine).has(ref.key)) return { procedure: next, ref };
  if (!followsTitle(ref.key, old.meta?.label, eventTypeFor, /^THAO_TAC(_\d+)?$/) || usesOf(procedure, ref.key) > 1) return { procedure: next, ref };
  const taken = eventTypes(procedure.machine);
  taken.delete(ref.key);
  const key = eventTypeFor(label, taken);
  return key === ref.key ? { procedure: next, ref } : rekeyTransition(next, ref, key);
}

/** How many transitions across the machine answer `type`. */
function usesOf(procedure: Procedure, type: string): number {
  let n = 0;
  const visit = (s: { on?: Record<string, unknown>; states?: Record<string, unknown> }) => {
    if (s.on?.[type] !== undefined) n += normalizeTransitions(s.on[type] as Parameters<typeof normalizeTransitions>[0]).length;
    for (const c of Object.values(s.states ?? {})) visit(c as typeof s);
  };
  visit(procedure.machine);
  return n;
}

// A procedure as a graph: every state a node, every transition an edge that knows where it sits
// in the file (its TransitionRef, which the designer edits through and the case page ignores),
// the machine's own `on` transitions (COMMENT, CANCEL…) as global actions. Plain TS, no DOM.
import { activePaths, invokesOf, normalizeTransitions, resolveTarget, stateConfigAt } from '../../../../engine/index.ts';
import type { Form, MachineConfig, Procedure, StateConfig, Text, TransitionConfig, TransitionsConfig } from '../../../../engine/types.ts';

export const StateKind = {
  Atomic: 'atomic',
  Compound: 'compound',
  Parallel: 'parallel',
  Final: 'final',
  History: 'history',
} as const;
export type StateKind = (typeof StateKind)[keyof typeof StateKind];

export const TransitionKind = { Event: 'event', After: 'after', Always: 'always', Done: 'done', ServiceDone: 'serviceDone', ServiceError: 'serviceError' } as const;
export type TransitionKind = (typeof TransitionKind)[keyof typeof TransitionKind];

/** `invokeDone`/`invokeError`: an automated step's onDone/onError, `key` the index of the invoke in the state */
export const TransitionSlot = { On: 'on', After: 'after', Always: 'always', OnDone: 'onDone', InvokeDone: 'invokeDone', InvokeError: 'invokeError' } as const;
export type TransitionSlot = (typeof TransitionSlot)[keyof typeof TransitionSlot];

/** Where a transition is written: state path ('' = the machine), which map, which key, which entry. */
export interface TransitionRef {
  source: string;
  on: TransitionSlot;
  /** event type for `on`, delay for `after`, the invoke's index for `invokeDone`/`invokeError`, '' for `always`/`onDone` */
  key: string;
  index: number;
}

export interface StateNodeModel {
  /** dotted path from the root, e.g. "removal.following_up" */
  id: string;
  key: string;
  parentId: string | null;
  kind: StateKind;
  title: Text;
  roles: string[];
  sla: string | null;
  /** the initial child of its parent */
  initial: boolean;
  depth: number;
  tags: string[];
}

export interface TransitionModel {
  /** edgeId(ref, targetIndex): stable across renders */
  id: string;
  ref: TransitionRef;
  /** index in a multi-target transition */
  targetIndex: number;
  source: string;
  /** '' for a global transition without a target (COMMENT) */
  target: string;
  kind: TransitionKind;
  /** event type, delay, or "" */
  event: string;
  label: Text;
  roles: string[];
  guarded: boolean;
}

export interface ProcedureGraph {
  nodes: StateNodeModel[];
  edges: TransitionModel[];
  /** the machine's own `on` (allowed from every state); targetless ones too (COMMENT) */
  global: TransitionModel[];
}

export function targetsOf(t: TransitionConfig): string[] {
  if (t.target === undefined) return [];
  return Array.isArray(t.target) ? t.target : [t.target];
}

export function kindOf(s: StateConfig): StateKind {
  if (s.type === 'final') return StateKind.Final;
  if (s.type === 'parallel') return StateKind.Parallel;
  if (s.type === 'history') return StateKind.History;
  if (s.states && Object.keys(s.states).length) return StateKind.Compound;
  return StateKind.Atomic;
}

export function parentPath(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

export function lastKey(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

export function joinPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** The shortest way to write `target` from `source`: sibling key, ".child", else "#machine.path". */
export function targetExpression(machine: MachineConfig, source: string, target: string): string {
  if (source !== '' && parentPath(source) === parentPath(target)) return lastKey(target);
  if (target.startsWith(source ? `${source}.` : '')) return `.${source ? target.slice(source.length + 1) : target}`;
  return `#${machine.id}.${target}`;
}

export function edgeId(ref: TransitionRef, targetIndex = 0): string {
  return `t:${ref.source}:${ref.on}:${ref.key}:${ref.index}${targetIndex ? `:${targetIndex}` : ''}`;
}

export function sameRef(a: TransitionRef | null | undefined, b: TransitionRef | null | undefined): boolean {
  return !!a && !!b && a.source === b.source && a.on === b.on && a.key === b.key && a.index === b.index;
}

const SLOT_KIND: Record<TransitionSlot, TransitionKind> = {
  on: TransitionKind.Event,
  after: TransitionKind.After,
  always: TransitionKind.Always,
  onDone: TransitionKind.Done,
  invokeDone: TransitionKind.ServiceDone,
  invokeError: TransitionKind.ServiceError,
};

const SERVICE_LABEL: Partial<Record<TransitionSlot, Text>> = {
  invokeDone: { vi: 'Xong', en: 'Done' },
  invokeError: { vi: 'Lỗi', en: 'Failed' },
};

/** Each transition of a state with its ref, in file order. */
export function transitionsOf(state: StateConfig, source: string): { ref: TransitionRef; t: TransitionConfig }[] {
  const out: { ref: TransitionRef; t: TransitionConfig }[] = [];
  const push = (on: TransitionSlot, key: string, value: TransitionsConfig | undefined) =>
    normalizeTransitions(value).forEach((t, index) => out.push({ ref: { source, on, key, index }, t }));
  for (const [k, v] of Object.entries(state.on ?? {})) push('on', k, v);
  for (const [k, v] of Object.entries(state.after ?? {})) push('after', k, v);
  push('always', '', state.always);
  push('onDone', '', state.onDone);
  invokesOf(state).forEach((invoke, i) => {
    push('invokeDone', String(i), invoke.onDone);
    push('invokeError', String(i), invoke.onError);
  });
  return out;
}

function toEdge(ref: TransitionRef, t: TransitionConfig, target: string, targetIndex: number): TransitionModel {
  return {
    id: edgeId(ref, targetIndex),
    ref,
    targetIndex,
    source: ref.source,
    target,
    kind: SLOT_KIND[ref.on],
    event: ref.key,
    label: t.meta?.label ?? SERVICE_LABEL[ref.on] ?? { vi: ref.key, en: ref.key },
    roles: t.meta?.roles ?? [],
    guarded: t.guard !== undefined,
  };
}

/** Nodes parents first (depth first, file order); edges whose targets resolve; global actions. */
export function procedureGraph(procedure: Procedure): ProcedureGraph {
  const machine = procedure.machine;
  const nodes: StateNodeModel[] = [];
  const walk = (parent: StateConfig, parentId: string | null, depth: number) => {
    for (const [key, s] of Object.entries(parent.states ?? {})) {
      const id = joinPath(parentId ?? '', key);
      nodes.push({
        id,
        key,
        parentId,
        kind: kindOf(s),
        title: s.meta?.title ?? { vi: key, en: key },
        roles: s.meta?.roles ?? [],
        sla: s.meta?.sla ?? null,
        initial: parent.type !== 'parallel' && parent.initial === key,
        depth,
        tags: s.tags ?? [],
      });
      walk(s, id, depth + 1);
    }
  };
  walk(machine, null, 0);

  const edges: TransitionModel[] = [];
  for (const n of nodes) {
    for (const { ref, t } of transitionsOf(stateConfigAt(machine, n.id)!, n.id)) {
      targetsOf(t).forEach((raw, j) => {
        const target = resolveTarget(machine, n.id, raw);
        if (target) edges.push(toEdge(ref, t, target, j));
      });
    }
  }
  const global = transitionsOf(machine, '').map(({ ref, t }) => {
    const raw = targetsOf(t)[0];
    return toEdge(ref, t, raw === undefined ? '' : (resolveTarget(machine, '', raw) ?? ''), 0);
  });
  return { nodes, edges, global };
}

/** The transition a ref names, or undefined. */
export function transitionAt(machine: MachineConfig, ref: TransitionRef): TransitionConfig | undefined {
  const state = stateConfigAt(machine, ref.source);
  if (!state) return undefined;
  return normalizeTransitions(transitionsAt(state, ref.on, ref.key))[ref.index];
}

/** What one slot of a state holds (an automated step's onDone/onError by the invoke's index). */
export function transitionsAt(state: StateConfig, on: TransitionSlot, key: string): TransitionsConfig | undefined {
  switch (on) {
    case 'on':
      return state.on?.[key];
    case 'after':
      return state.after?.[key];
    case 'invokeDone':
      return invokesOf(state)[Number(key)]?.onDone;
    case 'invokeError':
      return invokesOf(state)[Number(key)]?.onError;
    default:
      return state[on];
  }
}

export type Located = { kind: 'state'; path: string } | { kind: 'transition'; ref: TransitionRef } | { kind: 'procedure' };

/** What a validation problem's JSON pointer points at: a state, a transition, or the file. */
export function locate(procedure: Procedure, pointer: string): Located {
  const segs = pointer
    .split('/')
    .slice(1)
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segs[0] !== 'machine') return { kind: 'procedure' };
  let path = '';
  let i = 1;
  while (segs[i] === 'states' && segs[i + 1] !== undefined && stateConfigAt(procedure.machine, joinPath(path, segs[i + 1]))) {
    path = joinPath(path, segs[i + 1]);
    i += 2;
  }
  const slot = segs[i];
  const state = stateConfigAt(procedure.machine, path)!;
  if (slot === 'on' || slot === 'after') {
    const key = segs[i + 1];
    const map = slot === 'on' ? state.on : state.after;
    if (key !== undefined && map && key in map) {
      const value = map[key];
      const index = Array.isArray(value) && /^\d+$/.test(segs[i + 2] ?? '') ? Number(segs[i + 2]) : 0;
      return { kind: 'transition', ref: { source: path, on: slot, key, index } };
    }
  }
  if (slot === 'always' || slot === 'onDone') {
    const value = state[slot];
    const index = Array.isArray(value) && /^\d+$/.test(segs[i + 1] ?? '') ? Number(segs[i + 1]) : 0;
    return { kind: 'transition', ref: { source: path, on: slot, key: '', index } };
  }
  return path ? { kind: 'state', path } : { kind: 'procedure' };
}

/** The states a case is in: each leaf of `state` ("a.b,c.d" for parallel) and their ancestors. */
export function activeStates(state: string | null | undefined): Set<string> {
  return new Set(leavesOf(state).flatMap((leaf) => activePaths(leaf)));
}

/** The leaves of a case's state string. */
export function leavesOf(state: string | null | undefined): string[] {
  return (state ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parents before children, as Svelte Flow requires of sub-flows. */
export function parentsFirst<T extends { id: string; parentId?: string | null }>(nodes: T[]): T[] {
  const byId = new Map(nodes.map((x) => [x.id, x]));
  const depth = (x: T): number => (x.parentId && byId.has(x.parentId) ? 1 + depth(byId.get(x.parentId)!) : 0);
  return [...nodes].sort((a, b) => depth(a) - depth(b));
}

export interface ActionInfo {
  label: Text;
  form: Form | null;
}

/** Every event a procedure names, with its label and form, for timelines: the first wins. */
export function actionCatalog(machine: MachineConfig): Map<string, ActionInfo> {
  const out = new Map<string, ActionInfo>();
  const visit = (s: StateConfig) => {
    for (const [event, t] of Object.entries(s.on ?? {})) {
      for (const tr of normalizeTransitions(t)) {
        if (!out.has(event) && tr.meta?.label) out.set(event, { label: tr.meta.label, form: tr.meta.form ?? null });
      }
    }
    for (const child of Object.values(s.states ?? {})) visit(child);
  };
  visit(machine);
  return out;
}

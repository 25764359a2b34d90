// The designer's view of a procedure: every state a node, every transition an edge that knows
// exactly where it sits in the file (so the canvas can edit it), root-level `on` transitions
// (COMMENT, CANCEL…) as global actions. Plain TS, no DOM.
//
// Why not lib/diagram/convert.ts alone: its edge ids are sequence numbers ("e0", "e1"…), fine
// for a read-only diagram but useless for editing, where an edge must point back to its entry
// in the file. The node model is the same, so its ELK input (toElkGraph) is reused.
import type { MachineConfig, Procedure, StateConfig, Text, TransitionConfig, TransitionsConfig } from '../../../../engine/types.ts';
import { StateKind, TransitionKind, type ProcedureGraph, type StateNodeModel, type TransitionModel } from '../diagram/convert.ts';

export { StateKind, TransitionKind };

/** Where a transition is written: state path ('' = the machine), which map, which key, which entry. */
export interface TransitionRef {
  source: string;
  on: TransitionSlot;
  /** event type for `on`, delay for `after`, '' for `always`/`onDone` */
  key: string;
  index: number;
}

export const TransitionSlot = { On: 'on', After: 'after', Always: 'always', OnDone: 'onDone' } as const;
export type TransitionSlot = (typeof TransitionSlot)[keyof typeof TransitionSlot];

export interface DesignerState extends StateNodeModel {
  tags: string[];
}

export interface DesignerTransition extends TransitionModel {
  ref: TransitionRef;
  /** index in a multi-target transition */
  targetIndex: number;
}

export interface DesignerGraph extends ProcedureGraph {
  nodes: DesignerState[];
  edges: DesignerTransition[];
  /** the machine's own `on` (allowed from every state); targetless ones too (COMMENT) */
  global: DesignerTransition[];
}

export function asList(value: TransitionsConfig | undefined): TransitionConfig[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((t) => (typeof t === 'string' ? { target: t } : t));
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

/** Resolves a target as XState does; null when it names no state. '' is the machine itself. */
export function resolveTarget(machine: MachineConfig, source: string, target: string): string | null {
  let path: string;
  if (target.startsWith('#')) {
    const rest = target.slice(1);
    if (rest === machine.id) return '';
    if (!rest.startsWith(`${machine.id}.`)) return null;
    path = rest.slice(machine.id.length + 1);
  } else if (target.startsWith('.')) {
    path = source ? `${source}${target}` : target.slice(1);
  } else {
    if (source === '') return null;
    path = joinPath(parentPath(source), target);
  }
  return stateAt(machine, path) ? path : null;
}

/** The shortest way to write `target` from `source`: sibling key, ".child", else "#machine.path". */
export function targetExpression(machine: MachineConfig, source: string, target: string): string {
  if (source !== '' && parentPath(source) === parentPath(target)) return lastKey(target);
  if (target.startsWith(source ? `${source}.` : '')) return `.${source ? target.slice(source.length + 1) : target}`;
  return `#${machine.id}.${target}`;
}

export function stateAt(machine: MachineConfig, path: string): StateConfig | undefined {
  if (path === '') return machine;
  let cur: StateConfig | undefined = machine;
  for (const key of path.split('.')) cur = cur?.states?.[key];
  return cur;
}

/** Every state path, parents before children. */
export function statePaths(machine: MachineConfig): string[] {
  const out: string[] = [];
  const walk = (s: StateConfig, path: string) => {
    for (const [k, c] of Object.entries(s.states ?? {})) {
      const p = joinPath(path, k);
      out.push(p);
      walk(c, p);
    }
  };
  walk(machine, '');
  return out;
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
};

/** Each transition of a state with its ref, in file order. */
export function transitionsOf(state: StateConfig, source: string): { ref: TransitionRef; t: TransitionConfig }[] {
  const out: { ref: TransitionRef; t: TransitionConfig }[] = [];
  const push = (on: TransitionSlot, key: string, value: TransitionsConfig | undefined) =>
    asList(value).forEach((t, index) => out.push({ ref: { source, on, key, index }, t }));
  for (const [k, v] of Object.entries(state.on ?? {})) push('on', k, v);
  for (const [k, v] of Object.entries(state.after ?? {})) push('after', k, v);
  push('always', '', state.always);
  push('onDone', '', state.onDone);
  return out;
}

function toEdge(machine: MachineConfig, ref: TransitionRef, t: TransitionConfig, target: string, targetIndex: number): DesignerTransition {
  const kind = SLOT_KIND[ref.on];
  return {
    id: edgeId(ref, targetIndex),
    ref,
    targetIndex,
    source: ref.source,
    target,
    kind,
    event: ref.key,
    label: t.meta?.label ?? { vi: ref.key, en: ref.key },
    roles: t.meta?.roles ?? [],
    guarded: t.guard !== undefined,
  };
}

export function procedureGraph(procedure: Procedure): DesignerGraph {
  const machine = procedure.machine;
  const nodes: DesignerState[] = [];
  const walk = (parent: StateConfig, parentId: string | null, depth: number) => {
    for (const [key, s] of Object.entries(parent.states ?? {})) {
      const id = parentId ? `${parentId}.${key}` : key;
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

  const edges: DesignerTransition[] = [];
  for (const n of nodes) {
    for (const { ref, t } of transitionsOf(stateAt(machine, n.id)!, n.id)) {
      targetsOf(t).forEach((raw, j) => {
        const target = resolveTarget(machine, n.id, raw);
        if (target) edges.push(toEdge(machine, ref, t, target, j));
      });
    }
  }
  const global: DesignerTransition[] = [];
  for (const { ref, t } of transitionsOf(machine, '')) {
    const raw = targetsOf(t)[0];
    const target = raw === undefined ? '' : (resolveTarget(machine, '', raw) ?? '');
    global.push(toEdge(machine, ref, t, target, 0));
  }
  return { nodes, edges, global };
}

/** The transition a ref names, or undefined. */
export function transitionAt(machine: MachineConfig, ref: TransitionRef): TransitionConfig | undefined {
  const state = stateAt(machine, ref.source);
  if (!state) return undefined;
  const value =
    ref.on === 'on' ? state.on?.[ref.key] : ref.on === 'after' ? state.after?.[ref.key] : ref.on === 'always' ? state.always : state.onDone;
  return asList(value)[ref.index];
}

// ---------------------------------------------------------------- JSON pointers

export type Located = { kind: 'state'; path: string } | { kind: 'transition'; ref: TransitionRef } | { kind: 'procedure' };

function unescape(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** What a validation problem's JSON pointer points at: a state, a transition, or the file. */
export function locate(procedure: Procedure, pointer: string): Located {
  const segs = pointer.split('/').slice(1).map(unescape);
  if (segs[0] !== 'machine') return { kind: 'procedure' };
  let path = '';
  let i = 1;
  while (segs[i] === 'states' && segs[i + 1] !== undefined && stateAt(procedure.machine, joinPath(path, segs[i + 1]))) {
    path = joinPath(path, segs[i + 1]);
    i += 2;
  }
  const slot = segs[i];
  const state = stateAt(procedure.machine, path)!;
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

/** The JSON pointer of a state ('' = the machine). */
export function statePointer(path: string): string {
  const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  return '/machine' + (path ? path.split('.').map((k) => `/states/${esc(k)}`).join('') : '');
}

/** True when the problem at `pointer` belongs to the state at `path` (itself, not a child). */
export function pointerIsState(procedure: Procedure, pointer: string, path: string): boolean {
  const at = locate(procedure, pointer);
  return at.kind === 'state' && at.path === path;
}

export function textOr(t: Text | undefined, lang: 'vi' | 'en', fallback: string): string {
  return t?.[lang] || t?.vi || t?.en || fallback;
}

// A procedure's machine as a graph of states and transitions, and back to what Svelte Flow
// draws. Plain TS, no DOM: the case page and the designer share it, and it is tested alone.
import type { MachineConfig, StateConfig, Text, TransitionConfig, TransitionsConfig } from '../../../../engine/types.ts';

export const StateKind = {
  Atomic: 'atomic',
  Compound: 'compound',
  Parallel: 'parallel',
  Final: 'final',
  History: 'history',
} as const;
export type StateKind = (typeof StateKind)[keyof typeof StateKind];

export const TransitionKind = { Event: 'event', After: 'after', Always: 'always', Done: 'done' } as const;
export type TransitionKind = (typeof TransitionKind)[keyof typeof TransitionKind];

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
}

export interface TransitionModel {
  id: string;
  source: string;
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
  /** Transitions declared on the machine itself: allowed from every state (e.g. CANCEL). */
  global: TransitionModel[];
}

function toList(t: TransitionsConfig | undefined): TransitionConfig[] {
  if (t === undefined) return [];
  const arr = Array.isArray(t) ? t : [t];
  return arr.map((x) => (typeof x === 'string' ? { target: x } : x));
}

function targets(t: TransitionConfig): string[] {
  if (t.target === undefined) return [];
  return Array.isArray(t.target) ? t.target : [t.target];
}

function kindOf(s: StateConfig): StateKind {
  if (s.type === 'final') return StateKind.Final;
  if (s.type === 'parallel') return StateKind.Parallel;
  if (s.type === 'history') return StateKind.History;
  if (s.states && Object.keys(s.states).length) return StateKind.Compound;
  return StateKind.Atomic;
}

/**
 * Resolves a transition target as XState does: "#machine.a.b" from the root, ".child" below the
 * source, anything else a sibling of the source. Null when it names no state.
 */
export function resolveTarget(sourceId: string, target: string, machineId: string, known: Set<string>): string | null {
  let path: string;
  if (target.startsWith('#')) {
    const rest = target.slice(1);
    path = rest === machineId ? '' : rest.startsWith(`${machineId}.`) ? rest.slice(machineId.length + 1) : rest;
  } else if (target.startsWith('.')) {
    path = sourceId ? `${sourceId}${target}` : target.slice(1);
  } else {
    const parent = sourceId.includes('.') ? sourceId.slice(0, sourceId.lastIndexOf('.')) : '';
    path = parent ? `${parent}.${target}` : target;
  }
  return known.has(path) ? path : null;
}

function humanEvent(event: string): Text {
  return { vi: event, en: event };
}

export function procedureToGraph(machine: MachineConfig): ProcedureGraph {
  const nodes: StateNodeModel[] = [];
  const configs = new Map<string, StateConfig>();

  const walk = (states: Record<string, StateConfig> | undefined, parentId: string | null, initial: string | undefined, depth: number) => {
    for (const [key, s] of Object.entries(states ?? {})) {
      const id = parentId ? `${parentId}.${key}` : key;
      configs.set(id, s);
      nodes.push({
        id,
        key,
        parentId,
        kind: kindOf(s),
        title: s.meta?.title ?? { vi: key, en: key },
        roles: s.meta?.roles ?? [],
        sla: s.meta?.sla ?? null,
        initial: initial === key,
        depth,
      });
      walk(s.states, id, s.initial, depth + 1);
    }
  };
  walk(machine.states, null, machine.initial, 0);

  const known = new Set(nodes.map((n) => n.id));
  const machineId = machine.id;
  let n = 0;

  const collect = (sourceId: string, s: StateConfig, out: TransitionModel[]) => {
    const add = (kind: TransitionKind, event: string, list: TransitionConfig[]) => {
      for (const t of list) {
        for (const raw of targets(t)) {
          const target = resolveTarget(sourceId, raw, machineId, known);
          if (!target) continue;
          out.push({
            id: `e${n++}`,
            source: sourceId,
            target,
            kind,
            event,
            label: t.meta?.label ?? (kind === TransitionKind.Event ? humanEvent(event) : { vi: event, en: event }),
            roles: t.meta?.roles ?? [],
            guarded: t.guard !== undefined,
          });
        }
      }
    };
    for (const [event, t] of Object.entries(s.on ?? {})) add(TransitionKind.Event, event, toList(t));
    for (const [delay, t] of Object.entries(s.after ?? {})) add(TransitionKind.After, delay, toList(t));
    add(TransitionKind.Always, '', toList(s.always));
    add(TransitionKind.Done, '', toList(s.onDone));
  };

  const edges: TransitionModel[] = [];
  for (const node of nodes) collect(node.id, configs.get(node.id)!, edges);
  const global: TransitionModel[] = [];
  collect('', machine, global);
  return { nodes, edges, global };
}

/** The states a case is in: each leaf of `state` ("a.b,c.d" for parallel) and their ancestors. */
export function activeStates(state: string | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const leaf of (state ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const parts = leaf.split('.');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return out;
}

/** Parents before children, as Svelte Flow requires of sub-flows. */
export function parentsFirst<T extends { id: string; parentId?: string | null }>(nodes: T[]): T[] {
  const byId = new Map(nodes.map((x) => [x.id, x]));
  const depth = (x: T): number => (x.parentId && byId.has(x.parentId) ? 1 + depth(byId.get(x.parentId)!) : 0);
  return [...nodes].sort((a, b) => depth(a) - depth(b));
}

export interface ActionInfo {
  label: Text;
  form: import('../../../../engine/types.ts').Form | null;
}

/** Every event a procedure names, with its label and form, for timelines: the first wins. */
export function actionCatalog(machine: MachineConfig): Map<string, ActionInfo> {
  const out = new Map<string, ActionInfo>();
  const visit = (s: StateConfig) => {
    for (const [event, t] of Object.entries(s.on ?? {})) {
      for (const tr of toList(t)) {
        if (!out.has(event) && tr.meta?.label) out.set(event, { label: tr.meta.label, form: tr.meta.form ?? null });
      }
    }
    for (const child of Object.values(s.states ?? {})) visit(child);
  };
  visit(machine);
  return out;
}

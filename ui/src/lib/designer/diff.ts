// What changed between two versions of a procedure: states and transitions added, removed or
// changed (for highlighting on the canvas) and every field-level change (from jsondiffpatch),
// each attached to the state or transition it belongs to. Layout moves are not changes.
import { create, type Delta } from 'jsondiffpatch';
import { eachState, stateConfigAt } from '../../../../engine/index.ts';
import type { Procedure } from '../../../../engine/types.ts';
import { edgeId, locate, transitionsOf, type TransitionRef } from '../diagram/graph.ts';

export const ChangeOp = { Added: 'added', Removed: 'removed', Changed: 'changed' } as const;
export type ChangeOp = (typeof ChangeOp)[keyof typeof ChangeOp];

export interface FieldChange {
  /** JSON pointer into the procedure file (the newer one for added/changed, the older for removed) */
  path: string;
  op: ChangeOp;
  before?: unknown;
  after?: unknown;
}

export interface ItemChange<T> {
  id: string;
  item: T;
  op: ChangeOp;
  changes: FieldChange[];
}

export interface ProcedureDiff {
  states: ItemChange<string>[];
  /** transitions keyed by edge id (same ids as the canvas) */
  transitions: ItemChange<TransitionRef>[];
  /** changes outside the machine's states: title, roles, start form… */
  other: FieldChange[];
  changes: FieldChange[];
}

const differ = create({ arrays: { detectMove: false } });

const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** jsondiffpatch's delta as a flat list of changes with JSON pointers. */
export function flattenDelta(delta: Delta, base = ''): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (d: unknown, path: string) => {
    if (d === undefined) return;
    if (Array.isArray(d)) {
      if (d.length === 1) out.push({ path, op: 'added', after: d[0] });
      else if (d.length === 2) out.push({ path, op: 'changed', before: d[0], after: d[1] });
      else if (d.length === 3 && d[2] === 0) out.push({ path, op: 'removed', before: d[0] });
      return;
    }
    if (d && typeof d === 'object') {
      const o = d as Record<string, unknown>;
      const isArray = o._t === 'a';
      for (const [k, v] of Object.entries(o)) {
        if (k === '_t') continue;
        const key = isArray && k.startsWith('_') ? k.slice(1) : k;
        walk(v, `${path}/${esc(key)}`);
      }
    }
  };
  walk(delta, base);
  return out;
}

function stripLayout(p: Procedure): Omit<Procedure, 'layout'> {
  const { layout: _layout, ...rest } = p;
  return rest;
}

/** Own config of a state, without its children and transitions: what "changed" means for a node. */
function ownPart(p: Procedure, path: string): unknown {
  const s = stateConfigAt(p.machine, path);
  if (!s) return undefined;
  const { states: _s, on: _o, after: _a, always: _al, onDone: _d, ...own } = s;
  return own;
}

function transitionsById(p: Procedure): Map<string, { ref: TransitionRef; json: string }> {
  const out = new Map<string, { ref: TransitionRef; json: string }>();
  for (const { path, state } of [{ path: '', state: p.machine }, ...eachState(p.machine)]) {
    for (const { ref, t } of transitionsOf(state, path)) out.set(edgeId(ref), { ref, json: JSON.stringify(t) });
  }
  return out;
}

export function diffProcedures(before: Procedure, after: Procedure): ProcedureDiff {
  const delta = differ.diff(stripLayout(before), stripLayout(after));
  const changes = delta ? flattenDelta(delta) : [];

  const belongsTo = (c: FieldChange) => locate(c.op === 'removed' ? before : after, c.path);

  const statesBefore = new Set(eachState(before.machine).map((s) => s.path));
  const statesAfter = new Set(eachState(after.machine).map((s) => s.path));
  const states: ItemChange<string>[] = [];
  for (const p of statesAfter) {
    if (!statesBefore.has(p)) states.push({ id: p, item: p, op: 'added', changes: [] });
    else if (JSON.stringify(ownPart(before, p)) !== JSON.stringify(ownPart(after, p))) states.push({ id: p, item: p, op: 'changed', changes: [] });
  }
  for (const p of statesBefore) if (!statesAfter.has(p)) states.push({ id: p, item: p, op: 'removed', changes: [] });

  const tb = transitionsById(before);
  const ta = transitionsById(after);
  const transitions: ItemChange<TransitionRef>[] = [];
  for (const [id, t] of ta) {
    const old = tb.get(id);
    if (!old) transitions.push({ id, item: t.ref, op: 'added', changes: [] });
    else if (old.json !== t.json) transitions.push({ id, item: t.ref, op: 'changed', changes: [] });
  }
  for (const [id, t] of tb) if (!ta.has(id)) transitions.push({ id, item: t.ref, op: 'removed', changes: [] });

  const other: FieldChange[] = [];
  for (const c of changes) {
    const at = belongsTo(c);
    if (at.kind === 'state') {
      const item = states.find((s) => s.id === at.path);
      if (item) item.changes.push(c);
      else other.push(c);
    } else if (at.kind === 'transition') {
      const item = transitions.find((t) => t.id === edgeId(at.ref));
      if (item) item.changes.push(c);
      else other.push(c);
    } else other.push(c);
  }
  return { states, transitions, other, changes };
}

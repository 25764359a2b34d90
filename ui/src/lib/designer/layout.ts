// Positions of the designer's nodes. Auto-layout is ELK (layered, INCLUDE_CHILDREN, the input
// built by lib/diagram's toElkGraph); its result is written to procedure.layout.nodes, positions
// relative to the parent state as Svelte Flow's sub-flows expect. States without a saved
// position (a file written by hand) get one next to their siblings.
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { Procedure } from '../../../../engine/types.ts';
import { fromElk, NODE_HEIGHT, NODE_WIDTH, toElkGraph, type Elk } from '../diagram/layout.ts';
import { procedureGraph, StateKind, type DesignerGraph } from './graph.ts';
import { replaceLayout, type Positions } from './edit.ts';

export { NODE_WIDTH, NODE_HEIGHT };
export const GROUP_HEADER = 44;
export const GROUP_PAD = 16;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The ELK graph for a procedure: compound and parallel states as nested children, edge labels
 * sized so ELK keeps room for them, cycles broken in file order (the first step stays first).
 */
export function elkInput(graph: DesignerGraph, lang: 'vi' | 'en' = 'vi'): ElkNode {
  const input = toElkGraph(graph, 'RIGHT');
  input.layoutOptions = {
    ...input.layoutOptions,
    'elk.layered.spacing.nodeNodeBetweenLayers': '40',
    'elk.spacing.nodeNode': '40',
    'elk.layered.spacing.edgeNodeBetweenLayers': '12',
    'elk.spacing.edgeLabel': '6',
    'elk.edgeLabels.placement': 'CENTER',
    'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  };
  const byId = new Map(graph.edges.map((e) => [e.id, e]));
  for (const edge of input.edges ?? []) {
    const e = byId.get(edge.id);
    const text = e ? (e.kind === 'after' ? `Sau ${e.event}` : e.label[lang] || e.label.vi || e.event) : '';
    if (text) edge.labels = [{ text, width: Math.min(180, 12 + text.length * 5.6), height: 18 }];
  }
  return input;
}

export function elkToPositions(result: ElkNode): Positions {
  const out: Positions = {};
  for (const [id, b] of fromElk(result)) out[id] = { x: b.x, y: b.y, width: b.width, height: b.height };
  return out;
}

let elkInstance: Promise<Elk> | null = null;
function defaultElk(): Promise<Elk> {
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default() as unknown as Elk);
  return elkInstance;
}

/** Lays the whole procedure out with ELK and writes the positions into its layout. */
export async function autoLayout(procedure: Procedure, elk?: Elk, lang: 'vi' | 'en' = 'vi'): Promise<Procedure> {
  const engine = elk ?? (await defaultElk());
  const result = await engine.layout(elkInput(procedureGraph(procedure), lang));
  const positions = elkToPositions(result);
  // Leaves keep the default size: only groups need theirs stored.
  for (const n of procedureGraph(procedure).nodes) {
    if (n.kind !== StateKind.Compound && n.kind !== StateKind.Parallel) {
      delete positions[n.id].width;
      delete positions[n.id].height;
    }
  }
  return replaceLayout(procedure, positions);
}

/**
 * A box for every state: the saved one, or a spot after its placed siblings; groups grow to
 * hold their children.
 */
export function boxes(graph: DesignerGraph, saved: Procedure['layout']): Map<string, Box> {
  const out = new Map<string, Box>();
  const stored = saved?.nodes ?? {};
  const children = new Map<string | null, string[]>();
  for (const n of graph.nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  const isGroup = new Set(graph.nodes.filter((n) => n.kind === StateKind.Compound || n.kind === StateKind.Parallel).map((n) => n.id));

  const place = (parent: string | null) => {
    const ids = children.get(parent) ?? [];
    // Children first, so a group knows how big it must be.
    for (const id of ids) if (isGroup.has(id)) place(id);
    let nextX = parent ? GROUP_PAD : 0;
    const baseY = parent ? GROUP_HEADER : 0;
    for (const id of ids) {
      const s = stored[id];
      if (s) nextX = Math.max(nextX, s.x + (s.width ?? NODE_WIDTH) + 40);
    }
    for (const id of ids) {
      const s = stored[id];
      let width = s?.width ?? NODE_WIDTH;
      let height = s?.height ?? NODE_HEIGHT;
      if (isGroup.has(id)) {
        const kids = (children.get(id) ?? []).map((k) => out.get(k)!);
        const right = Math.max(0, ...kids.map((b) => b.x + b.width)) + GROUP_PAD;
        const bottom = Math.max(0, ...kids.map((b) => b.y + b.height)) + GROUP_PAD;
        width = Math.max(width, right, NODE_WIDTH + 2 * GROUP_PAD);
        height = Math.max(height, bottom, NODE_HEIGHT + GROUP_HEADER + GROUP_PAD);
      }
      if (s) out.set(id, { x: s.x, y: s.y, width, height });
      else {
        out.set(id, { x: nextX, y: baseY, width, height });
        nextX += width + 40;
      }
    }
  };
  place(null);
  return out;
}

/** Absolute position of a state (sum of its ancestors' positions). */
export function absolutePosition(id: string, layout: Map<string, Box>): { x: number; y: number } {
  const parts = id.split('.');
  let x = 0;
  let y = 0;
  for (let i = 1; i <= parts.length; i++) {
    const b = layout.get(parts.slice(0, i).join('.'));
    x += b?.x ?? 0;
    y += b?.y ?? 0;
  }
  return { x, y };
}

/**
 * The innermost group (compound/parallel state) under an absolute point, where a dropped state
 * belongs; '' for the top level. Returns the position relative to that group.
 */
export function dropTarget(graph: DesignerGraph, layout: Map<string, Box>, point: { x: number; y: number }): { parent: string; position: { x: number; y: number } } {
  let best = '';
  let bestDepth = -1;
  for (const n of graph.nodes) {
    if (n.kind !== StateKind.Compound && n.kind !== StateKind.Parallel) continue;
    const b = layout.get(n.id);
    if (!b) continue;
    const a = absolutePosition(n.id, layout);
    if (point.x >= a.x && point.x <= a.x + b.width && point.y >= a.y && point.y <= a.y + b.height && n.depth > bestDepth) {
      best = n.id;
      bestDepth = n.depth;
    }
  }
  if (!best) return { parent: '', position: point };
  // Into a parallel state: a new region is a child of the parallel itself.
  const origin = absolutePosition(best, layout);
  return { parent: best, position: { x: Math.max(GROUP_PAD, point.x - origin.x), y: Math.max(GROUP_HEADER, point.y - origin.y) } };
}

// Where the states sit. Positions are relative to the parent state, as Svelte Flow's sub-flows
// expect, and saved in procedure.layout.nodes. ELK (layered, INCLUDE_CHILDREN, the only layout
// that handles edges crossing into compound states) places a procedure from scratch: the
// designer's auto-layout, and the case page when the saved layout misses a state. The designer
// places a state without a saved position next to its siblings.
import type { ElkNode, ElkExtendedEdge } from 'elkjs/lib/elk-api.js';
import type { Procedure } from '../../../../engine/types.ts';
import { StateKind, type ProcedureGraph, type StateNodeModel } from './graph.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Layout = Map<string, Box>;

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 62;
export const GROUP_HEADER = 44;
export const GROUP_PAD = 16;

export interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** Saved positions, as in procedure.layout.nodes. */
export type Positions = Record<string, { x: number; y: number; width?: number; height?: number }>;

export const isGroup = (n: StateNodeModel) => n.kind === StateKind.Compound || n.kind === StateKind.Parallel;

/**
 * The ELK graph for a procedure: compound and parallel states as nested children, edges at the
 * root with labels sized so ELK keeps room for them, cycles broken in file order (the first
 * step stays first).
 */
export function elkInput(graph: ProcedureGraph, lang: 'vi' | 'en' = 'vi'): ElkNode {
  const children = new Map<string | null, StateNodeModel[]>();
  for (const n of graph.nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const build = (n: StateNodeModel): ElkNode => {
    const kids = children.get(n.id) ?? [];
    if (kids.length === 0) return { id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT };
    return {
      id: n.id,
      layoutOptions: { 'elk.padding': `[top=${GROUP_HEADER},left=${GROUP_PAD},bottom=${GROUP_PAD},right=${GROUP_PAD}]`, 'elk.direction': 'RIGHT' },
      children: kids.map(build),
    };
  };
  const edges = graph.edges
    .filter((e) => e.source !== e.target)
    .map((e): ElkExtendedEdge => {
      const text = e.kind === 'after' ? `Sau ${e.event}` : e.label[lang] || e.label.vi || e.event;
      const edge: ElkExtendedEdge = { id: e.id, sources: [e.source], targets: [e.target] };
      if (text) edge.labels = [{ text, width: Math.min(180, 12 + text.length * 5.6), height: 18 }];
      return edge;
    });
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '40',
      'elk.spacing.edgeNode': '24',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.spacing.edgeNodeBetweenLayers': '12',
      'elk.spacing.edgeLabel': '6',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: (children.get(null) ?? []).map(build),
    edges,
  };
}

export function fromElk(root: ElkNode): Layout {
  const out: Layout = new Map();
  const visit = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      out.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? NODE_WIDTH, height: c.height ?? NODE_HEIGHT });
      visit(c);
    }
  };
  visit(root);
  return out;
}

let elkInstance: Promise<Elk> | null = null;

/** ELK's layout of the graph; elkjs is loaded on first use unless an instance is given. */
export async function elkLayout(graph: ProcedureGraph, elk?: Elk, lang: 'vi' | 'en' = 'vi'): Promise<Layout> {
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default() as unknown as Elk);
  return fromElk(await (elk ?? (await elkInstance)).layout(elkInput(graph, lang)));
}

/** The saved layout, when it places every state; null otherwise. */
export function savedLayout(graph: ProcedureGraph, saved: Positions | undefined): Layout | null {
  if (!saved) return null;
  const out: Layout = new Map();
  for (const n of graph.nodes) {
    const p = saved[n.id];
    if (!p) return null;
    out.set(n.id, { x: p.x, y: p.y, width: p.width ?? NODE_WIDTH, height: p.height ?? NODE_HEIGHT });
  }
  return out;
}

/** The saved layout when it places every state, else ELK's. */
export async function layoutGraph(graph: ProcedureGraph, saved?: Positions, elk?: Elk): Promise<Layout> {
  return savedLayout(graph, saved) ?? elkLayout(graph, elk);
}

/**
 * A box for every state: the saved one, or a spot after its placed siblings; groups grow to
 * hold their children.
 */
export function boxes(graph: ProcedureGraph, saved: Procedure['layout']): Layout {
  const out: Layout = new Map();
  const stored = saved?.nodes ?? {};
  const children = new Map<string | null, string[]>();
  for (const n of graph.nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  const groups = new Set(graph.nodes.filter(isGroup).map((n) => n.id));

  const place = (parent: string | null) => {
    const ids = children.get(parent) ?? [];
    // Children first, so a group knows how big it must be.
    for (const id of ids) if (groups.has(id)) place(id);
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
      if (groups.has(id)) {
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
export function absolutePosition(id: string, layout: Layout): { x: number; y: number } {
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
export function dropTarget(graph: ProcedureGraph, layout: Layout, point: { x: number; y: number }): { parent: string; position: { x: number; y: number } } {
  let best = '';
  let bestDepth = -1;
  for (const n of graph.nodes) {
    if (!isGroup(n)) continue;
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

/** The least zoom at which a step's smallest text (12 px) is drawn at least 11 px high. */
export const LEGIBLE_ZOOM = 0.92;
/** Fitting never blows a small procedure up beyond this. */
export const MAX_FIT_ZOOM = 1.25;
const VIEW_PAD = 24;
/** Left of the procedure: room for the zoom buttons, so that they cover no step. */
const LEFT_PAD = 64;

/**
 * The view of a canvas at "fit": null when the whole procedure fits at a legible zoom (fit it),
 * else the legible zoom with the procedure's left edge in view, centred when its height fits,
 * else its start state at mid-height; the person pans to the rest.
 */
export function firstView(graph: ProcedureGraph, layout: Layout, width: number, height: number): { x: number; y: number; zoom: number } | null {
  const top = graph.nodes.filter((n) => n.parentId === null).map((n) => layout.get(n.id)).filter((b): b is Box => !!b);
  if (!top.length) return null;
  const minX = Math.min(...top.map((b) => b.x));
  const minY = Math.min(...top.map((b) => b.y));
  const w = Math.max(...top.map((b) => b.x + b.width)) - minX;
  const h = Math.max(...top.map((b) => b.y + b.height)) - minY;
  if (Math.min((width - 2 * VIEW_PAD) / w, (height - 2 * VIEW_PAD) / h) >= LEGIBLE_ZOOM) return null;
  const zoom = LEGIBLE_ZOOM;
  if (h * zoom <= height - 2 * VIEW_PAD) return { x: LEFT_PAD - minX * zoom, y: (height - h * zoom) / 2 - minY * zoom, zoom };
  const start = graph.nodes.find((n) => n.parentId === null && n.initial);
  const box = (start && layout.get(start.id)) ?? top[0];
  return { x: LEFT_PAD - minX * zoom, y: height / 2 - (box.y + box.height / 2) * zoom, zoom };
}

/**
 * Where a step added without a drop point goes: right of `near` (the selected top-level step)
 * or below everything, moved down until it covers no other step.
 */
export function freeSpot(graph: ProcedureGraph, layout: Layout, near: string | null): { x: number; y: number } {
  const top = graph.nodes.filter((n) => n.parentId === null).map((n) => layout.get(n.id)).filter((b): b is Box => !!b);
  if (!top.length) return { x: 0, y: 0 };
  const from = near && !near.includes('.') ? layout.get(near) : undefined;
  const spot = from ? { x: from.x + from.width + 80, y: from.y } : { x: Math.min(...top.map((b) => b.x)), y: Math.max(...top.map((b) => b.y + b.height)) + 60 };
  const covers = (p: { x: number; y: number }) =>
    top.some((b) => p.x < b.x + b.width + 20 && b.x < p.x + NODE_WIDTH + 20 && p.y < b.y + b.height + 20 && b.y < p.y + NODE_HEIGHT + 20);
  while (covers(spot)) spot.y += NODE_HEIGHT + 40;
  return spot;
}

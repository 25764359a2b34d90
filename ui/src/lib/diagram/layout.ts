// Positions for a procedure graph: the designer's saved layout when it covers every state,
// else ELK's layered layout, which alone handles edges that cross into compound states.
import type { ElkNode, ElkExtendedEdge } from 'elkjs/lib/elk-api.js';
import type { ProcedureGraph, StateNodeModel } from './convert.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Positions relative to the parent state, as Svelte Flow's sub-flows expect. */
export type Layout = Map<string, Box>;

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 62;
const GROUP_PADDING = '[top=44,left=16,bottom=16,right=16]';

export interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** The ELK input for a graph: nested children for compound states, edges at the root. */
export function toElkGraph(graph: ProcedureGraph, direction: 'RIGHT' | 'DOWN' = 'RIGHT'): ElkNode {
  const children = new Map<string | null, StateNodeModel[]>();
  for (const n of graph.nodes) {
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }
  const build = (n: StateNodeModel): ElkNode => {
    const kids = children.get(n.id) ?? [];
    if (kids.length === 0) return { id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT };
    return {
      id: n.id,
      layoutOptions: { 'elk.padding': GROUP_PADDING, 'elk.direction': direction },
      children: kids.map(build),
    };
  };
  const edges: ElkExtendedEdge[] = graph.edges
    .filter((e) => e.source !== e.target)
    .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.edgeNode': '24',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
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

/** The saved layout, when it places every state; null otherwise. */
export function savedLayout(
  graph: ProcedureGraph,
  saved: Record<string, { x: number; y: number; width?: number; height?: number }> | undefined,
): Layout | null {
  if (!saved) return null;
  const out: Layout = new Map();
  for (const n of graph.nodes) {
    const p = saved[n.id];
    if (!p) return null;
    out.set(n.id, { x: p.x, y: p.y, width: p.width ?? NODE_WIDTH, height: p.height ?? NODE_HEIGHT });
  }
  return out;
}

let elkInstance: Promise<Elk> | null = null;

async function defaultElk(): Promise<Elk> {
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default() as unknown as Elk);
  return elkInstance;
}

export async function layoutGraph(
  graph: ProcedureGraph,
  saved?: Record<string, { x: number; y: number; width?: number; height?: number }>,
  elk?: Elk,
): Promise<Layout> {
  const fromSaved = savedLayout(graph, saved);
  if (fromSaved) return fromSaved;
  const engine = elk ?? (await defaultElk());
  return fromElk(await engine.layout(toElkGraph(graph)));
}

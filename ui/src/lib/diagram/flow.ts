// Graph + layout → the nodes and edges Svelte Flow draws, in one language, with the case's
// current state marked.
import type { Edge, Node } from '@xyflow/svelte';
import type { Text } from '../../../../engine/types.ts';
import { parentsFirst, StateKind, TransitionKind, type ProcedureGraph, type StateNodeModel } from './convert.ts';
import type { Layout } from './layout.ts';

export interface StateNodeData extends Record<string, unknown> {
  title: string;
  kind: StateNodeModel['kind'];
  roles: string[];
  sla: string | null;
  initial: boolean;
  active: boolean;
  /** the leaf the case is in now (not only an ancestor of it) */
  current: boolean;
  group: boolean;
}

function pick(t: Text, lang: 'vi' | 'en'): string {
  return t[lang] || t.vi || t.en || '';
}

export function toFlow(
  graph: ProcedureGraph,
  layout: Layout,
  active: Set<string>,
  lang: 'vi' | 'en',
  current: Set<string> = new Set(),
): { nodes: Node<StateNodeData>[]; edges: Edge[] } {
  const nodes: Node<StateNodeData>[] = parentsFirst(graph.nodes).map((n) => {
    const box = layout.get(n.id) ?? { x: 0, y: 0, width: 190, height: 62 };
    const group = n.kind === StateKind.Compound || n.kind === StateKind.Parallel;
    return {
      id: n.id,
      type: 'state',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      ...(n.parentId ? { parentId: n.parentId, extent: 'parent' as const } : {}),
      data: {
        title: pick(n.title, lang),
        kind: n.kind,
        roles: n.roles,
        sla: n.sla,
        initial: n.initial,
        active: active.has(n.id),
        current: current.has(n.id),
        group,
      },
      draggable: false,
      selectable: false,
      connectable: false,
      zIndex: group ? 0 : 1,
    };
  });
  const edges: Edge[] = graph.edges.map((e) => {
    const label =
      e.kind === TransitionKind.After
        ? `⏱ ${e.event}`
        : e.kind === TransitionKind.Event
          ? pick(e.label, lang)
          : e.kind === TransitionKind.Done
            ? '✓'
            : '';
    const taken = active.has(e.source);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      label,
      type: 'smoothstep',
      markerEnd: { type: 'arrowclosed' } as Edge['markerEnd'],
      class: [e.kind === TransitionKind.After ? 'timer' : '', taken ? 'from-active' : ''].filter(Boolean).join(' '),
      style: e.kind === TransitionKind.After ? 'stroke-dasharray: 6 4;' : undefined,
      zIndex: 2,
      selectable: false,
      focusable: false,
    };
  });
  return { nodes, edges };
}

// Graph + boxes → what Svelte Flow draws, in one language: state nodes (groups as sub-flows,
// parents first) and transition edges that carry their ref, with selection, problems, the
// case's (or simulated case's) state and diff marks. The designer and the case page both draw
// this; the case page passes no selection, problems or diff.
import type { Edge, Node } from '@xyflow/svelte';
import { formatDuration, parseDuration } from '../../../../engine/index.ts';
import type { Text } from '../../../../engine/types.ts';
import { parentsFirst, StateKind, TransitionKind, type ProcedureGraph, type TransitionRef } from './graph.ts';
import { absolutePosition, type Layout } from './layout.ts';
import { placeLabels } from './labels.ts';

export interface StateNodeData extends Record<string, unknown> {
  key: string;
  title: string;
  kind: string;
  roles: string[];
  /** the roles by their titles in the procedure (a role it does not declare by its id) */
  roleTitles: string[];
  sla: string | null;
  initial: boolean;
  group: boolean;
  problems: number;
  active: boolean;
  /** the leaf the case is in now (not only an ancestor of it) */
  current: boolean;
  diff: string | null;
  readonly: boolean;
}

export interface TransitionEdgeData extends Record<string, unknown> {
  ref: TransitionRef;
  label: string;
  timer: boolean;
  /** an automated step's onError: drawn in the failure colour */
  failure: boolean;
  guarded: boolean;
  problems: number;
  diff: string | null;
  readonly: boolean;
  /** leaves an active state */
  taken: boolean;
  /** where the label goes (clear of steps and other labels), and the source point it was placed for */
  labelAt?: { x: number; y: number; sx: number; sy: number };
}

export interface FlowMarks {
  lang: 'vi' | 'en';
  selectedState?: string | null;
  selectedEdge?: string | null;
  problems?: Map<string, number>;
  active?: Set<string>;
  current?: Set<string>;
  diff?: Map<string, string>;
  readonly?: boolean;
  /** the procedure's roles, to name them by title */
  roles?: { id: string; title: Text }[];
}

const pick = (t: Text, lang: 'vi' | 'en') => t[lang] || t.vi || t.en || '';

/** "Sau 7 ngày" / "After 7 days"; a named delay (a setting, or a deadline from a field) "Khi đến hạn" / "When due". */
export function timerLabel(delay: string, lang: 'vi' | 'en'): string {
  if (!parseDuration(delay)) return lang === 'vi' ? 'Khi đến hạn' : 'When due';
  return `${lang === 'vi' ? 'Sau' : 'After'} ${formatDuration(delay, lang)}`;
}

export function toFlow(graph: ProcedureGraph, boxes: Layout, marks: FlowMarks): { nodes: Node<StateNodeData>[]; edges: Edge<TransitionEdgeData>[] } {
  const readonly = !!marks.readonly;
  const nodes = parentsFirst(graph.nodes).map((n): Node<StateNodeData> => {
    const box = boxes.get(n.id) ?? { x: 0, y: 0, width: 190, height: 62 };
    const group = n.kind === StateKind.Compound || n.kind === StateKind.Parallel;
    return {
      id: n.id,
      type: 'state',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      ...(n.parentId ? { parentId: n.parentId, extent: 'parent' as const } : {}),
      data: {
        key: n.key,
        title: pick(n.title, marks.lang),
        kind: n.kind,
        roles: n.roles,
        roleTitles: n.roles.map((r) => {
          const t = marks.roles?.find((d) => d.id === r)?.title;
          return t ? pick(t, marks.lang) || r : r;
        }),
        sla: n.sla,
        initial: n.initial,
        group,
        problems: marks.problems?.get(`s:${n.id}`) ?? 0,
        active: marks.active?.has(n.id) ?? false,
        current: marks.current?.has(n.id) ?? false,
        diff: marks.diff?.get(`s:${n.id}`) ?? null,
        readonly,
      },
      selected: marks.selectedState === n.id,
      draggable: !readonly,
      connectable: !readonly && n.kind !== StateKind.Final,
      zIndex: group ? n.depth : 10 + n.depth,
    };
  });
  const labelOf = (e: ProcedureGraph['edges'][number]) =>
    e.kind === TransitionKind.After
      ? timerLabel(e.event, marks.lang)
      : e.kind === TransitionKind.Event || e.kind === TransitionKind.ServiceDone || e.kind === TransitionKind.ServiceError
        ? pick(e.label, marks.lang)
        : e.kind === TransitionKind.Done
          ? '✓'
          : '';
  const places = placeLabels(graph, boxes, new Map(graph.edges.map((e) => [e.id, labelOf(e)])));
  const edges = graph.edges.map((e): Edge<TransitionEdgeData> => {
    const timer = e.kind === TransitionKind.After;
    const at = places.get(e.id);
    const src = boxes.get(e.source);
    const origin = absolutePosition(e.source, boxes);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'transition',
      markerEnd: { type: 'arrowclosed' } as Edge['markerEnd'],
      selected: marks.selectedEdge === e.id,
      zIndex: 20,
      data: {
        ref: e.ref,
        label: labelOf(e),
        ...(at && src ? { labelAt: { ...at, sx: origin.x + src.width, sy: origin.y + src.height / 2 } } : {}),
        timer,
        failure: e.kind === TransitionKind.ServiceError,
        guarded: e.guarded,
        problems: marks.problems?.get(e.id) ?? 0,
        diff: marks.diff?.get(e.id) ?? null,
        readonly,
        taken: marks.active?.has(e.source) ?? false,
      },
    };
  });
  return { nodes, edges };
}

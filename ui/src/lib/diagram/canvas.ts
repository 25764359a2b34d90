// What every canvas of a procedure shares, in the designer and on the case page: the components
// that draw its steps and actions, and how the view first fits the procedure.
import type { EdgeTypes, NodeTypes } from '@xyflow/svelte';
import StateNode from './StateNode.svelte';
import TransitionEdge from './TransitionEdge.svelte';

export const canvasDefaults = {
  nodeTypes: { state: StateNode } as unknown as NodeTypes,
  edgeTypes: { transition: TransitionEdge } as unknown as EdgeTypes,
  fitView: true,
  fitViewOptions: { padding: 0.1 },
};

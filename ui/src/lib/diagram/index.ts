export { default as ProcedureDiagram } from './ProcedureDiagram.svelte';
export { procedureToGraph, resolveTarget, activeStates, parentsFirst, StateKind, TransitionKind } from './convert.ts';
export type { ProcedureGraph, StateNodeModel, TransitionModel } from './convert.ts';
export { layoutGraph, toElkGraph, fromElk, savedLayout, NODE_WIDTH, NODE_HEIGHT } from './layout.ts';
export type { Layout, Box, Elk } from './layout.ts';
export { toFlow } from './flow.ts';
export type { StateNodeData } from './flow.ts';

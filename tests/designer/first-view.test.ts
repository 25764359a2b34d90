// The canvas's first view: a procedure that fits at a readable size is fitted; a big imported one
// opens at a legible zoom on its start state instead of being squeezed.
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { importMachine } from '../../engine/index.ts';
import { autoLayout } from '../../ui/src/lib/designer/edit.ts';
import { procedureGraph } from '../../ui/src/lib/diagram/graph.ts';
import { boxes, firstView, freeSpot, LEGIBLE_ZOOM, NODE_HEIGHT, NODE_WIDTH, type Elk } from '../../ui/src/lib/diagram/layout.ts';
import { reference } from './support.ts';

function chain(n: number) {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) states[`step${i}`] = i + 1 < n ? { on: { NEXT: `step${i + 1}` } } : { type: 'final' };
  const r = importMachine({ id: 'chain', initial: 'step0', states });
  if (!r.ok) throw new Error('the chain must import');
  return r.procedure;
}

describe('the first view of a canvas', () => {
  it('fits the reference procedure where it is legible, else shows it legibly from its left edge', () => {
    const p = reference();
    const graph = procedureGraph(p);
    expect(firstView(graph, boxes(graph, p.layout), 2000, 1000)).toBeNull();
    const view = firstView(graph, boxes(graph, p.layout), 930, 650)!;
    expect(view.zoom).toBe(LEGIBLE_ZOOM);
    expect(12 * view.zoom).toBeGreaterThanOrEqual(11);
  });

  it('shows a 67-state machine at a legible zoom with its start state in view', async () => {
    const p = await autoLayout(chain(67), new ELK() as unknown as Elk);
    const graph = procedureGraph(p);
    const layout = boxes(graph, p.layout);
    const view = firstView(graph, layout, 1200, 700)!;
    expect(view.zoom).toBe(LEGIBLE_ZOOM);
    const start = layout.get('step0')!;
    const left = start.x * view.zoom + view.x;
    const top = start.y * view.zoom + view.y;
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left + start.width * view.zoom).toBeLessThanOrEqual(1200);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top + start.height * view.zoom).toBeLessThanOrEqual(700);
  });

  it('puts a step added from the palette beside the selected one, or below, on no other step', () => {
    const p = reference();
    const graph = procedureGraph(p);
    const layout = boxes(graph, p.layout);
    const tops = graph.nodes.filter((n) => n.parentId === null).map((n) => layout.get(n.id)!);
    const clear = (s: { x: number; y: number }) => tops.every((b) => s.x >= b.x + b.width || b.x >= s.x + NODE_WIDTH || s.y >= b.y + b.height || b.y >= s.y + NODE_HEIGHT);
    const beside = freeSpot(graph, layout, 'verifying');
    expect(beside.x).toBeGreaterThan(layout.get('verifying')!.x + layout.get('verifying')!.width);
    expect(clear(beside)).toBe(true);
    const below = freeSpot(graph, layout, null);
    expect(below.y).toBeGreaterThanOrEqual(Math.max(...tops.map((b) => b.y + b.height)));
    expect(clear(below)).toBe(true);
  });
});

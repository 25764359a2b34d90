// Transition labels are placed clear of the steps and of each other (estimated sizes; the e2e
// measures the drawn ones).
import { describe, expect, it } from 'vitest';
import { procedureGraph, StateKind } from '../../ui/src/lib/diagram/graph.ts';
import { absolutePosition, boxes } from '../../ui/src/lib/diagram/layout.ts';
import { labelSize, placeLabels, type Rect } from '../../ui/src/lib/diagram/labels.ts';
import { timerLabel } from '../../ui/src/lib/diagram/flow.ts';
import { reference } from './support.ts';

const hit = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('transition labels', () => {
  it('on the reference procedure, no label covers a step or another label', () => {
    const p = reference();
    const graph = procedureGraph(p);
    const layout = boxes(graph, p.layout);
    const texts = new Map(graph.edges.map((e) => [e.id, e.kind === 'after' ? timerLabel(e.event, 'vi') : e.label.vi]));
    const at = placeLabels(graph, layout, texts);
    const rects = [...at].map(([id, c]) => {
      const s = labelSize(texts.get(id)!);
      return { id, x: c.x - s.width / 2, y: c.y - s.height / 2, ...s };
    });
    expect(rects.length).toBe([...texts.values()].filter(Boolean).length);
    const steps = graph.nodes
      .filter((n) => n.kind !== StateKind.Compound && n.kind !== StateKind.Parallel)
      .map((n) => ({ id: n.id, ...absolutePosition(n.id, layout), width: layout.get(n.id)!.width, height: layout.get(n.id)!.height }));
    const onSteps = rects.flatMap((r) => steps.filter((s) => hit(r, s)).map((s) => `${r.id} on ${s.id}`));
    const pairs = rects.flatMap((r, i) => rects.slice(i + 1).filter((o) => hit(r, o)).map((o) => `${r.id} × ${o.id}`));
    expect(onSteps).toEqual([]);
    expect(pairs).toEqual([]);
  });
});

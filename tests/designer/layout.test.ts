import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { validateProcedure } from '../../engine/index.ts';
import { addState, autoLayout } from '../../ui/src/lib/designer/edit.ts';
import { procedureGraph } from '../../ui/src/lib/diagram/graph.ts';
import { boxes, dropTarget, elkInput, type Elk } from '../../ui/src/lib/diagram/layout.ts';
import { reference } from './support.ts';

describe('layout', () => {
  it('builds ELK input with sub-flows nested and hierarchy handling on', () => {
    const input = elkInput(procedureGraph(reference()));
    expect(input.layoutOptions).toMatchObject({ 'elk.algorithm': 'layered', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' });
    const removal = input.children!.find((c) => c.id === 'removal')!;
    expect(removal.children!.map((c) => c.id)).toEqual(['removal.requested', 'removal.following_up', 'removal.overdue']);
    expect(input.edges!.some((e) => e.sources[0] === 'removal.following_up' && e.targets[0] === 'reporting_back')).toBe(true);
  });

  it('auto-layout writes a position for every state into procedure.layout', async () => {
    const p = addState(reference(), '', 'atomic', { key: 'extra', title: { vi: 'x', en: 'x' } }).procedure;
    const out = await autoLayout(p, new ELK() as unknown as Elk);
    const nodes = out.layout!.nodes!;
    for (const n of procedureGraph(p).nodes) expect(nodes[n.id], n.id).toBeDefined();
    expect(nodes.removal.width).toBeGreaterThan(nodes['removal.requested'].x);
    expect(nodes.detected.width).toBeUndefined();
    expect(validateProcedure(out).errors.filter((e) => e.path.startsWith('/layout'))).toEqual([]);
  });

  it('places unsaved states and finds the group under a drop point', () => {
    const p = addState(reference(), 'removal', 'atomic', { key: 'waiting' }).procedure;
    const g = procedureGraph(p);
    const b = boxes(g, p.layout);
    expect(b.get('removal.waiting')).toBeDefined();
    expect(b.get('removal')!.width).toBeGreaterThanOrEqual(b.get('removal.waiting')!.x + b.get('removal.waiting')!.width);
    expect(dropTarget(g, b, { x: 1000, y: 50 })).toEqual({ parent: 'removal', position: { x: 40, y: 90 } });
    expect(dropTarget(g, b, { x: -500, y: 50 }).parent).toBe('');
  });
});

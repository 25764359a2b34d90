import { describe, expect, it } from 'vitest';
import { toFlow, timerLabel } from '../../ui/src/lib/diagram/flow.ts';
import { edgeId, procedureGraph } from '../../ui/src/lib/diagram/graph.ts';
import { boxes } from '../../ui/src/lib/diagram/layout.ts';
import { reference } from './support.ts';

describe('graph → Svelte Flow nodes and edges', () => {
  const p = reference();
  const g = procedureGraph(p);
  const flow = toFlow(g, boxes(g, p.layout), {
    lang: 'en',
    selectedState: 'verifying',
    selectedEdge: edgeId({ source: 'detected', on: 'on', key: 'SUBMIT', index: 0 }),
    problems: new Map([['s:deciding', 2]]),
    current: new Set(['removal.following_up']),
    roles: p.roles,
  });

  it("names a step's roles by the procedure's titles, not their ids", () => {
    const verifying = flow.nodes.find((n) => n.id === 'verifying')!.data;
    expect(verifying.roles).toEqual(['verifier']);
    expect(verifying.roleTitles).toEqual([p.roles.find((r) => r.id === 'verifier')!.title.en]);
  });

  it('makes sub-flows: children after their parent, positioned inside it', () => {
    const ids = flow.nodes.map((n) => n.id);
    const child = flow.nodes.find((n) => n.id === 'removal.requested')!;
    expect(child).toMatchObject({ parentId: 'removal', extent: 'parent', position: { x: 30, y: 60 } });
    expect(ids.indexOf('removal')).toBeLessThan(ids.indexOf('removal.requested'));
    expect(flow.nodes.find((n) => n.id === 'removal')!.data.group).toBe(true);
    expect(flow.nodes.find((n) => n.id === 'done')!.connectable).toBe(false);
  });

  it('carries selection, problems and the simulated state', () => {
    expect(flow.nodes.find((n) => n.id === 'verifying')!.selected).toBe(true);
    expect(flow.nodes.find((n) => n.id === 'deciding')!.data.problems).toBe(2);
    expect(flow.nodes.find((n) => n.id === 'removal.following_up')!.data.current).toBe(true);
    expect(flow.edges.find((e) => e.selected)!.data!.ref).toEqual({ source: 'detected', on: 'on', key: 'SUBMIT', index: 0 });
  });

  it('labels edges with the action in the reader language, timers as durations', () => {
    expect(flow.edges.find((e) => e.data!.ref.key === 'SUBMIT')!.data!.label).toBe('Send for verification');
    const timer = flow.edges.find((e) => e.data!.timer)!;
    expect(timer.data!.label).toBe('When due'); // the removal deadline the lead sets
    expect(timerLabel('P7D', 'vi')).toBe('Sau 7 ngày');
    expect(timerLabel('untilDeadline', 'vi')).toBe('Khi đến hạn');
  });
});

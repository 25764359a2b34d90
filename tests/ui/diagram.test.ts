import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import harmful from '../../workflows/harmful-content.json' with { type: 'json' };
import impersonation from '../../workflows/impersonation-page.json' with { type: 'json' };
import { resolveTarget } from '../../engine/index.ts';
import type { MachineConfig, Procedure } from '../../engine/types.ts';
import { procedureGraph, activeStates, parentsFirst, actionCatalog } from '../../ui/src/lib/diagram/graph.ts';
import { elkInput, fromElk, layoutGraph, savedLayout, type Elk } from '../../ui/src/lib/diagram/layout.ts';
import { toFlow } from '../../ui/src/lib/diagram/flow.ts';

const hc = harmful as unknown as Procedure;
const imp = impersonation as unknown as Procedure;
const elk = new ELK() as unknown as Elk;

describe('procedure → graph', () => {
  const g = procedureGraph(hc);
  const ids = g.nodes.map((n) => n.id);

  it('has every state, nested ones under their parent', () => {
    expect(ids).toEqual(
      expect.arrayContaining(['detected', 'verifying', 'deciding', 'removal', 'removal.requested', 'removal.following_up', 'removal.overdue', 'done']),
    );
    const fu = g.nodes.find((n) => n.id === 'removal.following_up')!;
    expect(fu.parentId).toBe('removal');
    expect(fu.title.vi).toBe('Theo dõi kết quả gỡ bỏ');
    expect(fu.sla).toBe('P7D');
    expect(g.nodes.find((n) => n.id === 'removal')!.kind).toBe('compound');
    expect(g.nodes.find((n) => n.id === 'done')!.kind).toBe('final');
    expect(g.nodes.find((n) => n.id === 'detected')!.initial).toBe(true);
    expect(g.nodes.find((n) => n.id === 'removal.requested')!.initial).toBe(true);
  });

  it('resolves sibling, child and #id targets', () => {
    const edge = (source: string, event: string) => g.edges.filter((e) => e.source === source && e.event === event);
    expect(edge('detected', 'SUBMIT').map((e) => e.target)).toEqual(['verifying']);
    expect(edge('deciding', 'REQUEST_REMOVAL').map((e) => e.target)).toEqual(['removal']);
    expect(edge('removal.following_up', 'REMOVED').map((e) => e.target)).toEqual(['reporting_back']);
    expect(edge('removal.requested', 'SENT').map((e) => e.target)).toEqual(['removal.following_up']);
    const timer = g.edges.find((e) => e.source === 'removal.following_up' && e.kind === 'after')!;
    expect(timer).toMatchObject({ target: 'removal.overdue', event: 'REMOVAL_DEADLINE' });
    expect(edge('detected', 'SUBMIT')[0].label.vi).toBe('Chuyển xác minh');
    expect(edge('detected', 'SUBMIT')[0].guarded).toBe(true);
  });

  it('keeps machine-level transitions apart, targetless ones without a target', () => {
    expect(g.global.map((e) => [e.event, e.target])).toEqual([['COMMENT', ''], ['CANCEL', 'cancelled']]);
    expect(g.edges.some((e) => e.event === 'COMMENT')).toBe(false);
  });

  it('resolveTarget follows XState rules', () => {
    const m = { id: 'm', initial: 'a', states: { a: { initial: 'b', states: { b: {}, c: {} } }, d: {} } } as unknown as MachineConfig;
    expect(resolveTarget(m, 'a.b', 'c')).toBe('a.c');
    expect(resolveTarget(m, 'a', '.b')).toBe('a.b');
    expect(resolveTarget(m, 'a.b', '#m.d')).toBe('d');
    expect(resolveTarget(m, '', '.d')).toBe('d');
    expect(resolveTarget(m, 'a.b', 'nowhere')).toBeNull();
  });

  it('handles a parallel state', () => {
    const gi = procedureGraph(imp);
    const parallel = gi.nodes.filter((n) => n.kind === 'parallel');
    expect(parallel.length).toBeGreaterThan(0);
    const kids = gi.nodes.filter((n) => n.parentId === parallel[0].id);
    expect(kids.length).toBeGreaterThanOrEqual(2);
    for (const e of gi.edges) {
      expect(gi.nodes.some((n) => n.id === e.source)).toBe(true);
      expect(gi.nodes.some((n) => n.id === e.target)).toBe(true);
    }
  });

  it('marks the active leaf and its ancestors', () => {
    expect([...activeStates('removal.following_up')]).toEqual(['removal', 'removal.following_up']);
    expect([...activeStates('p.a.x,p.b')].sort()).toEqual(['p', 'p.a', 'p.a.x', 'p.b']);
    expect(activeStates('').size).toBe(0);
  });

  it('orders parents before children', () => {
    const sorted = parentsFirst([
      { id: 'a.b.c', parentId: 'a.b' },
      { id: 'a.b', parentId: 'a' },
      { id: 'a', parentId: null },
    ]);
    expect(sorted.map((n) => n.id)).toEqual(['a', 'a.b', 'a.b.c']);
  });

  it('lists every action with its label and form', () => {
    const cat = actionCatalog(hc.machine as MachineConfig);
    expect(cat.get('CONFIRM')?.label.en).toBeTruthy();
    expect(cat.get('COMMENT')?.form?.schema).toBeTruthy();
    expect(cat.get('SUBMIT')?.form?.ui?.fields?.additionalEvidence?.widget).toBe('files');
  });
});

describe('layout', () => {
  const g = procedureGraph(hc);

  it('builds an ELK graph with nested children and hierarchy handling', () => {
    const input = elkInput(g);
    expect(input.layoutOptions?.['elk.hierarchyHandling']).toBe('INCLUDE_CHILDREN');
    const removal = input.children!.find((c) => c.id === 'removal')!;
    expect(removal.children!.map((c) => c.id).sort()).toEqual(['removal.following_up', 'removal.overdue', 'removal.requested']);
    expect(input.edges!.length).toBe(g.edges.filter((e) => e.source !== e.target).length);
  });

  it('places every state, children inside their parent', async () => {
    const layout = await layoutGraph(g, undefined, elk);
    for (const n of g.nodes) expect(layout.has(n.id)).toBe(true);
    const parent = layout.get('removal')!;
    for (const id of ['removal.requested', 'removal.following_up', 'removal.overdue']) {
      const c = layout.get(id)!;
      expect(c.x).toBeGreaterThanOrEqual(0);
      expect(c.y).toBeGreaterThanOrEqual(0);
      expect(c.x + c.width).toBeLessThanOrEqual(parent.width + 0.5);
      expect(c.y + c.height).toBeLessThanOrEqual(parent.height + 0.5);
    }
  });

  it('uses the saved layout only when it covers every state', () => {
    const partial = { detected: { x: 1, y: 2 } };
    expect(savedLayout(g, partial)).toBeNull();
    const full = Object.fromEntries(g.nodes.map((n, i) => [n.id, { x: i, y: i * 2 }]));
    expect(savedLayout(g, full)!.get('verifying')).toMatchObject({ x: 1, y: 2 });
  });

  it('converts to Svelte Flow nodes and edges in one language', async () => {
    const layout = fromElk(await elk.layout(elkInput(g)));
    const { nodes, edges } = toFlow(g, layout, {
      lang: 'en',
      active: activeStates('removal.following_up'),
      current: new Set(['removal.following_up']),
      readonly: true,
    });
    const idx = (id: string) => nodes.findIndex((n) => n.id === id);
    expect(idx('removal')).toBeLessThan(idx('removal.following_up'));
    const fu = nodes[idx('removal.following_up')];
    expect(fu).toMatchObject({ parentId: 'removal', extent: 'parent', draggable: false, connectable: false, data: { active: true, current: true, title: 'Following up the removal' } });
    expect(nodes[idx('removal')].data).toMatchObject({ active: true, current: false, group: true });
    expect(nodes[idx('detected')].data.active).toBe(false);
    const timer = edges.find((e) => e.source === 'removal.following_up' && e.target === 'removal.overdue')!;
    expect(timer.data).toMatchObject({ label: 'When due', timer: true, taken: true, readonly: true });
    expect(edges.find((e) => e.source === 'detected')!.data!.taken).toBe(false);
  });
});

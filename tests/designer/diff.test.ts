import { describe, expect, it } from 'vitest';
import { diffProcedures } from '../../ui/src/lib/designer/diff.ts';
import { addState, addTransition, deleteState, setPositions, setStateMeta } from '../../ui/src/lib/designer/edit.ts';
import { edgeId } from '../../ui/src/lib/diagram/graph.ts';
import { reference } from './support.ts';

describe('version diff', () => {
  it('finds nothing between equal versions, nor in layout moves', () => {
    const d = diffProcedures(reference(), setPositions(reference(), { detected: { x: 999, y: 1 } }));
    expect(d.states).toEqual([]);
    expect(d.transitions).toEqual([]);
    expect(d.changes).toEqual([]);
  });

  it('lists states and transitions added, removed and changed, with field-level changes', () => {
    const a = reference();
    let b = addState(a, '', 'atomic', { key: 'legal_review', title: { vi: 'Thẩm định', en: 'Legal review' } }).procedure;
    b = addTransition(b, { source: 'deciding', target: 'legal_review', key: 'LEGAL', label: { vi: 'Thẩm định', en: 'Review' } }).procedure;
    b = deleteState(b, 'referred');
    b = setStateMeta(b, 'detected', { sla: 'PT12H' });
    const d = diffProcedures(a, b);
    const ops = Object.fromEntries(d.states.map((s) => [s.id, s.op]));
    expect(ops).toEqual({ legal_review: 'added', referred: 'removed', detected: 'changed' });
    const detected = d.states.find((s) => s.id === 'detected')!;
    expect(detected.changes).toEqual([{ path: '/machine/states/detected/meta/sla', op: 'changed', before: 'PT24H', after: 'PT12H' }]);
    const t = Object.fromEntries(d.transitions.map((x) => [x.id, x.op]));
    expect(t[edgeId({ source: 'deciding', on: 'on', key: 'LEGAL', index: 0 })]).toBe('added');
    expect(t[edgeId({ source: 'deciding', on: 'on', key: 'REFER', index: 0 })]).toBe('removed');
    expect(t[edgeId({ source: 'referred', on: 'on', key: 'REFERRAL_ACKNOWLEDGED', index: 0 })]).toBe('removed');
  });

  it('reports changes outside the machine', () => {
    const b = reference();
    b.title = { ...b.title, en: 'Harmful content' };
    const d = diffProcedures(reference(), b);
    expect(d.other).toEqual([{ path: '/title/en', op: 'changed', before: reference().title.en, after: 'Harmful content' }]);
  });
});

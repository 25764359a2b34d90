import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../engine/index.ts';
import { edgeId, locate, procedureGraph, targetExpression, StateKind, TransitionKind } from '../../ui/src/lib/diagram/graph.ts';
import { reference } from './support.ts';

describe('procedure → nodes and edges', () => {
  const p = reference();
  const g = procedureGraph(p);

  it('makes every state a node, parents before children, groups and finals distinct', () => {
    const ids = g.nodes.map((n) => n.id);
    expect(ids).toContain('removal.following_up');
    expect(ids.indexOf('removal')).toBeLessThan(ids.indexOf('removal.requested'));
    for (const n of g.nodes) if (n.parentId) expect(ids.indexOf(n.parentId)).toBeLessThan(ids.indexOf(n.id));
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    expect(byId.get('removal')!.kind).toBe(StateKind.Compound);
    expect(byId.get('removal.requested')!.parentId).toBe('removal');
    expect(byId.get('removal.requested')!.initial).toBe(true);
    expect(byId.get('done')!.kind).toBe(StateKind.Final);
    expect(byId.get('detected')!.initial).toBe(true);
    expect(byId.get('detected')!.sla).toBe('PT24H');
  });

  it('makes transitions edges with stable ids that point back into the file', () => {
    const submit = g.edges.find((e) => e.event === 'SUBMIT')!;
    expect(submit).toMatchObject({ source: 'detected', target: 'verifying', kind: TransitionKind.Event, guarded: true });
    expect(submit.id).toBe(edgeId({ source: 'detected', on: 'on', key: 'SUBMIT', index: 0 }));
    const removed = g.edges.find((e) => e.source === 'removal.following_up' && e.event === 'REMOVED')!;
    expect(removed.target).toBe('reporting_back');
  });

  it('draws `after` as timer edges', () => {
    const timer = g.edges.find((e) => e.kind === TransitionKind.After)!;
    expect(timer).toMatchObject({ source: 'removal.following_up', target: 'removal.overdue', event: 'REMOVAL_DEADLINE' });
  });

  it('shows root transitions as global actions, not edges', () => {
    expect(g.global.map((e) => e.event).sort()).toEqual(['CANCEL', 'COMMENT']);
    expect(g.global.find((e) => e.event === 'CANCEL')!.target).toBe('cancelled');
    expect(g.global.find((e) => e.event === 'COMMENT')!.target).toBe('');
    expect(g.edges.some((e) => e.event === 'CANCEL' || e.event === 'COMMENT')).toBe(false);
  });

  it('writes targets the shortest way and reads them back', () => {
    const m = p.machine;
    expect(targetExpression(m, 'detected', 'verifying')).toBe('verifying');
    expect(targetExpression(m, 'removal', 'removal.overdue')).toBe('.overdue');
    expect(targetExpression(m, 'removal.overdue', 'done')).toBe('#harmful-content.done');
    for (const [s, t] of [['detected', 'verifying'], ['removal', 'removal.overdue'], ['removal.overdue', 'done'], ['', 'cancelled']] as const) {
      expect(resolveTarget(m, s, targetExpression(m, s, t))).toBe(t);
    }
  });

  it('locates a validation problem on its state or transition', () => {
    expect(locate(p, '/machine/states/verifying/on/CONFIRM/guard/params/guards/0')).toEqual({
      kind: 'transition',
      ref: { source: 'verifying', on: 'on', key: 'CONFIRM', index: 0 },
    });
    expect(locate(p, '/machine/states/removal/states/following_up/meta/sla')).toEqual({ kind: 'state', path: 'removal.following_up' });
    expect(locate(p, '/machine/states/removal/states/following_up/after/REMOVAL_DEADLINE')).toMatchObject({ kind: 'transition', ref: { on: 'after', key: 'REMOVAL_DEADLINE' } });
    expect(locate(p, '/start/form')).toEqual({ kind: 'procedure' });
  });
});

describe('problems in the designer’s words', async () => {
  const { friendlyMessage } = await import('../../ui/src/lib/designer/problems.ts');
  const { addState } = await import('../../ui/src/lib/designer/edit.ts');
  const { validateProcedure } = await import('../../engine/index.ts');
  it('says which step has no title', () => {
    const { procedure } = addState(reference(), '', 'atomic', { key: 'legal_review' });
    const p = validateProcedure(procedure).errors.find((e) => e.path === '/machine/states/legal_review/meta/title/vi')!;
    expect(friendlyMessage(procedure, p).en).toBe('Step "untitled" has no title in Vietnamese. Fill in the step\'s title.');
  });

  it('names steps and actions by title, never by code, and points at the field that fixes it', async () => {
    const { fieldToFix } = await import('../../ui/src/lib/designer/problems.ts');
    const { setStateMeta } = await import('../../ui/src/lib/designer/edit.ts');
    let { procedure } = addState(reference(), '', 'atomic', { key: 'legal_review' });
    procedure = setStateMeta(procedure, 'legal_review', { title: { vi: 'Thẩm định pháp lý', en: 'Legal review' } });
    const problems = validateProcedure(procedure).errors.filter((e) => e.path === '/machine/states/legal_review');
    expect(problems.map((p) => p.code).sort()).toEqual(['QT_STATE_NO_ACTOR', 'QT_STATE_UNREACHABLE']);
    for (const p of problems) {
      const m = friendlyMessage(procedure, p);
      expect(m.vi).toContain('"Thẩm định pháp lý"');
      expect(m.en).toContain('"Legal review"');
      expect(`${m.vi} ${m.en}`).not.toContain('legal_review');
    }
    expect(fieldToFix(procedure, problems.find((p) => p.code === 'QT_STATE_NO_ACTOR')!)).toBe('state-role-');
    const untitled = addState(reference(), '', 'atomic').procedure;
    const missing = validateProcedure(untitled).errors.find((e) => e.path.endsWith('/meta/title/vi'))!;
    expect(fieldToFix(untitled, missing)).toBe('state-title-vi');
  });

  it('replaces codes in other messages by titles', async () => {
    const { withTitles } = await import('../../ui/src/lib/designer/problems.ts');
    const m = withTitles(reference(), { vi: 'Bước "verifying" và thao tác "CONFIRM".', en: 'Step "verifying", action "CONFIRM", other "x_y".' });
    expect(m.vi).not.toMatch(/verifying|CONFIRM/);
    expect(m.en).toContain('"x_y"');
  });
});

import { describe, expect, it } from 'vitest';
import { validateProcedure } from '../../engine/index.ts';
import { addState, addTransition, deleteState, deleteTransition, EditError, moveTransitionSource, rekeyTransition, renameRole, renameState, retargetTransition, setPositions, setStateMeta, setStateTags, updateTransition } from '../../ui/src/lib/designer/edit.ts';
import { procedureGraph, transitionAt } from '../../ui/src/lib/diagram/graph.ts';
import { reference } from './support.ts';

const errors = (p: unknown) => validateProcedure(p).errors.filter((e) => e.severity === 'error');

describe('edits as pure functions', () => {
  it('starts from a valid reference procedure', () => {
    expect(errors(reference())).toEqual([]);
  });

  it('adds a state of each kind without touching the input', () => {
    const p = reference();
    const before = JSON.stringify(p);
    for (const kind of ['atomic', 'final', 'compound', 'parallel'] as const) {
      const { procedure, path } = addState(p, '', kind, { title: { vi: 'Mới', en: 'New' }, position: { x: 10, y: 20 } });
      const node = procedureGraph(procedure).nodes.find((n) => n.id === path)!;
      expect(node.kind).toBe(kind);
      expect(procedure.layout!.nodes![path]).toEqual({ x: 10, y: 20 });
    }
    expect(JSON.stringify(p)).toBe(before);
  });

  it('adds a state into a group', () => {
    const { procedure, path } = addState(reference(), 'removal', 'atomic', { key: 'waiting' });
    expect(path).toBe('removal.waiting');
    expect(procedure.machine.states!.removal.states!.waiting).toBeDefined();
  });

  it('flags a new state without a title, and accepts it once titled and connected', () => {
    let { procedure, path } = addState(reference(), '', 'atomic', { key: 'legal_review' });
    expect(errors(procedure).some((e) => e.path.startsWith('/machine/states/legal_review/meta/title'))).toBe(true);
    procedure = setStateMeta(procedure, path, { title: { vi: 'Thẩm định pháp lý', en: 'Legal review' }, roles: ['verifier'], sla: 'P2D' });
    procedure = addTransition(procedure, { source: 'deciding', target: path, key: 'LEGAL_REVIEW', label: { vi: 'Thẩm định', en: 'Review' }, roles: ['lead'] }).procedure;
    procedure = addTransition(procedure, { source: path, target: 'deciding', key: 'REVIEWED', label: { vi: 'Đã thẩm định', en: 'Reviewed' }, roles: ['verifier'] }).procedure;
    expect(errors(procedure)).toEqual([]);
  });

  it('deletes a state and every transition into it and its layout', () => {
    const p = deleteState(reference(), 'referred');
    expect(p.machine.states!.referred).toBeUndefined();
    expect(p.machine.states!.deciding.on!.REFER).toBeUndefined();
    expect(p.layout!.nodes!.referred).toBeUndefined();
    expect(errors(p)).toEqual([]);
  });

  it('deleting the initial child moves initial to the next one', () => {
    const p = deleteState(reference(), 'removal.requested');
    expect(p.machine.states!.removal.initial).toBe('following_up');
    expect(p.layout!.nodes!['removal.requested']).toBeUndefined();
  });

  it('renames a state: targets, initial and layout follow', () => {
    let p = renameState(reference(), 'removal', 'takedown');
    expect(Object.keys(p.machine.states!).indexOf('takedown')).toBe(3);
    expect(p.machine.states!.deciding.on!.REQUEST_REMOVAL).toMatchObject({ target: 'takedown' });
    expect(p.layout!.nodes!['takedown.following_up']).toBeDefined();
    expect(errors(p)).toEqual([]);
    p = renameState(p, 'reporting_back', 'report');
    expect(transitionAt(p.machine, { source: 'takedown.following_up', on: 'on', key: 'REMOVED', index: 0 })!.target).toBe('#harmful-content.report');
    p = renameState(p, 'takedown.requested', 'sending');
    expect(p.machine.states!.takedown.initial).toBe('sending');
    p = renameState(p, 'cancelled', 'void');
    expect((p.machine.on!.CANCEL as { target: string }).target).toBe('.void');
    expect(errors(p)).toEqual([]);
  });

  it('refuses a bad or taken name', () => {
    expect(() => renameState(reference(), 'done', 'verifying')).toThrow(EditError);
    expect(() => renameState(reference(), 'done', '1x')).toThrow(EditError);
  });

  it('adds, retargets, moves, rekeys and deletes a transition', () => {
    let { procedure, ref } = addTransition(reference(), { source: 'verifying', target: 'removal', key: 'FAST_TRACK' });
    expect(transitionAt(procedure.machine, ref)!.target).toBe('removal');
    procedure = retargetTransition(procedure, ref, 'removal.following_up');
    expect(transitionAt(procedure.machine, ref)!.target).toBe('#harmful-content.removal.following_up');
    const moved = moveTransitionSource(procedure, ref, 'removal.requested');
    expect(transitionAt(moved.procedure.machine, moved.ref)!.target).toBe('following_up');
    expect(moved.procedure.machine.states!.verifying.on!.FAST_TRACK).toBeUndefined();
    const rk = rekeyTransition(moved.procedure, moved.ref, 'EXPEDITE');
    expect(Object.keys(rk.procedure.machine.states!.removal.states!.requested.on!)).toEqual(['SENT', 'EXPEDITE']);
    const gone = deleteTransition(rk.procedure, rk.ref);
    expect(gone.machine.states!.removal.states!.requested.on!.EXPEDITE).toBeUndefined();
  });

  it('a second transition on the same event becomes a list', () => {
    const a = addTransition(reference(), { source: 'verifying', target: 'referred', key: 'CONFIRM' });
    expect(a.ref.index).toBe(1);
    expect(Array.isArray(a.procedure.machine.states!.verifying.on!.CONFIRM)).toBe(true);
    const back = deleteTransition(a.procedure, a.ref);
    expect(Array.isArray(back.machine.states!.verifying.on!.CONFIRM)).toBe(false);
    expect(back.machine.states!.verifying.on!.CONFIRM).toEqual(reference().machine.states!.verifying.on!.CONFIRM);
  });

  it('edits a transition and keeps a delay key in place', () => {
    const ref = { source: 'removal.following_up', on: 'after' as const, key: 'REMOVAL_DEADLINE', index: 0 };
    const r = rekeyTransition(reference(), ref, 'P10D');
    expect(Object.keys(r.procedure.machine.states!.removal.states!.following_up.after!)).toEqual(['P10D']);
    const u = updateTransition(reference(), { source: 'detected', on: 'on', key: 'SUBMIT', index: 0 }, (t) => ({ ...t, guard: undefined }));
    expect(u.machine.states!.detected.on!.SUBMIT).not.toHaveProperty('guard.type');
  });

  it('sets meta and tags, drops empty ones', () => {
    let p = setStateMeta(reference(), 'detected', { sla: 'P2D', instructions: { vi: '', en: '' } });
    expect(p.machine.states!.detected.meta).toEqual({ title: { vi: 'Phát hiện', en: 'Detected' }, roles: ['monitor'], sla: 'P2D' });
    p = setStateTags(p, 'detected', [' intake ', 'intake', '']);
    expect(p.machine.states!.detected.tags).toEqual(['intake']);
    p = setStateTags(p, 'detected', []);
    expect(p.machine.states!.detected.tags).toBeUndefined();
  });

  it('renames a role everywhere', () => {
    const p = renameRole(reference(), 'liaison', 'platform_liaison');
    const json = JSON.stringify(p);
    expect(json).not.toContain('"liaison"');
    expect(errors(p)).toEqual([]);
  });

  it('rounds positions', () => {
    const p = setPositions(reference(), { detected: { x: 1.4, y: 2.6 } });
    expect(p.layout!.nodes!.detected).toEqual({ x: 1, y: 3 });
  });
});

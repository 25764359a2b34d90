import { describe, expect, it } from 'vitest';
import { validateProcedure } from '../../engine/index.ts';
import { eventTypeFor, eventTypes, fold, isGeneratedKey, procedureKeyFor, stateKeyFor } from '../../ui/src/lib/designer/codes.ts';
import { addState, emptyProcedure } from '../../ui/src/lib/designer/edit.ts';
import { addStepAction, moveStepAction, retitleStep, setStepRoles, stepActions } from '../../ui/src/lib/designer/step-actions.ts';
import { transitionAt } from '../../ui/src/lib/diagram/graph.ts';
import { reference } from './support.ts';

describe('codes made from titles', () => {
  it('folds Vietnamese diacritics and đ', () => {
    expect(fold('Đồng ý chuyển cơ quan điều tra')).toBe('Dong y chuyen co quan dieu tra');
    expect(stateKeyFor({ vi: 'Công an xác minh', en: 'Police check' }, new Set())).toBe('cong_an_xac_minh');
    expect(eventTypeFor({ vi: 'Đã gỡ bỏ', en: 'Removed' }, new Set())).toBe('DA_GO_BO');
  });

  it('is unique among what is taken', () => {
    expect(stateKeyFor('Xác minh', new Set(['xac_minh', 'xac_minh_2']))).toBe('xac_minh_3');
    expect(eventTypeFor('Gửi', new Set(['GUI']))).toBe('GUI_2');
  });

  it('never starts with a digit, never is empty, stays short', () => {
    expect(stateKeyFor('3 ngày sau', new Set())).toBe('b_3_ngay_sau');
    expect(eventTypeFor('1. Gửi', new Set())).toBe('T_1_GUI');
    expect(stateKeyFor('!!!', new Set())).toBe('buoc');
    expect(eventTypeFor({ vi: '', en: '' }, new Set())).toBe('THAO_TAC');
    const long = stateKeyFor('Tổng hợp kết quả xử lý báo cáo Ban Thường vụ Tỉnh ủy hằng tháng', new Set());
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^[a-z][a-z0-9_]*[a-z0-9]$/);
  });

  it('makes a procedure key with dashes', () => {
    expect(procedureKeyFor({ vi: 'Xử lý đơn thư khiếu nại', en: '' }, new Set())).toBe('xu-ly-don-thu-khieu-nai');
    expect(procedureKeyFor('Xử lý', new Set(['xu-ly']))).toBe('xu-ly-2');
    expect(procedureKeyFor('', new Set())).toBe('quy-trinh');
    expect(procedureKeyFor('2025', new Set())).toMatch(/^[a-z][a-z0-9-]{1,62}$/);
  });

  it('uses the English title when there is no Vietnamese one', () => {
    expect(stateKeyFor({ vi: '', en: 'Legal review' }, new Set())).toBe('legal_review');
  });

  it('tells a made key from a chosen one', () => {
    expect(isGeneratedKey('step_2', undefined, new Set())).toBe(true);
    expect(isGeneratedKey('xac_minh', { vi: 'Xác minh', en: 'Verify' }, new Set())).toBe(true);
    expect(isGeneratedKey('verifying', { vi: 'Xác minh', en: 'Verify' }, new Set())).toBe(false);
  });
});

describe("a step's actions", () => {
  const blank = () => {
    let p = emptyProcedure('thu', { vi: 'Thử', en: 'Try' });
    p = { ...p, roles: [{ id: 'verifier', title: { vi: 'Xác minh viên', en: 'Verifier' } }, { id: 'lead', title: { vi: 'Lãnh đạo', en: 'Lead' } }] };
    return p;
  };

  it('a step titled follows its title with its key; a chosen key stays', () => {
    let p = blank();
    const added = addState(p, '', 'atomic');
    p = added.procedure;
    const r = retitleStep(p, added.path, { vi: 'Công an xác minh', en: 'Police check' });
    expect(r.path).toBe('cong_an_xac_minh');
    const r2 = retitleStep(r.procedure, r.path, { vi: 'Công an xác minh lại', en: 'Police check' });
    expect(r2.path).toBe('cong_an_xac_minh_lai');
    const ref = reference();
    const kept = retitleStep(ref, 'verifying', { vi: 'Xác minh nội dung', en: 'Verify' });
    expect(kept.path).toBe('verifying');
  });

  it('adds an action by label and target title, with the step roles, and the problem "no role can act" goes', () => {
    let p = blank();
    let a = addState(p, '', 'atomic', { title: { vi: 'Xác minh', en: 'Verify' } });
    p = a.procedure;
    const b = addState(p, '', 'final', { title: { vi: 'Xong', en: 'Done' } });
    p = b.procedure;
    p = setStepRoles(p, a.path, ['verifier']);
    const r = addStepAction(p, a.path, { label: { vi: 'Đồng ý', en: 'Agree' }, target: b.path });
    expect(r.ref.key).toBe('DONG_Y');
    const t = transitionAt(r.procedure.machine, r.ref)!;
    expect(t.meta!.roles).toEqual(['verifier']);
    const again = addStepAction(r.procedure, a.path, { label: { vi: 'Đồng ý', en: 'Agree' }, target: null });
    expect(again.ref.key).toBe('DONG_Y_2');
    expect([...eventTypes(again.procedure.machine)]).toEqual(expect.arrayContaining(['DONG_Y', 'DONG_Y_2']));
  });

  it('ticking roles on a step gives them to its actions that had none or the same', () => {
    let p = blank();
    const a = addState(p, '', 'atomic', { title: { vi: 'Xác minh', en: 'Verify' } });
    const b = addState(a.procedure, '', 'final', { title: { vi: 'Xong', en: 'Done' } });
    p = addStepAction(b.procedure, a.path, { label: { vi: 'Đồng ý', en: 'Agree' }, target: b.path }).procedure;
    const noRole = (q: typeof p) => validateProcedure(q).errors.some((e) => e.code === 'QT_STATE_NO_ACTOR' && e.path === `/machine/states/${a.path}`);
    expect(noRole(p)).toBe(true);
    p = setStepRoles(p, a.path, ['verifier']);
    expect(noRole(p)).toBe(false);
    p = addStepAction(p, a.path, { label: { vi: 'Trả lại', en: 'Return' }, target: null, roles: ['lead'] }).procedure;
    p = setStepRoles(p, a.path, ['verifier']);
    const [agree, back] = stepActions(p, a.path).actions;
    expect(agree.transition.meta!.roles).toEqual(['verifier']);
    expect(back.transition.meta!.roles).toEqual(['lead']);
    p = setStepRoles(p, a.path, ['verifier', 'lead']);
    expect(stepActions(p, a.path).actions[0].transition.meta!.roles).toEqual(['verifier', 'lead']);
  });

  it('reorders actions, keeping each one whole', () => {
    const p = reference();
    const before = stepActions(p, 'deciding').actions.map((a) => a.ref.key);
    const moved = moveStepAction(p, 'deciding', 0, before.length - 1);
    const after = stepActions(moved, 'deciding').actions.map((a) => a.ref.key);
    expect(after).toEqual([...before.slice(1), before[0]]);
    expect(validateProcedure(moved).errors.filter((e) => e.severity === 'error')).toEqual([]);
    expect(moveStepAction(p, 'deciding', 0, 99)).toBe(p);
  });
});

// Codes that follow their titles: role ids, form field names and event types are made from what
// the administrator types, follow a new title while new, and stay once published or chosen.
import { describe, expect, it } from 'vitest';
import { validateProcedure } from '../../engine/index.ts';
import type { Form, Procedure } from '../../engine/types.ts';
import { fieldNameFor, roleIdFor } from '../../ui/src/lib/designer/codes.ts';
import { addState, emptyProcedure } from '../../ui/src/lib/designer/edit.ts';
import { fieldNames, renameField } from '../../ui/src/lib/designer/fields.ts';
import { addField, draftToForm, formToDraft, relabelField, updateField } from '../../ui/src/lib/designer/form-builder.ts';
import { addRole, retitleRole } from '../../ui/src/lib/designer/roles.ts';
import { addStepAction, relabelStepAction, retitleStep } from '../../ui/src/lib/designer/step-actions.ts';
import { transitionAt } from '../../ui/src/lib/diagram/graph.ts';
import { reference } from './support.ts';

describe('codes for roles and fields', () => {
  it('a role id is lower_snake_case, a field name camelCase, both unique', () => {
    expect(roleIdFor({ vi: 'Cán bộ pháp chế', en: 'Legal officer' }, new Set())).toBe('can_bo_phap_che');
    expect(roleIdFor('Lãnh đạo', new Set(['lanh_dao']))).toBe('lanh_dao_2');
    expect(roleIdFor('', new Set())).toBe('vai_tro');
    expect(roleIdFor('3 tổ', new Set())).toBe('vt_3_to');
    expect(fieldNameFor({ vi: 'Ngày hết hạn', en: 'Deadline' }, new Set())).toBe('ngayHetHan');
    expect(fieldNameFor('Đường dẫn', new Set(['duongDan']))).toBe('duongDan2');
    expect(fieldNameFor({ vi: '', en: 'Legal opinion' }, new Set())).toBe('legalOpinion');
    expect(fieldNameFor('2 lần', new Set())).toBe('t2Lan');
    expect(fieldNameFor('', new Set())).toBe('truong');
  });
});

describe('roles named by their title', () => {
  const blank = () => emptyProcedure('thu', { vi: 'Thử', en: 'Try' });

  it('a new role takes its id from its title, and the references follow', () => {
    let p = addRole(blank());
    const i = p.roles.length - 1;
    expect(p.roles[i].id).toBe(`vai_tro_${i + 1}`);
    const a = addState(p, '', 'atomic', { title: { vi: 'Xét', en: 'Review' } });
    p = addStepAction(a.procedure, a.path, { label: { vi: 'Đồng ý', en: 'Agree' }, target: null, roles: [p.roles[i].id] }).procedure;
    p = { ...p, start: { ...p.start, roles: [p.roles[i].id] } };
    p = retitleRole(p, i, { vi: 'Cán bộ pháp chế', en: 'Legal officer' });
    expect(p.roles[i]).toEqual({ id: 'can_bo_phap_che', title: { vi: 'Cán bộ pháp chế', en: 'Legal officer' } });
    expect(p.start.roles).toEqual(['can_bo_phap_che']);
    expect(transitionAt(p.machine, { source: a.path, on: 'on', key: 'DONG_Y', index: 0 })!.meta!.roles).toEqual(['can_bo_phap_che']);
    // typing on: it follows again; the English title alone does not change a Vietnamese-made id
    p = retitleRole(p, i, { vi: 'Cán bộ pháp chế tỉnh', en: 'Legal officer' });
    expect(p.roles[i].id).toBe('can_bo_phap_che_tinh');
    expect(retitleRole(p, i, { vi: 'Cán bộ pháp chế tỉnh', en: 'Provincial legal officer' }).roles[i].id).toBe('can_bo_phap_che_tinh');
  });

  it('keeps an id a person chose, one the published version has, and stays unique', () => {
    const ref = reference();
    const v = ref.roles.findIndex((r) => r.id === 'verifier');
    expect(retitleRole(ref, v, { vi: 'Chuyên viên xác minh', en: 'Verifier' }).roles[v].id).toBe('verifier');
    let p = addRole(blank());
    const i = p.roles.length - 1;
    const published = structuredClone(p);
    expect(retitleRole(p, i, { vi: 'Pháp chế', en: 'Legal' }, published).roles[i].id).toBe(`vai_tro_${i + 1}`);
    p = retitleRole(p, i, { vi: 'Quản trị', en: 'Admin' });
    expect(p.roles[i].id).not.toBe(p.roles[0].id);
    expect(new Set(p.roles.map((r) => r.id)).size).toBe(p.roles.length);
  });
});

describe('fields named by their label', () => {
  it('a new field follows its label until it is published or chosen', () => {
    let d = addField(formToDraft(undefined), 'text');
    expect(d.fields[0].name).toBe('field_1');
    let r = relabelField(d, 0, { vi: 'Ngày', en: '' });
    expect(r.rename).toEqual({ from: 'field_1', to: 'ngay' });
    r = relabelField(r.draft, 0, { vi: 'Ngày hết hạn', en: '' });
    expect(r.rename).toEqual({ from: 'ngay', to: 'ngayHetHan' });
    r = relabelField(r.draft, 0, { vi: 'Ngày hết hạn', en: 'Deadline' });
    expect(r.rename).toBeNull();
    expect(r.draft.fields[0]).toMatchObject({ name: 'ngayHetHan', label: { vi: 'Ngày hết hạn', en: 'Deadline' } });
    // a second field with the same label gets a name of its own
    d = addField(r.draft, 'text');
    expect(relabelField(d, 1, { vi: 'Ngày hết hạn', en: '' }).draft.fields[1].name).toBe('ngayHetHan2');
    // published: the name stays; chosen by a person: it stays too
    expect(relabelField(r.draft, 0, { vi: 'Hạn gỡ', en: '' }, new Set(['ngayHetHan'])).rename).toBeNull();
    const chosen = updateField(r.draft, 0, { name: 'deadline' });
    expect(relabelField(chosen, 0, { vi: 'Hạn gỡ', en: '' }).draft.fields[0].name).toBe('deadline');
  });

  /** The procedure with field `from` renamed `to` in every form that has it, as the builder does. */
  function renameInForms(p: Procedure, from: string, to: string): Procedure {
    const next = structuredClone(p);
    const fix = (form: Form | undefined): Form | undefined => {
      if (!form || !Object.hasOwn(form.schema.properties ?? {}, from)) return form;
      const d = formToDraft(form);
      return draftToForm(updateField(d, d.fields.findIndex((f) => f.name === from), { name: to }));
    };
    next.start.form = fix(next.start.form)!;
    const visit = (o: unknown) => {
      if (!o || typeof o !== 'object') return;
      const meta = (o as { meta?: { label?: unknown; form?: Form } }).meta;
      if (meta?.label && meta.form) meta.form = fix(meta.form);
      for (const v of Object.values(o)) visit(v);
    };
    visit(next.machine);
    return renameField(next, from, to);
  }

  it('the references follow a renamed field: case schema, summary, delay, deadline, guards, automated input', () => {
    const ref = reference();
    let p = renameInForms(ref, 'accountName', 'tenTaiKhoan');
    expect(p.summaryField).toEqual(['tenTaiKhoan', 'description']);
    expect(Object.keys(p.caseSchema.properties as object)).toContain('tenTaiKhoan');
    p = renameInForms(p, 'evidence', 'bangChung');
    expect(JSON.stringify(p.machine)).not.toMatch(/"field":"evidence"/);
    expect(p.caseSchema.required).toEqual(ref.caseSchema.required);
    p = renameInForms(p, 'deadline', 'hanGo');
    expect(p.delays!.REMOVAL_DEADLINE).toEqual({ field: 'hanGo', otherwise: 'P7D' });
    expect(JSON.stringify(p.machine)).toContain('{{data.hanGo}}');
    p = renameInForms(p, 'platform', 'nenTang');
    expect(JSON.stringify(p.machine)).toContain('"platform":"{{data.nenTang}}"');
    expect(JSON.stringify(p.machine)).toContain('{{data.platformContact}}');
    expect(validateProcedure(p).errors.filter((e) => e.severity !== 'warning')).toEqual(validateProcedure(ref).errors.filter((e) => e.severity !== 'warning'));
  });

  it('leaves the references alone while another form still has the old name', () => {
    const ref = reference();
    expect(fieldNames(ref).has('deadline')).toBe(true);
    expect(renameField(ref, 'deadline', 'hanGo')).toBe(ref);
  });
});

describe("an action's event type follows its label while new", () => {
  const setup = () => {
    const a = addState(emptyProcedure('thu', { vi: 'Thử', en: 'Try' }), '', 'atomic', { title: { vi: 'Xét', en: 'Review' } });
    return addStepAction(a.procedure, a.path, { label: { vi: 'Đồng ý', en: 'Agree' }, target: null });
  };

  it('renames the event of a new action and keeps the one a published version has', () => {
    const { procedure, ref } = setup();
    const r = relabelStepAction(procedure, ref, { vi: 'Đồng ý chuyển', en: 'Agree' });
    expect(r.ref.key).toBe('DONG_Y_CHUYEN');
    expect(transitionAt(r.procedure.machine, r.ref)!.meta!.label.vi).toBe('Đồng ý chuyển');
    const kept = relabelStepAction(procedure, ref, { vi: 'Đồng ý chuyển', en: 'Agree' }, procedure);
    expect(kept.ref.key).toBe('DONG_Y');
    expect(transitionAt(kept.procedure.machine, kept.ref)!.meta!.label.vi).toBe('Đồng ý chuyển');
  });

  it('keeps an event type a person chose', () => {
    const ref = reference();
    const r = relabelStepAction(ref, { source: 'verifying', on: 'on', key: 'CONFIRM', index: 0 }, { vi: 'Xác nhận có vi phạm', en: 'Confirm' });
    expect(r.ref.key).toBe('CONFIRM');
  });

  it("a step's key stays once published", () => {
    const a = addState(emptyProcedure('thu', { vi: 'Thử', en: 'Try' }), '', 'atomic', { title: { vi: 'Xét', en: 'Review' } });
    expect(retitleStep(a.procedure, a.path, { vi: 'Xét lại', en: 'Review' }).path).toBe('xet_lai');
    expect(retitleStep(a.procedure, a.path, { vi: 'Xét lại', en: 'Review' }, a.procedure).path).toBe(a.path);
  });
});

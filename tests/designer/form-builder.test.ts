import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateProcedure } from '../../engine/index.ts';
import type { Form, Procedure, TransitionConfig } from '../../engine/types.ts';
import { addField, draftProblems, draftToForm, FIELD_KINDS, formToDraft, moveField, removeField, updateField, type FieldSpec, type FormDraft } from '../../ui/src/lib/designer/form-builder.ts';
import { procedureGraph, transitionAt } from '../../ui/src/lib/diagram/graph.ts';
import { updateTransition } from '../../ui/src/lib/designer/edit.ts';
import { reference } from './support.ts';

const name = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,10}$/);
const txt = fc.record({ vi: fc.string({ maxLength: 12 }), en: fc.string({ maxLength: 12 }) });
const optionLabel = fc.record({ vi: fc.string({ minLength: 1, maxLength: 12 }), en: fc.string({ minLength: 1, maxLength: 12 }) });
const options = fc.uniqueArray(fc.record({ value: fc.stringMatching(/^[a-z0-9_]{1,8}$/), label: optionLabel }), { selector: (o) => o.value, minLength: 1, maxLength: 4 });
const extra = fc.oneof(
  fc.constant({}),
  fc.record({ maxLength: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ minLength: fc.integer({ min: 1, max: 10 }), pattern: fc.constant('^[0-9]+$') }),
);

const field = (n: string): fc.Arbitrary<FieldSpec> =>
  fc.record({ kind: fc.constantFrom(...FIELD_KINDS), required: fc.boolean(), label: txt, help: txt, placeholder: txt, opts: options, multiple: fc.boolean(), integer: fc.boolean(), extra }).map(
    (r): FieldSpec => ({
      name: n,
      kind: r.kind,
      required: r.required,
      label: r.label,
      help: r.help,
      placeholder: r.placeholder,
      options: r.kind === 'select' || r.kind === 'multiselect' ? r.opts : [],
      multiple: (r.kind === 'text' || r.kind === 'url') && r.multiple,
      integer: r.kind === 'number' && r.integer,
      extra: r.extra,
    }),
  );

const draft: fc.Arbitrary<FormDraft> = fc
  .uniqueArray(name, { maxLength: 6 })
  .chain((names) => (names.length ? fc.tuple(...names.map(field)) : fc.constant([] as FieldSpec[])))
  .map((fields) => ({ fields: [...fields], extra: {} }));

describe('form builder ⇄ JSON Schema + UI hints', () => {
  it('round-trips any draft (fields, order, kinds, labels, options, extra keywords)', () => {
    fc.assert(
      fc.property(draft, (d) => {
        const form = draftToForm(d);
        expect(formToDraft(form)).toEqual(d);
        expect(draftToForm(formToDraft(form))).toEqual(form);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a form the engine accepts', () => {
    fc.assert(
      fc.property(draft, (d) => {
        const p = reference();
        const form = draftToForm(d);
        const next = updateTransition(p, { source: 'verifying', on: 'on', key: 'CONFIRM', index: 0 }, (t) => ({ ...t, meta: { ...t.meta!, form } }));
        const problems = validateProcedure(next).errors.filter((e) => e.path.includes('/on/CONFIRM/meta/form') && e.severity === 'error');
        expect(problems).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('opens every form of the reference procedure and saves it unchanged', () => {
    const p: Procedure = reference();
    const forms: Form[] = [p.start.form];
    for (const e of [...procedureGraph(p).edges, ...procedureGraph(p).global]) {
      const t = transitionAt(p.machine, e.ref) as TransitionConfig;
      if (t.meta?.form) forms.push(t.meta.form);
    }
    expect(forms.length).toBeGreaterThan(10);
    for (const form of forms) {
      const again = draftToForm(formToDraft(form));
      expect(again.schema).toEqual(form.schema);
      for (const [n, hint] of Object.entries(form.ui?.fields ?? {})) expect(again.ui!.fields![n]).toEqual(expect.objectContaining(hint));
      expect(again.ui!.order).toEqual(form.ui!.order);
    }
  });

  it('adds, reorders, changes kind and removes fields', () => {
    let d: FormDraft = { fields: [], extra: {} };
    d = addField(d, 'text');
    d = addField(d, 'select');
    expect(d.fields.map((f) => f.name)).toEqual(['field_1', 'field_2']);
    expect(d.fields[1].options).toHaveLength(1);
    d = moveField(d, 1, 0);
    expect(d.fields.map((f) => f.name)).toEqual(['field_2', 'field_1']);
    d = updateField(d, 1, { kind: 'date', required: true });
    expect(draftToForm(d).schema).toMatchObject({ required: ['field_1'], properties: { field_1: { type: 'string', format: 'date' } } });
    expect(draftProblems(d).length).toBeGreaterThan(0); // no labels yet
    d = removeField(d, 0);
    expect(draftToForm(d).ui!.order).toEqual(['field_1']);
  });
});

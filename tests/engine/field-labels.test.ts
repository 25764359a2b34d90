// A form field with no label would show officials its code (on the form, the timeline, the case
// page): the validator warns, with the place to fix it, and does not refuse the procedure.
import { describe, expect, it } from 'vitest';
import harmful from '../../workflows/harmful-content.json' with { type: 'json' };
import { validateProcedure } from '../../engine/index.ts';

const reference = () => structuredClone(harmful) as any;

describe('form fields without a label', () => {
  it('the reference procedures label every field', () => {
    expect(validateProcedure(reference()).errors.filter((e) => e.code === 'QT_FIELD_LABEL_MISSING')).toEqual([]);
  });

  it('warns for a field with neither a label nor a title, where it is written', () => {
    const p = reference();
    delete p.start.form.ui.fields.description.label;
    p.start.form.schema.properties.note = { type: 'string' };
    p.start.form.schema.properties.titled = { type: 'string', title: 'Ghi chú' };
    const r = validateProcedure(p);
    expect(r.valid).toBe(true);
    const missing = r.errors.filter((e) => e.code === 'QT_FIELD_LABEL_MISSING');
    expect(missing.map((e) => [e.path, e.severity])).toEqual([
      ['/start/form/schema/properties/description', 'warning'],
      ['/start/form/schema/properties/note', 'warning'],
    ]);
    expect(missing[0]!.message.vi).toContain('Trường "description" chưa có nhãn');
  });
});

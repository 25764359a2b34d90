// Form data is checked against the form's JSON Schema, and a hostile flood of fields costs little.
import { describe, expect, it } from 'vitest';
import { validateFormData, type Form } from '../../engine/index.ts';

const form: Form = {
  schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 3 } }, additionalProperties: false },
};

describe('validateFormData', () => {
  it('names each field in trouble once', () => {
    expect(validateFormData(form, { reason: 'ok, enough' })).toEqual([]);
    expect(validateFormData(form, {})).toEqual([{ field: 'reason', message: "must have required property 'reason'" }]);
    expect(validateFormData(form, { reason: 'x', extra: 1 }).map((e) => e.field)).toEqual(['reason', 'extra']);
  });

  it('reports at most 50 problems for 200,000 unknown fields', () => {
    const data: Record<string, unknown> = { reason: 'ok, enough' };
    for (let i = 0; i < 200_000; i++) data[`k${i}`] = i;
    const errors = validateFormData(form, data);
    expect(errors).toHaveLength(50);
    expect(errors[0]).toEqual({ field: 'k0', message: 'must NOT have additional properties' });
  });
});

describe('validateFormData on what JSON or a person cannot mean', () => {
  const listForm: Form = { schema: { type: 'object', properties: { evidence: { type: 'array', items: { type: 'string' } }, reach: {} } } };

  it('refuses a list of more than 1,000 items before its items are checked', () => {
    expect(validateFormData(listForm, { evidence: Array.from({ length: 1000 }, (_, i) => `att-${i}`) })).toEqual([]);
    expect(validateFormData(listForm, { evidence: Array.from({ length: 70_000 }, (_, i) => `att-${i}`) })).toEqual([
      { field: 'evidence', message: 'must NOT have more than 1000 items' },
    ]);
  });

  it('refuses data of more than 20,000 values in all, though each list is within its bound', () => {
    const grid = Array.from({ length: 30 }, () => Array.from({ length: 1000 }, (_, i) => i));
    expect(validateFormData(listForm, { reach: grid.slice(0, 19) })).toEqual([]);
    expect(validateFormData(listForm, { reach: grid })).toEqual([{ field: 'reach', message: 'must NOT hold more than 20000 values in all' }]);
  });

  it('refuses numbers JSON cannot carry, also where the schema says nothing of them', () => {
    expect(validateFormData(listForm, JSON.parse('{"reach": 1e400}'))).toEqual([{ field: 'reach', message: 'must be a finite number' }]);
    expect(validateFormData(listForm, JSON.parse('{"reach": {"a": [-1e400]}}'))).toEqual([{ field: 'reach', message: 'must be a finite number' }]);
    expect(validateFormData(listForm, { reach: 1e300 })).toEqual([]);
  });
});

describe('validateFormData on deep data', () => {
  it('answers data nested 5,000 levels deep with its problems, without running out of stack', () => {
    let deep: Record<string, unknown> = { title: 'sâu' };
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(validateFormData(form, deep)).toEqual([
      { field: 'reason', message: "must have required property 'reason'" },
      { field: 'a', message: 'must NOT have additional properties' },
    ]);
  });
});

// Test helpers: form data that satisfies a form's schema, drawn by fast-check.
import fc from 'fast-check';
import type { Form, JsonSchema } from '../../engine/index.ts';

type S = JsonSchema & {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  items?: S;
  properties?: Record<string, S>;
  required?: string[];
  uniqueItems?: boolean;
  pattern?: string;
};

export function valueFor(schema: S): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'uri' || schema.format === 'url') return fc.webUrl();
      if (schema.format === 'date') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.pattern) {
        const min = schema.minLength ?? 0;
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.trim().length > 0);
      }
      const min = Math.max(schema.minLength ?? 0, 1);
      const max = Math.max(min, Math.min(schema.maxLength ?? min + 40, min + 40));
      return fc.string({ minLength: min, maxLength: max, unit: fc.constantFrom(...'abcdeghiklmnopqrstuvxyàáạảãăâđêôơư '.split('')) })
        .map((s) => s.trim().padEnd(min, 'x'));
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = schema.items ?? { type: 'string' };
      const min = schema.minItems ?? 0;
      const arb = schema.uniqueItems
        ? fc.uniqueArray(valueFor(items), { minLength: min, maxLength: min + 2, selector: (v) => JSON.stringify(v) })
        : fc.array(valueFor(items), { minLength: min, maxLength: min + 2 });
      return arb;
    }
    case 'object':
    default:
      return objectFor(schema);
  }
}

function objectFor(schema: S): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) rec[k] = valueFor(v);
  return fc.record(rec, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) }) as fc.Arbitrary<Record<string, unknown>>;
}

export function formData(form: Form | null): fc.Arbitrary<Record<string, unknown>> {
  return form ? objectFor(form.schema as S) : fc.constant({});
}

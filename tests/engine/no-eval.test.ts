// The engine's checks run where code cannot be generated at run time: the browser under a
// Content-Security-Policy without 'unsafe-eval'. Here `Function` and `eval` refuse to make code,
// as the browser would, before the engine is loaded; the procedure file, the params of guards and
// actions, a form's schema and a form's data are all still checked.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatorsSource } from '../../scripts/validators-source.ts';

const refused = () => {
  throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
};
const realFunction = globalThis.Function;
const realEval = globalThis.eval;

describe('the engine without eval', () => {
  beforeAll(() => {
    globalThis.Function = new Proxy(realFunction, { construct: refused, apply: refused });
    globalThis.eval = refused as typeof eval;
  });
  afterAll(() => {
    globalThis.Function = realFunction;
    globalThis.eval = realEval;
  });

  it('checks a procedure, its params, its form schemas and form data', async () => {
    expect(() => new Function('return 1')).toThrow(EvalError);
    const { validateProcedure, validateFormData } = await import('../../engine/index.ts');
    const reference = JSON.parse(readFileSync(new URL('../../workflows/harmful-content.json', import.meta.url), 'utf8'));
    expect(validateProcedure(reference).errors.filter((p) => p.severity === 'error')).toEqual([]);

    const broken = structuredClone(reference);
    broken.extra = 1;
    broken.start.form.schema.properties.urls.minItems = -1;
    const codes = validateProcedure(broken).errors.map((p) => `${p.code} ${p.path}`);
    expect(codes).toContain('QT_SCHEMA /extra');
    expect(codes).toContain('QT_FORM_SCHEMA_INVALID /start/form/schema');

    expect(validateFormData(reference.start.form, { urls: ['not a url'] }).map((e) => e.field)).toContain('urls');
  });
});

describe('the precompiled validators', () => {
  it('are what the schemas give today (else: npm run gen:validators)', () => {
    const file = readFileSync(new URL('../../engine/generated/schema-validators.js', import.meta.url), 'utf8');
    expect(file === validatorsSource(), 'engine/generated/schema-validators.js is older than the schemas: run `npm run gen:validators`').toBe(true);
  });
});

// Validates a form's data against its JSON Schema; errors name the fields.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { FieldError, Form, JsonSchema } from './types.ts';

const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
addFormats(ajv);

const compiled = new WeakMap<JsonSchema, ValidateFunction>();
// Procedures read from the database are new objects each time: cache by content too.
const byText = new Map<string, ValidateFunction>();

/** Compiles a form schema; throws with Ajv's message when it is not valid JSON Schema. */
export function compileForm(schema: JsonSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (fn) return fn;
  const text = JSON.stringify(schema);
  fn = byText.get(text);
  if (!fn) {
    fn = ajv.compile(structuredClone(schema));
    if (byText.size > 1000) {
      byText.clear();
      ajv.removeSchema();
    }
    byText.set(text, fn);
  }
  compiled.set(schema, fn);
  return fn;
}

/** Checks that a schema is itself valid JSON Schema; returns the problem or null. */
export function schemaProblem(schema: unknown): string | null {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return 'a form schema must be an object';
  try {
    compileForm(schema as JsonSchema);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** At most this many problems are reported for one form: a flood of bad keys costs no more than this. */
export const MAX_FORM_ERRORS = 50;

/** The most items a list in a form may hold, whatever its schema says: a case is worked by people. */
export const MAX_FORM_ITEMS = 1000;

/** Lists longer than MAX_FORM_ITEMS, and numbers JSON cannot carry (1e400 parses as Infinity and would be stored as null). */
function shapeProblems(data: unknown): FieldError[] {
  const out: FieldError[] = [];
  if (!data || typeof data !== 'object' || Array.isArray(data)) return out;
  for (const [field, top] of Object.entries(data)) {
    // an explicit stack, in document order: data nested thousands deep must not overflow the call stack
    const stack: unknown[] = [top];
    while (stack.length && out.length < MAX_FORM_ERRORS) {
      const value = stack.pop();
      if (typeof value === 'number' && !Number.isFinite(value)) out.push({ field, message: 'must be a finite number' });
      else if (Array.isArray(value)) {
        if (value.length > MAX_FORM_ITEMS) out.push({ field, message: `must NOT have more than ${MAX_FORM_ITEMS} items` });
        else for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      } else if (value && typeof value === 'object') {
        const values = Object.values(value);
        for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
      }
    }
  }
  return out;
}

export function validateFormData(form: Form, data: unknown): FieldError[] {
  const shape = shapeProblems(data);
  if (shape.length) return shape;
  const validate = compileForm(form.schema);
  if (validate(data)) return [];
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    const top = err.instancePath.split('/').filter(Boolean)[0];
    const field =
      top ??
      (err.keyword === 'required'
        ? String((err.params as { missingProperty: string }).missingProperty)
        : err.keyword === 'additionalProperties'
          ? String((err.params as { additionalProperty: string }).additionalProperty)
          : '');
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: err.message ?? 'invalid' });
    if (out.length === MAX_FORM_ERRORS) break;
  }
  return out;
}

/**
 * The ids of uploaded files a form's data names: the values of its fields shown as files
 * (`widget: "files"`), each with its field. The server checks that each names a file of the case.
 */
export function namedFiles(form: Form | null | undefined, data: unknown): { field: string; id: string }[] {
  const fields = form?.ui?.fields;
  if (!fields || !data || typeof data !== 'object') return [];
  const out: { field: string; id: string }[] = [];
  for (const [field, hint] of Object.entries(fields)) {
    if (hint.widget !== 'files') continue;
    const value = (data as Record<string, unknown>)[field];
    for (const id of Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) out.push({ field, id: String(id) });
  }
  return out;
}

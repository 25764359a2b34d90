// Validates a form's data against its JSON Schema; errors name the fields. The same checks run in
// the browser and on the server (engine/json-schema.ts: an interpreter, no generated code).
import { validateJsonSchema } from './generated/schema-validators.js';
import { schemaCheck } from './json-schema.ts';
import type { FieldError, Form, JsonSchema } from './types.ts';

/** Regular expressions of a schema that JavaScript cannot compile (as the validator would, with the u flag). */
function badPattern(schema: unknown): string | null {
  const stack: unknown[] = [schema];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const obj = node as Record<string, unknown>;
    const patterns = [typeof obj.pattern === 'string' ? obj.pattern : null, ...Object.keys((obj.patternProperties as object) ?? {})];
    for (const p of patterns) {
      if (p === null) continue;
      try {
        new RegExp(p, 'u');
      } catch {
        return `pattern "${p}" is not a valid regular expression`;
      }
    }
    stack.push(...Object.values(obj));
  }
  return null;
}

/** Checks that a schema is itself valid JSON Schema (draft-07); returns the problem or null. */
export function schemaProblem(schema: unknown): string | null {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return 'a form schema must be an object';
  if (!validateJsonSchema(schema)) {
    return (validateJsonSchema.errors ?? []).map((e) => `schema${e.instancePath} ${e.message}`).join(', ');
  }
  const pattern = badPattern(schema);
  if (pattern) return pattern;
  try {
    schemaCheck(schema as JsonSchema);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** At most this many problems are reported for one form: a flood of bad keys costs no more than this. */
export const MAX_FORM_ERRORS = 50;

/** The most items a list in a form may hold, whatever its schema says: a case is worked by people. */
export const MAX_FORM_ITEMS = 1000;

/** The most values (of every field, at every depth) a form's data may hold. */
export const MAX_FORM_VALUES = 20_000;

/** Data of more than MAX_FORM_VALUES values, lists longer than MAX_FORM_ITEMS, and numbers JSON cannot carry (1e400 parses as Infinity and would be stored as null). */
function shapeProblems(data: unknown): FieldError[] {
  const out: FieldError[] = [];
  if (!data || typeof data !== 'object' || Array.isArray(data)) return out;
  let values = 0;
  for (const [field, top] of Object.entries(data)) {
    // an explicit stack, in document order: data nested thousands deep must not overflow the call stack
    const stack: unknown[] = [top];
    while (stack.length && out.length < MAX_FORM_ERRORS) {
      const value = stack.pop();
      if (++values > MAX_FORM_VALUES) return [{ field, message: `must NOT hold more than ${MAX_FORM_VALUES} values in all` }];
      if (typeof value === 'number' && !Number.isFinite(value)) out.push({ field, message: 'must be a finite number' });
      else if (Array.isArray(value)) {
        if (value.length > MAX_FORM_ITEMS) out.push({ field, message: `must NOT have more than ${MAX_FORM_ITEMS} items` });
        else for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      } else if (value && typeof value === 'object') {
        const children = Object.values(value);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      }
    }
  }
  return out;
}

/** Keys of the data its form does not allow: a flood of them is answered without walking it. */
function unknownKeys(schema: JsonSchema, data: unknown): FieldError[] {
  if (schema.additionalProperties !== false || !data || typeof data !== 'object' || Array.isArray(data)) return [];
  const known = (schema.properties ?? {}) as Record<string, unknown>;
  const out: FieldError[] = [];
  for (const key in data) {
    if (!Object.prototype.hasOwnProperty.call(known, key)) out.push({ field: key, message: 'must NOT have additional properties' });
    if (out.length === MAX_FORM_ERRORS) break;
  }
  return out;
}

export function validateFormData(form: Form, data: unknown): FieldError[] {
  const flood = unknownKeys(form.schema, data);
  if (flood.length === MAX_FORM_ERRORS) return flood;
  const shape = shapeProblems(data);
  if (shape.length) return shape;
  const errors = schemaCheck(form.schema)(data);
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const err of errors) {
    const field = err.path[0] ?? String(err.params.missingProperty ?? err.params.additionalProperty ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: err.message });
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

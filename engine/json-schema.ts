// Validates data against JSON Schemas only known at run time (forms, the params of guards and
// actions) with an interpreter, @cfworker/json-schema: no code is generated, so the browser runs it
// under a Content-Security-Policy without 'unsafe-eval'. The server and the browser share it, so
// both accept and refuse the same data. Its findings are turned into one problem per failing
// keyword, with Ajv's English wording (the API's `details` and the UI's translations read it).
import { Validator, type OutputUnit } from '@cfworker/json-schema';
import type { JsonSchema } from './types.ts';

export interface SchemaError {
  /** The instance path of the value in trouble, as JSON keys (for `required`, of the object missing it). */
  path: string[];
  keyword: string;
  /** What the message needs: limit, format, missingProperty, additionalProperty, type, pattern. */
  params: Record<string, unknown>;
  /** Ajv's wording, in English. */
  message: string;
}

export type SchemaCheck = (data: unknown) => SchemaError[];

/** Keywords whose failure only says a part below failed; the part's own failure is reported. */
const WRAPPERS = new Set(['properties', 'patternProperties', 'items', 'additionalItems', 'prefixItems', '$ref', 'allOf', 'if', 'then', 'else', 'dependentSchemas', 'unevaluatedItems']);

const checks = new WeakMap<object, SchemaCheck>();
// Procedures read from the database are new objects each time: cache by content too.
const byText = new Map<string, SchemaCheck>();

/** A validator for the schema (JSON Schema draft-07), kept for the next call with the same schema. */
export function schemaCheck(schema: JsonSchema): SchemaCheck {
  let check = checks.get(schema);
  if (check) return check;
  const text = JSON.stringify(schema);
  check = byText.get(text);
  if (!check) {
    check = makeCheck(structuredClone(schema));
    if (byText.size > 1000) byText.clear();
    byText.set(text, check);
  }
  checks.set(schema, check);
  return check;
}

function makeCheck(schema: JsonSchema): SchemaCheck {
  const validator = new Validator(schema as never, '7', false);
  return (data) => {
    const result = validator.validate(data);
    return result.valid ? [] : normalize(result.errors, schema, data);
  };
}

/** Decodes a JSON pointer written as a URI fragment ("#/a/b~1c") to its keys. */
function keys(location: string): string[] {
  const pointer = location.replace(/^#/, '');
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((k) => decodeURIComponent(k).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function at(root: unknown, path: string[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function normalize(units: OutputUnit[], schema: JsonSchema, data: unknown): SchemaError[] {
  const out: SchemaError[] = [];
  // one `required` unit per missing property, in the order of the schema's list
  const missing = new Map<string, string[]>();
  units.forEach((unit, i) => {
    const path = keys(unit.instanceLocation);
    const rule = at(schema, keys(unit.keywordLocation));
    let keyword = unit.keyword;
    let params: Record<string, unknown> = {};
    if (WRAPPERS.has(keyword)) return;
    if (keyword === 'additionalProperties') {
      // reported by its own unit (the property's value against the schema of additional ones)
      const next = units[i + 1];
      if (next?.keyword !== 'false') return;
      out.push(error(path, 'additionalProperties', { additionalProperty: keys(next.instanceLocation).at(-1) }));
      return;
    }
    if (keyword === 'false') {
      if (units[i - 1]?.keyword === 'additionalProperties') return;
      params = {};
    } else if (keyword === 'required') {
      const slot = `${unit.instanceLocation} ${unit.keywordLocation}`;
      let left = missing.get(slot);
      if (!left) {
        const value = at(data, path) as Record<string, unknown>;
        left = (Array.isArray(rule) ? rule : []).map(String).filter((k) => !Object.prototype.hasOwnProperty.call(value ?? {}, k));
        missing.set(slot, left);
      }
      params = { missingProperty: left.shift() ?? '' };
    } else if (keyword === 'format') params = { format: rule };
    else if (keyword === 'type') params = { type: Array.isArray(rule) ? rule.join(',') : rule };
    else if (keyword === 'pattern') params = { pattern: rule };
    else if (keyword === 'enum') params = { allowedValues: rule };
    else if (typeof rule === 'number') params = { limit: rule };
    else keyword = keyword || 'invalid';
    out.push(error(path, keyword, params, unit.error));
  });
  return out;
}

function error(path: string[], keyword: string, params: Record<string, unknown>, fallback = 'is invalid'): SchemaError {
  return { path, keyword, params, message: ajvWording(keyword, params) ?? fallback };
}

/** Ajv v8's English messages, which the API has always answered with. */
function ajvWording(keyword: string, p: Record<string, unknown>): string | null {
  switch (keyword) {
    case 'required':
      return `must have required property '${p.missingProperty}'`;
    case 'additionalProperties':
      return 'must NOT have additional properties';
    case 'minLength':
      return `must NOT have fewer than ${p.limit} characters`;
    case 'maxLength':
      return `must NOT have more than ${p.limit} characters`;
    case 'minItems':
      return `must NOT have fewer than ${p.limit} items`;
    case 'maxItems':
      return `must NOT have more than ${p.limit} items`;
    case 'minProperties':
      return `must NOT have fewer than ${p.limit} properties`;
    case 'maxProperties':
      return `must NOT have more than ${p.limit} properties`;
    case 'minimum':
      return `must be >= ${p.limit}`;
    case 'maximum':
      return `must be <= ${p.limit}`;
    case 'exclusiveMinimum':
      return `must be > ${p.limit}`;
    case 'exclusiveMaximum':
      return `must be < ${p.limit}`;
    case 'multipleOf':
      return `must be multiple of ${p.limit}`;
    case 'pattern':
      return `must match pattern "${p.pattern}"`;
    case 'format':
      return `must match format "${p.format}"`;
    case 'type':
      return `must be ${p.type}`;
    case 'enum':
      return 'must be equal to one of the allowed values';
    case 'const':
      return 'must be equal to constant';
    case 'uniqueItems':
      return 'must NOT have duplicate items';
    case 'anyOf':
      return 'must match a schema in anyOf';
    case 'oneOf':
      return 'must match exactly one schema in oneOf';
    case 'not':
      return 'must NOT be valid';
    case 'contains':
      return 'must contain at least 1 valid item(s)';
    case 'false':
      return 'boolean schema is false';
    default:
      return null;
  }
}

/** The errors in one line, as Ajv's errorsText writes them: "params/field must …, params must …". */
export function errorsText(errors: SchemaError[], dataVar = 'data'): string {
  return errors.map((e) => `${dataVar}${e.path.map((k) => `/${k}`).join('')} ${e.message}`).join(', ');
}

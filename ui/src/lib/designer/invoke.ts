// Automated steps in the designer: the edit that sets a state's invoke, and the fields of a
// service's input drawn from its JSON Schema (the engine's registry).
import type { InvokeConfig, Procedure } from '../../../../engine/types.ts';
import { stateConfigAt } from '../../../../engine/index.ts';

/** The procedure with the state's automated step set (null: removed). */
export function setInvoke(procedure: Procedure, path: string, invoke: InvokeConfig | null): Procedure {
  const next = structuredClone(procedure);
  const state = stateConfigAt(next.machine, path);
  if (!state) return procedure;
  if (invoke) state.invoke = invoke;
  else delete state.invoke;
  return next;
}

export const FieldKind = { Text: 'text', Select: 'select', Number: 'number', TextPair: 'textpair', List: 'list', Json: 'json' } as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

export interface ServiceField {
  name: string;
  title: string;
  kind: FieldKind;
  required: boolean;
  options?: string[];
}

type Schema = { type?: string | string[]; enum?: unknown[]; title?: string; properties?: Record<string, Schema>; required?: string[] };

/** One form field per property of the service's input schema, in the schema's order. */
export function serviceFields(schema: Schema): ServiceField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, s]) => {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const kind: FieldKind = s.enum
      ? FieldKind.Select
      : types.includes('array')
        ? FieldKind.List
        : types.includes('integer') || types.includes('number')
          ? FieldKind.Number
          : types.includes('object')
            ? s.properties?.vi && s.properties?.en
              ? FieldKind.TextPair
              : FieldKind.Json
            : FieldKind.Text;
    return { name, title: s.title ?? name, kind, required: required.has(name), options: s.enum?.map(String) };
  });
}

/** The input with one field set; an empty value removes it. */
export function withField(input: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const out = { ...input };
  const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) delete out[name];
  else out[name] = value;
  return out;
}

// Where a procedure names the fields of its forms: the case data's schema, the case summary, a step's deadline field, a
// delay set from a field, the `field` param of guards and actions, and `{{data.x}}` in an
// automated step's input. A field renamed in its form is renamed in all of them, so the
// procedure still reads the same data. Pure functions over a procedure, like edit.ts.
import type { Form, MachineConfig, Procedure, StateConfig } from '../../../../engine/types.ts';

/** Every field name of every form of the procedure: the start form and each action's form. */
export function fieldNames(procedure: Procedure | null | undefined): Set<string> {
  const out = new Set<string>();
  if (!procedure) return out;
  const add = (form: Form | undefined) => {
    const props = form?.schema?.properties;
    if (props && typeof props === 'object') for (const k of Object.keys(props)) out.add(k);
  };
  add(procedure.start?.form);
  walk(procedure.machine, (node) => {
    const meta = node.meta as { form?: Form } | undefined;
    if (meta && typeof meta === 'object' && 'label' in meta) add(meta.form);
  });
  return out;
}

/** Calls fn on every object inside value, depth first. */
function walk(value: unknown, fn: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, fn);
  else if (value && typeof value === 'object') {
    fn(value as Record<string, unknown>);
    for (const v of Object.values(value)) walk(v, fn);
  }
}

/** `from` or `from.x` becomes `to` or `to.x`; anything else stays. */
function renamePath(path: string, from: string, to: string): string {
  return path === from ? to : path.startsWith(`${from}.`) ? to + path.slice(from.length) : path;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `{{data.from}}` and `{{ data.from.x }}` in every string of an invoke's input. */
function renameInTemplate(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.replace(new RegExp(`(\\{\\{\\s*data\\.)${escape(from)}(?=[\\s.}])`, 'g'), `$1${to}`);
  if (Array.isArray(value)) return value.map((v) => renameInTemplate(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameInTemplate(v, from, to)]));
  return value;
}

/**
 * Renames the references to field `from` as `to` (the forms themselves are the caller's: the
 * form builder renames the field in its form). When another form still has a field `from`,
 * the references may mean that one: they stay.
 */
export function renameField(procedure: Procedure, from: string, to: string): Procedure {
  if (from === to || fieldNames(procedure).has(from)) return procedure;
  const next = structuredClone(procedure);
  if (typeof next.summaryField === 'string') next.summaryField = renamePath(next.summaryField, from, to);
  else if (Array.isArray(next.summaryField)) next.summaryField = next.summaryField.map((f) => renamePath(f, from, to));
  for (const [name, setting] of Object.entries(next.delays ?? {})) {
    if (setting && typeof setting === 'object' && typeof setting.field === 'string') next.delays![name] = { ...setting, field: renamePath(setting.field, from, to) };
  }
  renameInCaseSchema(next, from, to);
  renameInMachine(next.machine, from, to);
  return next;
}

/** The case data's schema: the property keeps its place, `required` follows. */
function renameInCaseSchema(procedure: Procedure, from: string, to: string): void {
  const schema = procedure.caseSchema;
  const props = schema?.properties as Record<string, unknown> | undefined;
  if (!props || !(from in props) || to in props) return;
  schema.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k === from ? to : k, v]));
  if (Array.isArray(schema.required)) schema.required = (schema.required as string[]).map((k) => (k === from ? to : k));
}

function renameInMachine(machine: MachineConfig, from: string, to: string): void {
  walk(machine, (node) => {
    // a guard or an action: { type, params: { field } }
    const params = node.params as Record<string, unknown> | undefined;
    if (typeof node.type === 'string' && params && typeof params === 'object' && typeof params.field === 'string') params.field = renamePath(params.field, from, to);
    // a step's meta
    const meta = node.meta as StateConfig['meta'] | undefined;
    if (meta && typeof meta === 'object' && typeof meta.slaField === 'string') meta.slaField = renamePath(meta.slaField, from, to);
    // an automated step: { src, input }
    if (typeof node.src === 'string' && 'input' in node) node.input = renameInTemplate(node.input, from, to);
  });
}

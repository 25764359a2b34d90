// The form builder's model: an action's form as a list of fields an administrator edits
// (kind, required, labels and help in both languages, options), and back to the JSON Schema
// plus UI hints the engine validates and lib/forms renders. Keywords the builder does not edit
// (pattern, maxLength…) ride along untouched, so opening and saving a form loses nothing.
import type { FieldHint, Form, JsonSchema, Text } from '../../../../engine/types.ts';
import { inferWidget, Widget } from '../forms/mapping.ts';
import { fieldNameFor, followsTitle } from './codes.ts';

/** The kinds of field the builder offers: the widgets a form can draw. */
export const FieldKind = Widget;
export type FieldKind = Widget;
export const FIELD_KINDS = Object.values(FieldKind);

export interface FieldOption {
  value: string;
  label: Text;
  /** values this option replaced, kept in old cases */
  formerly?: unknown[];
}

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  label: Text;
  help: Text;
  placeholder: Text;
  /** select and multiselect */
  options: FieldOption[];
  /** text and url: a list of values rather than one */
  multiple: boolean;
  /** number: whole numbers only */
  integer: boolean;
  /** date: starts at today */
  today?: boolean;
  /** the field's other JSON Schema keywords (pattern, maxLength, minimum…), kept as they were */
  extra: Record<string, unknown>;
}

export interface FormDraft {
  fields: FieldSpec[];
  /** keywords of the form's root schema other than type/properties/required/additionalProperties */
  extra: Record<string, unknown>;
}

export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONTROLLED = new Set(['type', 'format', 'enum', 'items', 'uniqueItems']);
const ROOT_CONTROLLED = new Set(['type', 'properties', 'required', 'additionalProperties']);
const EMPTY: Text = { vi: '', en: '' };

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const text = (t: Partial<Text> | undefined): Text => ({ vi: t?.vi ?? '', en: t?.en ?? '' });
const filled = (t: Text) => !!(t.vi || t.en);

/** The JSON Schema of one field as the builder writes it. */
export function fieldSchema(f: FieldSpec): JsonSchema {
  const base = (): JsonSchema => {
    switch (f.kind) {
      case 'text':
        return f.multiple ? { type: 'array', items: { type: 'string' } } : { type: 'string' };
      case 'textarea':
        return { type: 'string' };
      case 'url':
        return f.multiple ? { type: 'array', items: { type: 'string', format: 'uri' } } : { type: 'string', format: 'uri' };
      case 'number':
        return { type: f.integer ? 'integer' : 'number' };
      case 'date':
        return { type: 'string', format: 'date' };
      case 'select':
        return { type: 'string', enum: f.options.map((o) => o.value) };
      case 'multiselect':
        return { type: 'array', items: { type: 'string', enum: f.options.map((o) => o.value) }, uniqueItems: true };
      case 'checkbox':
        return { type: 'boolean' };
      case 'files':
        return { type: 'array', items: { type: 'string' } };
    }
  };
  return { ...base(), ...f.extra };
}

export function fieldHint(f: FieldSpec): FieldHint {
  const hint: FieldHint = { widget: f.kind };
  if (filled(f.label)) hint.label = { ...f.label };
  if (filled(f.help)) hint.help = { ...f.help };
  if (filled(f.placeholder)) hint.placeholder = { ...f.placeholder };
  if (f.kind === 'date' && f.today) hint.prefill = 'today';
  if (f.kind === 'select' || f.kind === 'multiselect') hint.options = f.options.map((o) => ({ value: o.value, label: { ...o.label }, ...(o.formerly ? { formerly: [...o.formerly] } : {}) }));
  return hint;
}

/** The builder's fields → the Form the engine stores. */
export function draftToForm(draft: FormDraft): Form {
  const properties: Record<string, JsonSchema> = {};
  const fields: Record<string, FieldHint> = {};
  for (const f of draft.fields) {
    properties[f.name] = fieldSchema(f);
    fields[f.name] = fieldHint(f);
  }
  const required = draft.fields.filter((f) => f.required).map((f) => f.name);
  const schema: JsonSchema = { type: 'object', ...(required.length ? { required } : {}), properties, additionalProperties: false, ...draft.extra };
  return { schema, ui: { order: draft.fields.map((f) => f.name), fields } };
}

/** A stored Form → the builder's fields, in display order. */
export function formToDraft(form: Form | null | undefined): FormDraft {
  if (!form) return { fields: [], extra: {} };
  const props = obj(form.schema.properties);
  const required = new Set(Array.isArray(form.schema.required) ? (form.schema.required as string[]) : []);
  const listed = (form.ui?.order ?? []).filter((n) => n in props);
  const order = [...new Set([...listed, ...Object.keys(props)])];
  const fields = order.map((name): FieldSpec => {
    const schema = obj(props[name]);
    const hint = form.ui?.fields?.[name];
    const kind = inferWidget(schema, hint) as FieldKind;
    const items = obj(schema.items);
    const values: unknown[] = kind === 'multiselect' ? (Array.isArray(items.enum) ? items.enum : []) : Array.isArray(schema.enum) ? schema.enum : [];
    const labelled = new Map((hint?.options ?? []).map((o) => [String(o.value), text(o.label)]));
    // the values an option replaced (kept in old cases) stay with it
    const formerly = new Map((hint?.options ?? []).filter((o) => o.formerly?.length).map((o) => [String(o.value), { formerly: [...o.formerly!] }]));
    const options =
      kind === 'select' || kind === 'multiselect'
        ? values.length
          ? values.map((v) => ({ value: String(v), label: labelled.get(String(v)) ?? { vi: String(v), en: String(v) }, ...formerly.get(String(v)) }))
          : (hint?.options ?? []).map((o) => ({ value: String(o.value), label: text(o.label), ...formerly.get(String(o.value)) }))
        : [];
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) if (!CONTROLLED.has(k)) extra[k] = v;
    return {
      name,
      kind,
      required: required.has(name),
      label: text(hint?.label),
      help: text(hint?.help),
      placeholder: text(hint?.placeholder),
      options,
      multiple: (kind === 'text' || kind === 'url') && schema.type === 'array',
      integer: kind === 'number' && schema.type === 'integer',
      ...(kind === 'date' && hint?.prefill === 'today' ? { today: true } : {}),
      extra,
    };
  });
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form.schema)) if (!ROOT_CONTROLLED.has(k)) extra[k] = v;
  return { fields, extra };
}

// ---------------------------------------------------------------- edits on a draft

export function newField(kind: FieldKind, taken: string[]): FieldSpec {
  let i = taken.length + 1;
  while (taken.includes(`field_${i}`)) i++;
  return {
    name: `field_${i}`,
    kind,
    required: false,
    label: { ...EMPTY },
    help: { ...EMPTY },
    placeholder: { ...EMPTY },
    options: kind === 'select' || kind === 'multiselect' ? [{ value: 'option_1', label: { vi: 'Lựa chọn 1', en: 'Option 1' } }] : [],
    multiple: false,
    integer: false,
    extra: {},
  };
}

export function addField(draft: FormDraft, kind: FieldKind): FormDraft {
  return { ...draft, fields: [...draft.fields, newField(kind, draft.fields.map((f) => f.name))] };
}

export function removeField(draft: FormDraft, index: number): FormDraft {
  return { ...draft, fields: draft.fields.filter((_, i) => i !== index) };
}

export function moveField(draft: FormDraft, from: number, to: number): FormDraft {
  if (to < 0 || to >= draft.fields.length || from === to) return draft;
  const fields = [...draft.fields];
  const [f] = fields.splice(from, 1);
  fields.splice(to, 0, f);
  return { ...draft, fields };
}

export function updateField(draft: FormDraft, index: number, patch: Partial<FieldSpec>): FormDraft {
  return {
    ...draft,
    fields: draft.fields.map((f, i) => {
      if (i !== index) return f;
      const next = { ...f, ...patch };
      // A new kind starts clean: keywords of the old kind (maxLength on a date…) would not fit.
      if (patch.kind && patch.kind !== f.kind) {
        next.extra = {};
        next.multiple = false;
        next.integer = false;
        if ((patch.kind === 'select' || patch.kind === 'multiselect') && !next.options.length) next.options = newField(patch.kind, []).options;
        if (patch.kind !== 'select' && patch.kind !== 'multiselect') next.options = [];
      }
      return next;
    }),
  };
}

/** A field's new name: `from` → `to`, for the references elsewhere in the procedure (fields.ts). */
export interface FieldRename {
  from: string;
  to: string;
}

const PLACEHOLDER = /^field_\d+$/;

/**
 * Sets a field's label. A name the builder made (a placeholder, or the old label's) follows the
 * new label, unique in the form; a name a person chose, or one in `fixed` (the last published
 * version has it: running cases hold data under it), stays.
 */
export function relabelField(draft: FormDraft, index: number, label: Text, fixed: ReadonlySet<string> = new Set()): { draft: FormDraft; rename: FieldRename | null } {
  const f = draft.fields[index];
  if (!f) return { draft, rename: null };
  const next = updateField(draft, index, { label });
  if (fixed.has(f.name) || !(label.vi.trim() || label.en.trim()) || !followsTitle(f.name, f.label, fieldNameFor, PLACEHOLDER)) return { draft: next, rename: null };
  const taken = new Set(draft.fields.filter((_, i) => i !== index).map((x) => x.name));
  const name = fieldNameFor(label, taken);
  if (name === f.name) return { draft: next, rename: null };
  return { draft: updateField(next, index, { name }), rename: { from: f.name, to: name } };
}

/** Problems a person can fix in the builder before the validator sees the form; a field is named by its label or place, never its code. */
export function draftProblems(draft: FormDraft): { index: number; message: Text }[] {
  const out: { index: number; message: Text }[] = [];
  const seen = new Set<string>();
  draft.fields.forEach((f, index) => {
    const vi = `"${f.label.vi || f.label.en || `Trường ${index + 1}`}"`;
    const en = `"${f.label.en || f.label.vi || `Field ${index + 1}`}"`;
    if (!FIELD_NAME.test(f.name)) out.push({ index, message: { vi: `Mã của trường ${vi} không hợp lệ (chữ không dấu, số, "_").`, en: `The code of field ${en} is invalid (letters, digits, "_").` } });
    if (seen.has(f.name)) out.push({ index, message: { vi: `Trường ${vi} trùng mã với một trường khác.`, en: `Field ${en} has the same code as another field.` } });
    seen.add(f.name);
    if (!f.label.vi || !f.label.en) out.push({ index, message: { vi: `Trường ${index + 1} cần nhãn bằng cả hai ngôn ngữ.`, en: `Field ${index + 1} needs a label in both languages.` } });
    if (f.kind === 'select' || f.kind === 'multiselect') {
      if (!f.options.length) out.push({ index, message: { vi: `Trường ${vi} cần ít nhất một lựa chọn.`, en: `Field ${en} needs at least one option.` } });
      const values = f.options.map((o) => o.value);
      if (values.some((v) => !v) || new Set(values).size !== values.length) out.push({ index, message: { vi: `Các lựa chọn của ${vi} cần giá trị riêng, không để trống.`, en: `Options of ${en} need distinct, non-empty values.` } });
      if (f.options.some((o) => !o.label.vi || !o.label.en)) out.push({ index, message: { vi: `Mỗi lựa chọn của ${vi} cần nhãn bằng cả hai ngôn ngữ.`, en: `Each option of ${en} needs a label in both languages.` } });
    }
  });
  return out;
}

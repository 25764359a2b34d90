// A procedure's Form ({schema, ui}) turned into the props of @sjsf/form: the schema it renders
// and a uiSchema carrying order, labels, help, placeholders and widgets in one language.
// Plain TS, so it is tested without a DOM and reused by the designer's preview.
import type { Form, FieldHint, JsonSchema } from '../../../../engine/types.ts';
import type { Lang } from '../i18n/index.ts';

/** Name under which the theme registers our attachment field (upload, keep the ids). */
export const FILES_FIELD = 'qtFilesField';
/** Name under which the theme registers our date input (dd/mm/yyyy whatever the browser's locale). */
export const DATE_WIDGET = 'qtDateWidget';

export const Widget = {
  Text: 'text',
  Textarea: 'textarea',
  Url: 'url',
  Number: 'number',
  Date: 'date',
  Select: 'select',
  Multiselect: 'multiselect',
  Checkbox: 'checkbox',
  Files: 'files',
} as const;
export type Widget = (typeof Widget)[keyof typeof Widget];

type UiNode = Record<string, unknown>;

export interface SjsfProps {
  schema: JsonSchema;
  uiSchema: UiNode;
  /** Fields holding attachment ids. */
  fileFields: string[];
  /** Field names in display order. */
  order: string[];
}

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The widget a field gets when its hint names none: guessed from its JSON Schema. */
export function inferWidget(schema: JsonSchema, hint?: FieldHint): Widget {
  if (hint?.widget && (Object.values(Widget) as string[]).includes(hint.widget)) return hint.widget as Widget;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const items = asObject(schema.items);
  if (type === 'array') {
    if (Array.isArray(items.enum) || hint?.options) return Widget.Multiselect;
    return Widget.Text;
  }
  if (type === 'boolean') return Widget.Checkbox;
  if (type === 'number' || type === 'integer') return Widget.Number;
  if (Array.isArray(schema.enum) || hint?.options) return Widget.Select;
  if (schema.format === 'date') return Widget.Date;
  if (schema.format === 'uri' || schema.format === 'url') return Widget.Url;
  if (typeof schema.maxLength === 'number' && schema.maxLength > 200) return Widget.Textarea;
  return Widget.Text;
}

function enumLabels(values: unknown[], hint: FieldHint | undefined, lang: Lang): string[] | undefined {
  if (!hint?.options?.length) return undefined;
  const byValue = new Map(hint.options.map((o) => [o.value, o.label?.[lang] || o.label?.vi || o.value]));
  return values.map((v) => byValue.get(String(v)) ?? String(v));
}

/** The display order: ui.order first (known fields only), then the rest in schema order. */
export function fieldOrder(form: Form): string[] {
  const props = Object.keys(asObject(form.schema.properties));
  const listed = (form.ui?.order ?? []).filter((n) => props.includes(n));
  return [...new Set([...listed, ...props])];
}

export function formToSjsf(form: Form, lang: Lang): SjsfProps {
  // A JSON copy: the form may be a Svelte state proxy, which structuredClone refuses.
  const schema = JSON.parse(JSON.stringify(form.schema)) as JsonSchema;
  if (!schema.type) schema.type = 'object';
  // The action's label is the form's heading; the schema's own title would repeat it.
  delete schema.title;
  const properties = asObject(schema.properties);
  schema.properties = properties;
  const order = fieldOrder(form);
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const uiSchema: UiNode = {};
  const rootOptions: UiNode = {};
  if (order.length) rootOptions.order = order;
  uiSchema['ui:options'] = rootOptions;
  const fileFields: string[] = [];

  for (const name of order) {
    const prop = asObject(properties[name]) as JsonSchema;
    properties[name] = prop;
    const hint = form.ui?.fields?.[name];
    const widget = inferWidget(prop, hint);
    const options: UiNode = {};
    const components: UiNode = {};
    const label = hint?.label?.[lang] || hint?.label?.vi;
    if (label) options.title = label;
    // @sjsf stars a required field's label but not a list's legend
    if (required.has(name) && (prop.type === 'array' || widget === Widget.Files)) options.title = `${label || name} *`;
    const help = hint?.help?.[lang] || hint?.help?.vi;
    if (help) options.help = help;
    const placeholder = hint?.placeholder?.[lang] || hint?.placeholder?.vi;

    switch (widget) {
      case Widget.Text:
        options.text = placeholder ? { placeholder } : {};
        break;
      case Widget.Url:
        options.text = { type: 'url', inputmode: 'url', ...(placeholder ? { placeholder } : {}) };
        break;
      case Widget.Textarea:
        components.textWidget = 'textareaWidget';
        options.textarea = { rows: 4, ...(placeholder ? { placeholder } : {}) };
        break;
      case Widget.Number:
        if (placeholder) options.number = { placeholder };
        break;
      case Widget.Date:
        components.textWidget = DATE_WIDGET;
        break;
      case Widget.Select: {
        if (!Array.isArray(prop.enum) && hint?.options?.length) prop.enum = hint.options.map((o) => o.value);
        components.stringField = 'enumField';
        const names = enumLabels(prop.enum as unknown[], hint, lang);
        if (names) options.enumNames = names;
        break;
      }
      case Widget.Multiselect: {
        const items = asObject(prop.items);
        if (!Array.isArray(items.enum) && hint?.options?.length) {
          items.enum = hint.options.map((o) => o.value);
          if (!items.type) items.type = 'string';
        }
        prop.items = items;
        prop.uniqueItems = true;
        components.arrayField = 'multiEnumField';
        const names = enumLabels(items.enum as unknown[], hint, lang);
        if (names) options.enumNames = names;
        break;
      }
      case Widget.Checkbox:
        break;
      case Widget.Files:
        if (!prop.type) prop.type = 'array';
        if (!prop.items) prop.items = { type: 'string' };
        components.arrayField = FILES_FIELD;
        fileFields.push(name);
        break;
    }
    const node: UiNode = {};
    // A list of plain values (several URLs): the input hints belong to each item.
    const listOfScalars = prop.type === 'array' && widget !== Widget.Multiselect && widget !== Widget.Files;
    if (listOfScalars) {
      const itemNode: UiNode = {};
      const itemOptions: UiNode = {};
      for (const k of ['text', 'textarea', 'number']) {
        if (options[k]) {
          itemOptions[k] = options[k];
          delete options[k];
        }
      }
      itemOptions.hideTitle = true;
      options.orderable = false;
      // @sjsf's array template shows a description, not help.
      if (options.help) {
        options.description = options.help;
        delete options.help;
      }
      itemNode['ui:options'] = itemOptions;
      if (Object.keys(components).length) itemNode['ui:components'] = { ...components };
      node.items = itemNode;
    } else if (Object.keys(components).length) {
      node['ui:components'] = components;
    }
    if (Object.keys(options).length) node['ui:options'] = options;
    uiSchema[name] = node;
  }
  return { schema, uiSchema, fileFields, order };
}

/** The label of one field in the current language, for timelines and summaries. */
export function fieldLabel(form: Form | null | undefined, name: string, lang: Lang): string {
  const hint = form?.ui?.fields?.[name];
  const fromHint = hint?.label?.[lang] || hint?.label?.vi;
  if (fromHint) return fromHint;
  const prop = asObject(asObject(form?.schema.properties)[name]);
  return typeof prop.title === 'string' ? prop.title : name;
}

/** The label of one option value, e.g. a category, in the current language. */
export function optionLabel(form: Form | null | undefined, name: string, value: unknown, lang: Lang): string {
  // an option replaced by another (`formerly`) shows as the one that took its place
  const options = form?.ui?.fields?.[name]?.options;
  const opt = options?.find((o) => o.value === value) ?? options?.find((o) => o.formerly?.includes(value));
  return opt ? opt.label?.[lang] || opt.label?.vi || String(value) : String(value);
}

/** Removes empty strings, nulls and empty lists, so "not filled" reaches the server as absent. */
export function compactData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      const kept = v.filter((x) => x !== undefined && x !== null && x !== '');
      if (kept.length) out[k] = kept;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/**
 * Starting values: a list of plain values that needs at least one item (the case's URLs)
 * starts with one empty input rather than only an "add" button; a date the procedure prefills
 * with today (`prefill: "today"`, e.g. the day content was found) starts as `today` (yyyy-mm-dd).
 */
export function initialValues(form: Form, given: Record<string, unknown> = {}, today?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...given };
  const props = asObject(form.schema.properties);
  for (const name of fieldOrder(form)) {
    const prop = asObject(props[name]) as JsonSchema;
    const widget = inferWidget(prop, form.ui?.fields?.[name]);
    const list = prop.type === 'array' && widget !== Widget.Multiselect && widget !== Widget.Files;
    if (today && out[name] === undefined && form.ui?.fields?.[name]?.prefill === 'today' && widget === Widget.Date) out[name] = today;
    if (list && out[name] === undefined && typeof prop.minItems === 'number' && prop.minItems > 0) {
      out[name] = Array.from({ length: prop.minItems }, () => '');
    }
  }
  return out;
}

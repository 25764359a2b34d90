// Small readings of a case shared by the inbox, the case page and the reports.
import type { Case, ProcedureSummary } from './api/types.ts';
import type { Form } from '../../../engine/types.ts';
import { optionLabel } from './forms/mapping.ts';
import type { Lang } from './i18n/index.ts';

/** The value of a named option-like field ("category", "platform") with its label. */
export function caseOption(c: Pick<Case, 'data'>, field: string, form: Form | null | undefined, lang: Lang): string {
  const v = c.data?.[field];
  if (v === undefined || v === null || v === '') return '';
  if (Array.isArray(v)) return v.map((x) => optionLabel(form, field, x, lang)).join(', ');
  return optionLabel(form, field, v, lang);
}

/** Options of a field of a procedure's start form, e.g. the categories, in one language. */
export function startOptions(p: ProcedureSummary | undefined, field: string, lang: Lang): { value: string; label: string }[] {
  const form = p?.start?.form;
  if (!form) return [];
  const hint = form.ui?.fields?.[field];
  if (hint?.options?.length) return hint.options.map((o) => ({ value: o.value, label: o.label?.[lang] || o.label?.vi || o.value }));
  const prop = (form.schema.properties as Record<string, Record<string, unknown>> | undefined)?.[field];
  const values = (prop?.enum ?? (prop?.items as Record<string, unknown> | undefined)?.enum) as unknown[] | undefined;
  return Array.isArray(values) ? values.map((v) => ({ value: String(v), label: String(v) })) : [];
}

/** Sort as the server does: nearest deadline first (none last), then the newest opened, then id. */
export function byDeadline(a: Case, b: Case): number {
  const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
  const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
  if (da !== db) return da - db;
  return Date.parse(b.openedAt) - Date.parse(a.openedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

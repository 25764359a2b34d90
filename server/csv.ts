// CSV for spreadsheets: the report's figures and the inbox's case list, with headings in the
// reader's language and names where the database keeps keys (categories, units, steps,
// outcomes), quoted as RFC 4180 says, UTF-8 with a BOM so Excel reads Vietnamese.
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { OUTCOME_LABELS, type Procedure, type Text } from '../engine/index.ts';
import type { Lang } from './errors.ts';
import type { Case, Report } from '../schemas/api/types.ts';
import { latestVersion } from './stores/procedures.ts';
import { FIGURES } from './reports.ts';

type Db = Kysely<Database>;

/** One cell: quoted when it holds a comma, a quote, a line break or leading/trailing space; a leading =+-@ cannot start a formula. */
export function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as a CSV document: BOM, CRLF line ends. */
export function csvDocument(rows: unknown[][]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** dd/mm/yyyy HH:mm on Vietnamese time (UTC+7, no daylight saving), as the reports are. */
export function vnDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  const d = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A yyyy-mm-dd day as dd/mm/yyyy. */
export const vnDate = (day: string) => day.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3/$2/$1');

const HEAD = {
  vi: {
    period: 'Kỳ báo cáo',
    from: 'Từ ngày',
    to: 'Đến ngày',
    generatedAt: 'Lập lúc',
    group: 'Nhóm',
    name: 'Tên',
    total: 'Tổng cộng',
    category: 'Loại vi phạm',
    platform: 'Nền tảng',
    unit: 'Đơn vị',
    step: 'Bước xử lý',
    count: 'Số lượt',
    median: 'Thời gian trung vị (giờ)',
    p90: 'Phân vị 90 (giờ)',
    unknown: 'Không rõ',
    number: 'Số hồ sơ',
    summary: 'Nội dung',
    procedure: 'Quy trình',
    holder: 'Người xử lý',
    dueAt: 'Thời hạn',
    overdue: 'Quá hạn',
    openedAt: 'Ngày ghi nhận',
    openedBy: 'Người ghi nhận',
    updatedAt: 'Cập nhật',
    status: 'Tình trạng',
    yes: 'Có',
    no: 'Không',
    active: 'Đang xử lý',
    done: 'Đã kết thúc',
    error: 'Lỗi, cần quản trị viên xem',
  },
  en: {
    period: 'Period',
    from: 'From',
    to: 'To',
    generatedAt: 'Generated at',
    group: 'Group',
    name: 'Name',
    total: 'Total',
    category: 'Category',
    platform: 'Platform',
    unit: 'Unit',
    step: 'Step',
    count: 'Count',
    median: 'Median time (hours)',
    p90: '90th percentile (hours)',
    unknown: 'Unknown',
    number: 'Case number',
    summary: 'Summary',
    procedure: 'Procedure',
    holder: 'Held by',
    dueAt: 'Deadline',
    overdue: 'Overdue',
    openedAt: 'Opened',
    openedBy: 'Opened by',
    updatedAt: 'Updated',
    status: 'Status',
    yes: 'Yes',
    no: 'No',
    active: 'In progress',
    done: 'Closed',
    error: 'Error, needs an administrator',
  },
} as const satisfies Record<Lang, Record<string, string>>;

const say = (t: Text | undefined, lang: Lang, fallback: string) => t?.[lang] || t?.vi || fallback;

/** The labels a procedure's opening form gives the values of one field (a category, a platform). */
export function optionLabels(procedure: Procedure | undefined, field: string): Map<string, Text> {
  const m = new Map<string, Text>();
  for (const o of procedure?.start?.form?.ui?.fields?.[field]?.options ?? []) m.set(String(o.value), o.label);
  return m;
}

/** The labels of a field's values across the latest version of every procedure (the report spans them all). */
export async function allOptionLabels(db: Db, field: string): Promise<Map<string, Text>> {
  const keys = await db.selectFrom('procedures').select('key').orderBy('key').execute();
  const m = new Map<string, Text>();
  for (const { key } of keys) {
    const v = await latestVersion(db, key);
    for (const [value, label] of optionLabels(v?.procedure as Procedure | undefined, field)) if (!m.has(value)) m.set(value, label);
  }
  return m;
}

/** The report as CSV: names, not keys, and headings in the reader's language. */
export async function reportCsv(db: Db, r: Report, lang: Lang): Promise<string> {
  const h = HEAD[lang];
  const [categories, platforms] = await Promise.all([allOptionLabels(db, 'category'), allOptionLabels(db, 'platform')]);
  const named = (labels: Map<string, Text>, key: string) => (key === 'unknown' || !key ? h.unknown : say(labels.get(key), lang, key));
  const figures = FIGURES.map((f) => say(OUTCOME_LABELS[f], lang, f));
  const rows: unknown[][] = [
    [h.period, h.from, vnDate(r.from), h.to, vnDate(r.to), h.generatedAt, vnDateTime(r.generatedAt)],
    [],
    [h.group, h.name, ...figures],
    [h.total, '', ...FIGURES.map((f) => r.totals[f])],
  ];
  for (const g of r.byCategory) rows.push([h.category, named(categories, g.key), ...FIGURES.map((f) => g[f])]);
  for (const g of r.byPlatform) rows.push([h.platform, named(platforms, g.key), ...FIGURES.map((f) => g[f])]);
  for (const g of r.byUnit) rows.push([h.unit, g.name ?? h.unknown, ...FIGURES.map((f) => g[f])]);
  rows.push([], [h.step, h.count, h.median, h.p90]);
  for (const s of r.stepDurations) rows.push([say(s.title, lang, s.state), s.count, s.medianHours, s.p90Hours]);
  return csvDocument(rows);
}

/** The inbox's list (its current filter) as CSV: one row a case, every value in words. */
export function casesCsv(cases: { view: Case; procedure: Procedure | undefined }[], lang: Lang): string {
  const h = HEAD[lang];
  const rows: unknown[][] = [
    [h.number, h.summary, h.procedure, h.category, h.platform, h.unit, h.step, h.status, h.holder, h.dueAt, h.overdue, h.openedAt, h.openedBy, h.updatedAt],
  ];
  for (const { view: c, procedure } of cases) {
    const data = (c.data ?? {}) as Record<string, unknown>;
    const option = (field: string) => {
      const v = data[field];
      if (v === undefined || v === null || v === '') return '';
      return say(optionLabels(procedure, field).get(String(v)), lang, String(v));
    };
    rows.push([
      c.number,
      c.summary ?? '',
      say(c.procedure.title as Text, lang, c.procedure.key),
      option('category'),
      option('platform'),
      c.unitName,
      say(c.stateTitle as Text, lang, c.state),
      h[c.status],
      c.assignee?.userId ? c.assignee.displayName : '',
      vnDateTime(c.dueAt),
      c.overdue ? h.yes : h.no,
      vnDateTime(c.openedAt),
      c.openedBy?.displayName ?? '',
      vnDateTime(c.updatedAt),
    ]);
  }
  return csvDocument(rows);
}

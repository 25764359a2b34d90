// Officials from a spreadsheet: a CSV of username,displayName,unit,roles and optionally an e-mail
// column, checked row by row (every problem with its line, in both languages) before anything is
// written.
import { parse } from 'csv-parse/sync';
import { sql, type Kysely } from 'kysely';
import type { Text } from '../engine/index.ts';
import type { ImportProblem, UserImportResult } from '../schemas/api/types.ts';
import { normaliseEmail } from '../engine/index.ts';
import type { Database } from './db/schema.ts';
import type { ErrorCode, Lang } from './errors.ts';
import { ROLES } from './access.ts';
import { listUnits, unitKey } from './stores/users.ts';

type Db = Kysely<Database>;

export const MAX_IMPORT_ROWS = 500;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const COLUMNS = ['username', 'displayName', 'unit', 'roles'] as const;
/** The optional e-mail column, by any of these names (compared without case or spaces around). */
const EMAIL_HEADERS = ['email', 'e-mail', 'mail', 'thư điện tử', 'địa chỉ email', 'địa chỉ e-mail', 'địa chỉ thư điện tử'];
type Column = (typeof COLUMNS)[number] | 'email';
const ORDER: Column[] = [...COLUMNS, 'email'];

export type ImportRow = UserImportResult['rows'][number];

/** A problem before it is put in the request's language. */
interface Found {
  line: number;
  field: Column | 'row';
  code: ErrorCode;
  messages: Text;
}

const say = (vi: string, en: string): Text => ({ vi, en });

/** The rows of the file and what is wrong with each; nothing is written. */
export async function checkImport(db: Db, csv: string, lang: Lang): Promise<{ rows: ImportRow[]; problems: ImportProblem[] }> {
  const found: Found[] = [];
  const rows = readRows(csv, found);
  if (rows.length) await checkAgainstDatabase(db, rows, found);
  found.sort((a, b) => a.line - b.line || ORDER.indexOf(a.field as Column) - ORDER.indexOf(b.field as Column));
  return { rows, problems: found.map((p) => ({ line: p.line, field: p.field, code: p.code, message: p.messages[lang], messages: p.messages })) };
}

function readRows(csv: string, found: Found[]): ImportRow[] {
  let records: { record: string[]; line: number }[];
  try {
    // with `info` and `raw` each record comes as { record, info, raw }, which the typings do not know
    const parsed = parse(csv, {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
    records = parsed.map(({ record, info, raw }) => ({ record, line: firstLine(info.lines, raw) }));
  } catch (err) {
    const line = Number((err as { lines?: number }).lines) || 1;
    found.push({
      line,
      field: 'row',
      code: 'QT_VALIDATION',
      messages: say(
        'Không đọc được tệp từ dòng này (có thể thiếu dấu ngoặc kép đóng). Hãy lưu lại dưới dạng CSV UTF-8.',
        'The file cannot be read from this line (a closing quote may be missing). Save it again as CSV UTF-8.',
      ),
    });
    return [];
  }
  const [head, ...body] = records;
  if (!head) {
    found.push({ line: 1, field: 'row', code: 'QT_VALIDATION', messages: say('Tệp trống.', 'The file is empty.') });
    return [];
  }
  const names = head.record.map((h) => h.normalize('NFC').trim().toLowerCase());
  const index = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c.toLowerCase())])) as Record<Column, number>;
  index.email = names.findIndex((n) => EMAIL_HEADERS.includes(n));
  const missing = COLUMNS.filter((c) => index[c] < 0);
  if (missing.length) {
    found.push({
      line: head.line,
      field: 'row',
      code: 'QT_VALIDATION',
      messages: say(
        `Dòng đầu phải là tên các cột: ${COLUMNS.join(',')} (thiếu: ${missing.join(', ')}).`,
        `The first line must name the columns: ${COLUMNS.join(',')} (missing: ${missing.join(', ')}).`,
      ),
    });
    return [];
  }
  if (body.length === 0) {
    found.push({ line: head.line, field: 'row', code: 'QT_VALIDATION', messages: say('Tệp chưa có dòng cán bộ nào.', 'The file has no official in it.') });
    return [];
  }
  if (body.length > MAX_IMPORT_ROWS) {
    found.push({
      line: body[MAX_IMPORT_ROWS]!.line,
      field: 'row',
      code: 'QT_VALIDATION',
      messages: say(
        `Mỗi lần nhập tối đa ${MAX_IMPORT_ROWS} cán bộ; hãy chia tệp.`,
        `At most ${MAX_IMPORT_ROWS} officials per import; split the file.`,
      ),
    });
    return [];
  }
  return body.map(({ record, line }) => {
    const cell = (c: Column) => (index[c] < 0 ? '' : (record[index[c]] ?? ''));
    if (record.length > head.record.length) {
      found.push({
        line,
        field: 'row',
        code: 'QT_VALIDATION',
        messages: say(
          `Dòng có ${record.length} cột, nhiều hơn dòng tiêu đề (${head.record.length}): một ô có dấu phẩy cần đặt trong ngoặc kép.`,
          `The line has ${record.length} columns, more than the header (${head.record.length}): a cell with a comma must be in double quotes.`,
        ),
      });
    }
    return {
      line,
      username: cell('username').toLowerCase(),
      displayName: cell('displayName'),
      unit: cell('unit'),
      roles: [...new Set(cell('roles').split(';').map((r) => r.trim().toLowerCase()).filter(Boolean))],
      newUnit: false,
      email: cell('email').trim() || null,
    };
  });
}

/** The line a record starts on: csv-parse counts to its end, and its raw text holds the blank lines before it. */
function firstLine(endLine: number, raw: string): number {
  const own = raw.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/\r?\n$/, '');
  return endLine - (own.match(/\n/g)?.length ?? 0);
}

async function checkAgainstDatabase(db: Db, rows: ImportRow[], found: Found[]): Promise<void> {
  const names = [...new Set(rows.map((r) => r.username).filter(Boolean))];
  const taken = new Set(
    names.length
      ? (await db.selectFrom('users').select(sql<string>`lower(username)`.as('u')).where(sql<string>`lower(username)`, 'in', names).execute()).map((r) => r.u)
      : [],
  );
  const units = new Set((await listUnits(db)).map((u) => unitKey(u.name)));
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const add = (field: Column, code: ErrorCode, messages: Text) => found.push({ line: row.line, field, code, messages });
    if (!row.username) add('username', 'QT_VALIDATION', say('Thiếu tên đăng nhập.', 'The user name is missing.'));
    else if (!USERNAME_PATTERN.test(row.username)) {
      add(
        'username',
        'QT_VALIDATION',
        say(
          'Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và . _ - (2–64 ký tự).',
          'A user name has 2–64 lower-case letters without accents, digits and . _ - only.',
        ),
      );
    } else if (taken.has(row.username)) add('username', 'QT_USERNAME_TAKEN', say('Tên đăng nhập này đã có người dùng.', 'This user name is already taken.'));
    else if (firstLine.has(row.username)) {
      const first = firstLine.get(row.username)!;
      add('username', 'QT_USERNAME_TAKEN', say(`Tên đăng nhập trùng với dòng ${first}.`, `The same user name as line ${first}.`));
    } else firstLine.set(row.username, row.line);

    if (!row.displayName) add('displayName', 'QT_VALIDATION', say('Thiếu họ tên.', 'The name is missing.'));
    else if ([...row.displayName].length > 200) add('displayName', 'QT_VALIDATION', say('Họ tên dài quá 200 ký tự.', 'The name is longer than 200 characters.'));

    if (!row.unit) add('unit', 'QT_VALIDATION', say('Thiếu đơn vị.', 'The unit is missing.'));
    else if ([...row.unit].length > 200) add('unit', 'QT_VALIDATION', say('Tên đơn vị dài quá 200 ký tự.', 'The unit name is longer than 200 characters.'));
    else row.newUnit = !units.has(unitKey(row.unit));

    const email = normaliseEmail(row.email);
    if (email === 'invalid') {
      add('email', 'QT_EMAIL_INVALID', say('Địa chỉ e-mail chưa đúng (dạng ten@coquan.gov.vn); để trống nếu chưa có.', 'The e-mail address is not valid (name@agency.gov.vn); leave it empty if there is none.'));
    } else row.email = email;

    const unknown = row.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (row.roles.length === 0) add('roles', 'QT_VALIDATION', say('Thiếu vai trò.', 'The roles are missing.'));
    else if (unknown.length) {
      add(
        'roles',
        'QT_UNKNOWN_ROLE',
        say(`Vai trò không tồn tại: ${unknown.join(', ')}. Có: ${ROLES.join(', ')}.`, `Unknown role: ${unknown.join(', ')}. Known: ${ROLES.join(', ')}.`),
      );
    }
  }
}

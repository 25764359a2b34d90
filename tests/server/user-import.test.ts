// Importing officials from a CSV: a dry run answers every row and its problems with their line;
// the import itself is all or nothing, creates missing units by name, and answers each new
// official's temporary password once.
import { describe, expect, it } from 'vitest';
import { ErrorCatalog } from '../../server/errors.ts';
import { dbLabel, errorBody, login, UNIT_A, useTestApp } from './helpers.ts';

const say = (vi: string, en: string) => ({ vi, en });

describe(`importing officials on ${dbLabel}`, () => {
  const t = useTestApp();
  const send = (csv: string, dryRun?: boolean, lang = 'vi') =>
    t.app.inject({ method: 'POST', url: '/api/users/import', payload: { csv, ...(dryRun ? { dryRun } : {}) }, headers: { cookie: t.cookies.admin, 'accept-language': lang } });
  const count = async (table: 'users' | 'units') => Number((await t.store.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  const BAD = [
    'username,displayName,unit,roles',
    'tran.van.a,Trần Văn A,Đơn vị A,monitor',
    'monitor,Người trùng tên,Đơn vị A,monitor',
    'tran.van.a,Trần Văn A (lần hai),Đơn vị A,verifier',
    '',
    'Le Thi B,,"Phường Vĩnh Thanh, Rạch Giá",monitor;king',
    'pham.c,Phạm C,Đơn vị B,',
  ].join('\n');

  it('answers every row and every problem with its line on a dry run, in the language asked, writing nothing', async () => {
    const [users, units] = [await count('users'), await count('units')];
    const res = await send(BAD, true, 'en');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.rows).toEqual([
      { line: 2, username: 'tran.van.a', displayName: 'Trần Văn A', unit: 'Đơn vị A', roles: ['monitor'], newUnit: false, email: null },
      { line: 3, username: 'monitor', displayName: 'Người trùng tên', unit: 'Đơn vị A', roles: ['monitor'], newUnit: false, email: null },
      { line: 4, username: 'tran.van.a', displayName: 'Trần Văn A (lần hai)', unit: 'Đơn vị A', roles: ['verifier'], newUnit: false, email: null },
      { line: 6, username: 'le thi b', displayName: '', unit: 'Phường Vĩnh Thanh, Rạch Giá', roles: ['monitor', 'king'], newUnit: true, email: null },
      { line: 7, username: 'pham.c', displayName: 'Phạm C', unit: 'Đơn vị B', roles: [], newUnit: false, email: null },
    ]);
    const problem = (line: number, field: string, code: string, messages: { vi: string; en: string }) => ({ line, field, code, message: messages.en, messages });
    expect(body.problems).toEqual([
      problem(3, 'username', 'QT_USERNAME_TAKEN', say('Tên đăng nhập này đã có người dùng.', 'This user name is already taken.')),
      problem(4, 'username', 'QT_USERNAME_TAKEN', say('Tên đăng nhập trùng với dòng 2.', 'The same user name as line 2.')),
      problem(
        6,
        'username',
        'QT_VALIDATION',
        say('Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và . _ - (2–64 ký tự).', 'A user name has 2–64 lower-case letters without accents, digits and . _ - only.'),
      ),
      problem(6, 'displayName', 'QT_VALIDATION', say('Thiếu họ tên.', 'The name is missing.')),
      problem(
        6,
        'roles',
        'QT_UNKNOWN_ROLE',
        say(
          'Vai trò không tồn tại: king. Có: admin, monitor, verifier, lead, liaison, secretariat, observer.',
          'Unknown role: king. Known: admin, monitor, verifier, lead, liaison, secretariat, observer.',
        ),
      ),
      problem(7, 'roles', 'QT_VALIDATION', say('Thiếu vai trò.', 'The roles are missing.')),
    ]);
    expect([body.dryRun, body.created, body.unitsCreated]).toEqual([true, [], []]);
    expect([await count('users'), await count('units')]).toEqual([users, units]);
  });

  it('creates nothing when any row has a problem (422, the problems as details)', async () => {
    const [users, units] = [await count('users'), await count('units')];
    const res = await send(BAD);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body).toEqual(errorBody('QT_IMPORT_INVALID', ErrorCatalog.QT_IMPORT_INVALID.message, body.error.details));
    expect(body.error.details.map((d: { line: number; field: string; message: string }) => [d.line, d.field, d.message])).toEqual([
      [3, 'username', 'Tên đăng nhập này đã có người dùng.'],
      [4, 'username', 'Tên đăng nhập trùng với dòng 2.'],
      [6, 'username', 'Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và . _ - (2–64 ký tự).'],
      [6, 'displayName', 'Thiếu họ tên.'],
      [6, 'roles', 'Vai trò không tồn tại: king. Có: admin, monitor, verifier, lead, liaison, secretariat, observer.'],
      [7, 'roles', 'Thiếu vai trò.'],
    ]);
    expect([await count('users'), await count('units')]).toEqual([users, units]);
  });

  it('names the file\'s own problems: no header, missing columns, no rows, a broken quote', async () => {
    const problems = async (csv: string) => (await send(csv, true)).json().problems.map((p: { line: number; message: string }) => [p.line, p.message]);
    expect(await problems('tên,họ\nx,y')).toEqual([[1, 'Dòng đầu phải là tên các cột: username,displayName,unit,roles (thiếu: username, displayName, unit, roles).']]);
    expect(await problems('username,displayName,unit\nx,y,z')).toEqual([[1, 'Dòng đầu phải là tên các cột: username,displayName,unit,roles (thiếu: roles).']]);
    expect(await problems('username,displayName,unit,roles\n')).toEqual([[1, 'Tệp chưa có dòng cán bộ nào.']]);
    expect(await problems('username,displayName,unit,roles\nabc,"Dở dang,Đơn vị A,monitor\n')).toEqual([
      [2, 'Không đọc được tệp từ dòng này (có thể thiếu dấu ngoặc kép đóng). Hãy lưu lại dưới dạng CSV UTF-8.'],
    ]);
    // a comma outside quotes shifts the cells: said, not imported into the wrong columns
    expect(await problems('username,displayName,unit,roles\nvo.e,Võ E, phó ban,Đơn vị A,monitor')).toEqual([
      [2, 'Dòng có 5 cột, nhiều hơn dòng tiêu đề (4): một ô có dấu phẩy cần đặt trong ngoặc kép.'],
      [2, 'Vai trò không tồn tại: đơn vị a. Có: admin, monitor, verifier, lead, liaison, secretariat, observer.'],
    ]);
    // a row is named by the line it starts on, past a cell of two lines and a blank line
    expect(await problems('username,displayName,unit,roles\nhai.dong,"Hai\ndòng",Đơn vị A,monitor\n\nmonitor,Trùng,Đơn vị A,monitor\n')).toEqual([
      [5, 'Tên đăng nhập này đã có người dùng.'],
    ]);
  });

  it('imports every row at once: units by name (created when missing), temporary passwords answered once, audited', async () => {
    const csv = [
      '\uFEFFusername,displayName,unit,roles', // as a spreadsheet saves it: with a BOM, columns in any case, CRLF
      'Nguyen.Thi.D,Nguyễn Thị D,  đơn vị a ,monitor',
      'vo.e,"Võ E, phó ban",Phường Vĩnh Thanh,verifier; lead',
      'ho.f,Hồ F,phường vĩnh thanh,observer',
    ].join('\r\n');
    const preview = (await send(csv, true)).json();
    expect(preview.problems).toEqual([]);
    expect(preview.rows.map((r: { newUnit: boolean }) => r.newUnit)).toEqual([false, true, true]);
    const res = await send(csv);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.unitsCreated).toEqual([{ id: expect.any(String), name: 'Phường Vĩnh Thanh' }]);
    const ward = body.unitsCreated[0].id;
    expect(body.created.map((c: { user: Record<string, unknown> }) => [c.user.username, c.user.displayName, c.user.unitId, c.user.roles, c.user.mustChangePassword])).toEqual([
      ['nguyen.thi.d', 'Nguyễn Thị D', UNIT_A, ['monitor'], true],
      ['vo.e', 'Võ E, phó ban', ward, ['verifier', 'lead'], true],
      ['ho.f', 'Hồ F', ward, ['observer'], true],
    ]);
    const passwords = body.created.map((c: { temporaryPassword: string }) => c.temporaryPassword);
    expect(new Set(passwords).size).toBe(3);
    const cookie = await login(t.app, 'vo.e', passwords[1]);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json().user).toMatchObject({ unitName: 'Phường Vĩnh Thanh', mustChangePassword: true });

    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'in', ['user.created', 'unit.created']).orderBy('seq').execute();
    expect(audit.map((a) => [a.action, (a.detail as { username?: string; name?: string }).username ?? (a.detail as { name: string }).name])).toEqual([
      ['user.created', 'nguyen.thi.d'],
      ['unit.created', 'Phường Vĩnh Thanh'],
      ['user.created', 'vo.e'],
      ['user.created', 'ho.f'],
    ]);
    for (const p of passwords) expect(JSON.stringify(audit)).not.toContain(p);
    // the same file again: every user name is now taken
    expect((await send(csv, true)).json().problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([
      [2, 'QT_USERNAME_TAKEN'],
      [3, 'QT_USERNAME_TAKEN'],
      [4, 'QT_USERNAME_TAKEN'],
    ]);
  });

  it('takes an optional e-mail column, named in Vietnamese or English, each address checked', async () => {
    const csv = (header: string, ...rows: string[]) => [`username,displayName,unit,roles,${header}`, ...rows].join('\n');
    const bad = (await send(csv('E-mail', 'a.b,A B,Đơn vị A,monitor,a.b@', 'c.d,C D,Đơn vị A,monitor,'), true, 'en')).json();
    expect(bad.problems).toEqual([
      { line: 2, field: 'email', code: 'QT_EMAIL_INVALID', message: 'The e-mail address is not valid (name@agency.gov.vn); leave it empty if there is none.', messages: say('Địa chỉ e-mail chưa đúng (dạng ten@coquan.gov.vn); để trống nếu chưa có.', 'The e-mail address is not valid (name@agency.gov.vn); leave it empty if there is none.') },
    ]);
    const res = await send(csv(' Thư điện tử ', 'a.b,A B,Đơn vị A,monitor, A.B@TINH.gov.vn', 'c.d,C D,Đơn vị A,monitor,'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().created.map((c: { user: { username: string; email: string | null } }) => [c.user.username, c.user.email])).toEqual([
      ['a.b', 'A.B@tinh.gov.vn'],
      ['c.d', null],
    ]);
    const audit = await t.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'user.created').orderBy('seq').execute();
    expect(audit.map((a) => (a.detail as { email: string | null }).email)).toEqual(['A.B@tinh.gov.vn', null]);
  });

  it('is for administrators only', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/users/import', payload: { csv: 'username\n' }, headers: { cookie: t.cookies.lead } });
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'QT_FORBIDDEN']);
  });
});

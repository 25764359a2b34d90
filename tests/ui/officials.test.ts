// The Officials page's logic: filters, the form's checks before sending, the copied passwords;
// its routes, the field a server error names, and dates written dd/mm/yyyy.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../ui/src/lib/api/types.ts';
import { checkDraft, filterOfficials, fold, membersByUnit, NO_FILTERS, passwordsCsv, Status } from '../../ui/src/features/admin/officials.ts';
import { errorField, errorFromBody } from '../../ui/src/lib/api/errors.ts';
import { href, parseHash } from '../../ui/src/lib/router.svelte.ts';
import { formatDate, formatDateTime } from '../../ui/src/lib/format.ts';

const account = (username: string, displayName: string, unitId: string, roles: string[], active = true): Account => ({
  id: username,
  username,
  displayName,
  unitId,
  unitName: unitId,
  roles,
  active,
  mustChangePassword: false,
  lastSignInAt: null,
  createdAt: '2026-01-05T02:00:00.000Z',
  email: null,
});

describe('the Officials page', () => {
  const list = [
    account('nguyen.an', 'Nguyễn Văn An', 'u1', ['monitor']),
    account('tran.binh', 'Trần Bình', 'u1', ['verifier', 'lead'], false),
    account('dang.cuc', 'Đặng Thị Cúc', 'u2', ['monitor']),
  ];
  const names = (f: Partial<typeof NO_FILTERS>) => filterOfficials(list, { ...NO_FILTERS, ...f }).map((a) => a.username);

  it('filters by unit, role, status and name (accents not needed)', () => {
    expect(names({})).toEqual(['nguyen.an', 'tran.binh', 'dang.cuc']);
    expect(names({ unitId: 'u1' })).toEqual(['nguyen.an', 'tran.binh']);
    expect(names({ role: 'monitor' })).toEqual(['nguyen.an', 'dang.cuc']);
    expect(names({ status: Status.Inactive })).toEqual(['tran.binh']);
    expect(names({ status: Status.Active, unitId: 'u1' })).toEqual(['nguyen.an']);
    expect(names({ q: 'dang thi' })).toEqual(['dang.cuc']);
    expect(names({ q: 'TRAN' })).toEqual(['tran.binh']);
    expect(fold('Đặng Thị Cúc')).toBe('dang thi cuc');
  });

  it('checks a form before sending it', () => {
    expect(checkDraft({ username: 'Nguyễn', displayName: ' ', unitId: '', roles: [], email: 'an@' }, true)).toEqual({
      username: 'usernameInvalid',
      displayName: 'displayNameMissing',
      unitId: 'unitMissing',
      roles: 'rolesMissing',
      email: 'emailInvalid',
    });
    expect(checkDraft({ username: 'nguyen.an', displayName: 'An', unitId: 'u1', roles: ['monitor'], email: '' }, true)).toEqual({});
    expect(checkDraft({ username: 'nguyen.an', displayName: 'An', unitId: 'u1', roles: ['monitor'], email: ' an@xa.gov.vn ' }, true)).toEqual({});
    // editing: the user name is not sent
    expect(checkDraft({ username: 'Cũ', displayName: 'An', unitId: 'u1', roles: ['lead'], email: '' }, false)).toEqual({});
  });

  it('copies temporary passwords as CSV and counts the officials of each unit', () => {
    expect(passwordsCsv([{ user: { username: 'a.b' }, temporaryPassword: 'abcd-efgh-jkmn-pqrs' }])).toBe('username,password\na.b,abcd-efgh-jkmn-pqrs');
    expect(membersByUnit(list)).toEqual(new Map([['u1', 2], ['u2', 1]]));
  });

  it('has its routes, and finds the field a server error is about', () => {
    expect(parseHash('#/officials')).toEqual({ name: 'officials' });
    expect(parseHash('#/password')).toEqual({ name: 'password' });
    expect(href({ name: 'officials' })).toBe('#/officials');
    const taken = errorFromBody(409, { error: { code: 'QT_USERNAME_TAKEN', message: 'x', details: [{ field: 'username' }] } });
    expect(errorField(taken)).toBe('username');
    const schema = errorFromBody(400, { error: { code: 'QT_VALIDATION', message: 'x', details: [{ field: 'body/displayName', message: 'y' }] } });
    expect(errorField(schema)).toBe('displayName');
    expect(errorField(errorFromBody(403, { error: { code: 'QT_FORBIDDEN', message: 'x', details: [] } }))).toBeNull();
  });

  it('writes dates dd/mm/yyyy in both languages', () => {
    const at = new Date(2026, 11, 4, 9, 5); // local time
    expect(formatDate(at, 'vi')).toBe('04/12/2026');
    expect(formatDate(at, 'en')).toBe('04/12/2026');
    expect(formatDateTime(at.toISOString(), 'vi')).toBe('04/12/2026 09:05');
    expect(formatDateTime(null, 'en')).toBe('');
  });
});

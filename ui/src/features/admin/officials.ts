// The Officials page's logic without a DOM: filtering the list, checking a form before it is
// sent, and the text copied for a batch of temporary passwords.
import type { Account } from '../../lib/api/index.ts';
import { normaliseEmail } from '../../../../engine/index.ts';

/** The roles an account can hold (server/access.ts ROLES), in the order the pickers show them. */
export const ROLE_IDS = ['monitor', 'verifier', 'lead', 'liaison', 'secretariat', 'observer', 'admin'] as const;

/** The server's rule for a new user name (schemas/api/new-user.json). */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export const Status = { All: '', Active: 'active', Inactive: 'inactive' } as const;
export type Status = (typeof Status)[keyof typeof Status];

export interface OfficialFilters {
  unitId: string;
  role: string;
  status: Status;
  q: string;
}

export const NO_FILTERS: OfficialFilters = { unitId: '', role: '', status: Status.All, q: '' };

/** Lower case without Vietnamese accents: "Nguyễn" is found by "nguyen". */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

export function filterOfficials(list: Account[], f: OfficialFilters): Account[] {
  const q = fold(f.q.trim());
  return list.filter(
    (a) =>
      (!f.unitId || a.unitId === f.unitId) &&
      (!f.role || a.roles.includes(f.role)) &&
      (f.status === Status.All || a.active === (f.status === Status.Active)) &&
      (!q || fold(a.displayName).includes(q) || a.username.includes(q) || (a.email ?? '').toLowerCase().includes(q)),
  );
}

export interface OfficialDraft {
  username: string;
  displayName: string;
  unitId: string;
  roles: string[];
  /** optional: where the official's e-mail digest goes */
  email: string;
}

export type DraftProblems = Partial<Record<keyof OfficialDraft, 'usernameInvalid' | 'displayNameMissing' | 'unitMissing' | 'rolesMissing' | 'emailInvalid'>>;

/** What is missing or malformed before sending (the i18n key under officials.form); the server checks again. */
export function checkDraft(d: OfficialDraft, creating: boolean): DraftProblems {
  const out: DraftProblems = {};
  if (creating && !USERNAME_PATTERN.test(d.username.trim())) out.username = 'usernameInvalid';
  if (!d.displayName.trim()) out.displayName = 'displayNameMissing';
  if (!d.unitId) out.unitId = 'unitMissing';
  if (d.roles.length === 0) out.roles = 'rolesMissing';
  if (normaliseEmail(d.email) === 'invalid') out.email = 'emailInvalid';
  return out;
}

/** Temporary passwords as CSV (username,password), to paste into a spreadsheet or a letter. */
export function passwordsCsv(created: { user: { username: string }; temporaryPassword: string }[]): string {
  return ['username,password', ...created.map((c) => `${c.user.username},${c.temporaryPassword}`)].join('\n');
}

/** How many officials each unit has. */
export function membersByUnit(list: Account[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of list) out.set(a.unitId, (out.get(a.unitId) ?? 0) + 1);
  return out;
}

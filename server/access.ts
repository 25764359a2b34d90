// Who reads which case. Province-level roles read every case; the others read their unit's
// cases and the cases assigned to them or their unit. Every route checks this per case.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { User } from '../schemas/api/types.ts';

export const Role = {
  Admin: 'admin',
  Monitor: 'monitor',
  Verifier: 'verifier',
  Lead: 'lead',
  Liaison: 'liaison',
  Secretariat: 'secretariat',
  Observer: 'observer',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

/** Province-level roles: their work spans every unit's cases (verify, decide, request removal, report, oversee). */
export const PROVINCE_ROLES: readonly string[] = [Role.Admin, Role.Observer, Role.Lead, Role.Secretariat, Role.Verifier, Role.Liaison];

/** The signed-in user, as GET /api/me answers it (schemas/api/user.json). */
export type SessionUser = User;

export interface CaseScope {
  unit_id: string;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
}

export function readsAllCases(user: SessionUser): boolean {
  return user.roles.some((r) => PROVINCE_ROLES.includes(r));
}

export function canReadCase(user: SessionUser, c: CaseScope): boolean {
  return (
    readsAllCases(user) || c.unit_id === user.unitId || c.assignee_user_id === user.id || c.assignee_unit_id === user.unitId
  );
}

/** The same rule as SQL, for lists, reports and the dashboard (`cases` must be in scope as `c`). */
export function readableCases(user: SessionUser, alias = 'c'): Expression<SqlBool> {
  if (readsAllCases(user)) return sql<SqlBool>`true`;
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<SqlBool>`(${col('unit_id')} = ${user.unitId} OR ${col('assignee_user_id')} = ${user.id} OR ${col('assignee_unit_id')} = ${user.unitId})`;
}

export function isAdmin(user: SessionUser): boolean {
  return user.roles.includes(Role.Admin);
}

/** Observers read and change nothing. */
export function mayWrite(user: SessionUser): boolean {
  return user.roles.some((r) => r !== Role.Observer);
}

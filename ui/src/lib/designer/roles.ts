// The procedure's roles as the designer edits them: a role is added and named by its title; its
// id follows the title while the designer made it and the last published version does not have
// it (running cases and accounts hold published ids). Pure functions over a procedure.
import type { Procedure, Text } from '../../../../engine/types.ts';
import { followsTitle, roleIdFor } from './codes.ts';
import { renameRole, setRoles } from './edit.ts';

const PLACEHOLDER = /^(role|vai_tro)(_\d+)?$/;

/** Adds a role titled "Vai trò n" / "Role n", its id made from that title. */
export function addRole(procedure: Procedure): Procedure {
  const n = procedure.roles.length + 1;
  const title = { vi: `Vai trò ${n}`, en: `Role ${n}` };
  const id = roleIdFor(title, new Set(procedure.roles.map((r) => r.id)));
  return setRoles(procedure, [...procedure.roles, { id, title }]);
}

/**
 * Sets the title of the role at `index`. An id the designer made follows the new title, with
 * every reference to it (renameRole); an id a person chose, or one `published` has, stays.
 */
export function retitleRole(procedure: Procedure, index: number, title: Text, published?: Procedure | null): Procedure {
  const role = procedure.roles[index];
  if (!role) return procedure;
  const next = setRoles(procedure, procedure.roles.map((r, i) => (i === index ? { ...r, title } : r)));
  const fixed = published?.roles.some((r) => r.id === role.id) ?? false;
  if (fixed || !(title.vi.trim() || title.en.trim()) || !followsTitle(role.id, role.title, roleIdFor, PLACEHOLDER)) return next;
  const id = roleIdFor(title, new Set(procedure.roles.filter((_, i) => i !== index).map((r) => r.id)));
  return id === role.id ? next : renameRole(next, role.id, id);
}

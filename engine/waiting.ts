// Who a case waits on: the roles that work its current states; an assignment (assignTo) narrows
// that to one of them, and one the current states do not have is stale (an earlier step's) and
// ignored — the validator warns where a procedure assigns such a role.
import { leafPaths, stateConfigAt } from './paths.ts';
import type { CaseState, Procedure } from './types.ts';

/** The roles of the active leaf states (a leaf without roles takes its nearest ancestor's). */
export function stateRoles(procedure: Procedure, leaves: string[]): string[] {
  const roles = new Set<string>();
  for (const leaf of leaves) {
    const parts = leaf.split('.');
    for (let i = parts.length; i > 0; i--) {
      const r = stateConfigAt(procedure.machine, parts.slice(0, i).join('.'))?.meta?.roles;
      if (r?.length) {
        r.forEach((x) => roles.add(x));
        break;
      }
    }
  }
  return [...roles].sort();
}

/** The roles a case waits on now; none once it is over. */
export function waitingOn(procedure: Procedure, state: CaseState): string[] {
  if (state.status !== 'active') return [];
  const roles = stateRoles(procedure, leafPaths(state.value));
  const assigned = state.context?.assignee?.role;
  return assigned && roles.includes(assigned) ? [assigned] : roles;
}

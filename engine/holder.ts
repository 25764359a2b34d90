// Who holds a case: an official takes a case of their role, a lead hands it to a named official,
// or it is released. The holder is the `userId` of the context's assignment, with the step it was
// taken at: leaving that step lets go of it (the next step waits on its own role again).
import type { Assignment, CaseState } from './types.ts';

export interface Holder {
  userId: string;
  displayName: string;
  /** the case's state (leaf paths joined by commas) when it was taken */
  heldAt: string;
}

/** The case with `holder` holding it (null: released); the rest of its assignment is kept. */
export function withHolder(state: CaseState, holder: Holder | null): CaseState {
  const { userId: _u, displayName: _d, heldAt: _h, ...rest } = state.context.assignee ?? {};
  const assignee: Assignment | null = holder ? { ...rest, ...holder } : Object.keys(rest).length ? rest : null;
  return { ...state, context: { ...state.context, assignee } };
}

/** The assignment as it stands at `state`: an official's hold taken at another step has lapsed. */
export function currentAssignment(assignee: Assignment | null | undefined, state: string): Assignment | null {
  if (!assignee) return null;
  if (!assignee.heldAt || assignee.heldAt === state) return assignee;
  const { userId: _u, displayName: _d, heldAt: _h, ...rest } = assignee;
  return Object.keys(rest).length ? rest : null;
}

/** The roles an official with `roles` may hand cases of, as the procedure declares them. */
export function rolesHandedBy(roleDefs: readonly { id: string; assigns?: string[] }[], roles: readonly string[]): Set<string> {
  return new Set(roleDefs.filter((r) => roles.includes(r.id)).flatMap((r) => r.assigns ?? []));
}

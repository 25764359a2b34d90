// Telling officials a case has reached their inbox: every step with roles notifies, when the case
// enters it, the roles that may act there (the assigned one, when the case is assigned to one of
// them), unless its `meta.notify` is false. A role the step's own `notify` action already tells
// is not told twice. The message names the step in words; the bell shows the case's number.
import { leafPaths, stateConfigAt } from './paths.ts';
import { stateRoles } from './waiting.ts';
import { CaseStatus, type CaseState, type Effect, type Procedure } from './types.ts';

/** Whether entering the state at `leaf` notifies: its own `notify`, else its nearest ancestor's, else yes. */
function notifies(procedure: Procedure, leaf: string): boolean {
  const parts = leaf.split('.');
  for (let i = parts.length; i > 0; i--) {
    const n = stateConfigAt(procedure.machine, parts.slice(0, i).join('.'))?.meta?.notify;
    if (typeof n === 'boolean') return n;
  }
  return true;
}

/** The notifications of the steps entered going from `before` (null: opening) to `after`. */
export function inboxNotifications(procedure: Procedure, before: CaseState | null, after: CaseState, effects: Effect[]): Effect[] {
  if (after.status !== CaseStatus.Active) return [];
  const was = new Set(before && before.status === CaseStatus.Active ? leafPaths(before.value) : []);
  const told = new Set(effects.flatMap((e) => (e.type === 'notify' ? [e.role] : [])));
  const out: Effect[] = [];
  for (const leaf of leafPaths(after.value).sort()) {
    if (was.has(leaf) || !notifies(procedure, leaf)) continue;
    const roles = stateRoles(procedure, [leaf]);
    const assigned = after.context.assignee?.role;
    const to = assigned && roles.includes(assigned) ? [assigned] : roles;
    const title = stateConfigAt(procedure.machine, leaf)?.meta?.title ?? { vi: leaf, en: leaf };
    for (const role of to) {
      if (told.has(role)) continue;
      told.add(role);
      out.push({
        type: 'notify',
        role,
        step: leaf,
        message: { vi: `Hồ sơ đã đến bước “${title.vi}”, chờ bạn xử lý.`, en: `A case has reached the step “${title.en}” and waits for you.` },
      });
    }
  }
  return out;
}

// A state's SLA as a deadline in the case's context, with the timer the caller keeps for it.
import { addDuration } from './duration.ts';
import { fieldDue } from './deadline-field.ts';
import { stateConfigAt } from './paths.ts';
import { SLA_EVENT, type Deadline, type Effect, type MachineConfig } from './types.ts';

/**
 * The deadlines of the active states `paths` (none once the case is over): a deadline whose state
 * and SLA are unchanged is kept, any other SLA starts at `now`. Timers to cancel come first. A
 * state's `slaField` filled in the case's `data` (a date or a duration) sets its deadline, else its `sla`.
 */
export function deadlinesAt(machine: MachineConfig, paths: string[], old: Record<string, Deadline>, now: Date, data: Record<string, unknown> = {}) {
  const deadlines: Record<string, Deadline> = {};
  const set: Effect[] = [];
  for (const path of paths) {
    const meta = stateConfigAt(machine, path)?.meta;
    const field = typeof meta?.slaField === 'string' ? meta.slaField : undefined;
    const fromField = field ? fieldDue(data[field], now) : null;
    const sla = fromField ? String(data[field!]) : meta?.sla;
    if (!sla) continue;
    if (old[path]?.sla === sla) {
      deadlines[path] = old[path];
      continue;
    }
    const dueAt = (fromField ?? addDuration(now, sla)).toISOString();
    deadlines[path] = { state: path, sla, startedAt: now.toISOString(), dueAt };
    set.push({ type: 'timer.set', id: `sla:${path}`, event: { type: SLA_EVENT, data: { state: path, dueAt } }, dueAt });
  }
  const cancel = Object.keys(old)
    .filter((path) => deadlines[path] !== old[path])
    .map((path): Effect => ({ type: 'timer.cancel', id: `sla:${path}` }));
  return { deadlines, effects: [...cancel, ...set] };
}

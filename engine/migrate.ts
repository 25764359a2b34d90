// Moving a running case from one version of a procedure to another with a state mapping
// (old leaf state → new state). The case keeps its context; its state value, deadlines and
// timers are recomputed for the new version. Entry actions of the new states do not run:
// a migration moves a case, it does not act on it.
import type { AnyMachineSnapshot } from 'xstate';
import { compile } from './compile.ts';
import { deadlinesAt } from './deadlines.ts';
import { activePaths, eachState, leafPaths, stateConfigAt } from './paths.ts';
import { CaseStatus, MIGRATED_EVENT, type CaseContext, type CaseState, type Effect, type Procedure, type StateConfig, type Text } from './types.ts';

/** Old leaf state path → new state path, or null when nothing is chosen yet. */
export type StateMapping = Record<string, string | null>;

export interface MigrationProblem {
  /** the case's state in the old version ('' for the case as a whole) */
  state: string;
  message: Text;
}

export type MigrationResult =
  | { ok: true; state: CaseState; effects: Effect[] }
  | { ok: false; problems: MigrationProblem[] };

const isLeaf = (s: StateConfig) => s.type !== 'history' && Object.keys(s.states ?? {}).length === 0;

/** Every leaf state of `from` mapped to the same path in `to` where it exists, else null. */
export function proposeMapping(from: Procedure, to: Procedure): StateMapping {
  const out: StateMapping = {};
  for (const { path, state } of eachState(from.machine)) {
    if (!isLeaf(state)) continue;
    const target = stateConfigAt(to.machine, path);
    out[path] = target && target.type !== 'history' ? path : null;
  }
  return out;
}

const problem = (state: string, vi: string, en: string): MigrationProblem => ({ state, message: { vi, en } });

/** XState's id of an `after` timer: xstate.after.<delay>.<state node id> (<machineId>.<statePath> unless the state has an `id`). */
function afterTimerId(procedure: Procedure, path: string, delay: string): string {
  const own = stateConfigAt(procedure.machine, path)?.id;
  return `xstate.after.${delay}.${own ?? `${procedure.machine.id}.${path}`}`;
}

function afterTimers(procedure: Procedure, paths: string[]): { id: string; path: string; delay: string }[] {
  return paths.flatMap((path) =>
    Object.keys(stateConfigAt(procedure.machine, path)?.after ?? {}).map((delay) => ({ id: afterTimerId(procedure, path, delay), path, delay })),
  );
}

/** A state value holding the given target paths; a second child of one non-parallel state is a conflict. */
function valueOf(to: Procedure, targets: Map<string, string>): { value: Record<string, unknown>; problems: MigrationProblem[] } {
  const value: Record<string, unknown> = {};
  const chosen = new Map<string, { child: string; from: string }>();
  const problems: MigrationProblem[] = [];
  for (const [fromPath, target] of targets) {
    const parts = target.split('.');
    let node = value;
    for (let i = 0; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('.');
      const parentConfig = stateConfigAt(to.machine, parent)!;
      const prior = chosen.get(parent);
      if (parentConfig.type !== 'parallel' && prior && prior.child !== parts[i]) {
        problems.push(
          problem(
            fromPath,
            `Trạng thái đích "${target}" không thể cùng hoạt động với "${prior.child}" (đích của "${prior.from}").`,
            `Target "${target}" cannot be active together with "${prior.child}" (the target of "${prior.from}").`,
          ),
        );
        break;
      }
      chosen.set(parent, { child: parts[i]!, from: fromPath });
      node = (node[parts[i]!] ??= {}) as Record<string, unknown>;
    }
  }
  return { value, problems };
}

/**
 * Moves a running case of `from` to `to`: every active leaf state goes where `mapping` says (a
 * compound target enters its initial child, a parallel one all its regions). The context is
 * kept; a deadline whose state and SLA are unchanged is kept, other SLA deadlines start at `now`.
 * Effects cancel the old states' timers and set the new ones; a timer whose id is unchanged
 * (same machine id, state and delay) keeps running.
 */
export function migrateCase(from: Procedure, to: Procedure, state: CaseState, mapping: StateMapping, now: Date): MigrationResult {
  if (state.status !== CaseStatus.Active) {
    return { ok: false, problems: [problem('', 'Hồ sơ đã kết thúc, không chuyển được.', 'The case is closed and cannot be migrated.')] };
  }
  const problems: MigrationProblem[] = [];
  const targets = new Map<string, string>();
  for (const leaf of leafPaths(state.value).sort()) {
    const target = Object.hasOwn(mapping, leaf) ? mapping[leaf] : null;
    if (!target) {
      problems.push(problem(leaf, `Chưa chọn trạng thái mới cho "${leaf}".`, `No new state is chosen for "${leaf}".`));
      continue;
    }
    const config = stateConfigAt(to.machine, target);
    if (!config || config.type === 'history') {
      problems.push(problem(leaf, `Phiên bản mới không có trạng thái "${target}".`, `The new version has no state "${target}".`));
    } else if (config.type === 'final' && !target.includes('.')) {
      problems.push(
        problem(leaf, `"${target}" là trạng thái kết thúc: hồ sơ đang xử lý không chuyển vào đó được.`, `"${target}" is a final state: a running case cannot be moved into it.`),
      );
    } else targets.set(leaf, target);
  }
  if (problems.length) return { ok: false, problems };
  const built = valueOf(to, targets);
  if (built.problems.length) return { ok: false, problems: built.problems };

  const { machine } = compile(to);
  let snapshot: AnyMachineSnapshot;
  try {
    snapshot = machine.resolveState({ value: built.value, context: state.context } as never) as AnyMachineSnapshot;
  } catch (err) {
    return { ok: false, problems: [problem('', 'Không dựng được trạng thái mới của hồ sơ.', `The case's new state cannot be built: ${(err as Error).message}`)] };
  }
  if (snapshot.status !== CaseStatus.Active) {
    return { ok: false, problems: [problem('', 'Với cách chuyển này hồ sơ sẽ kết thúc ngay.', 'With this mapping the case would be finished at once.')] };
  }
  const persisted = machine.getPersistedSnapshot(snapshot) as unknown as CaseState;

  const newPaths = activePaths(persisted.value);
  const sla = deadlinesAt(to.machine, newPaths, state.context.deadlines ?? {}, now, state.context.data);
  const context: CaseContext = { ...state.context, deadlines: sla.deadlines };
  // `after` timers: the old states' are cancelled unless the very same timer goes on.
  const kept = new Set(afterTimers(from, activePaths(state.value)).map((t) => t.id));
  const next = afterTimers(to, newPaths);
  const cancel = [...kept].filter((id) => !next.some((t) => t.id === id)).map((id): Effect => ({ type: 'timer.cancel', id }));
  const effects: Effect[] = [...cancel, ...sla.effects];
  const delays = machine.implementations.delays as Record<string, (args: unknown) => number>;
  const at = now.toISOString();
  for (const t of next) {
    if (kept.has(t.id)) continue;
    // the delay as XState resolves it: numbers stand for themselves
    const ms = delays[t.delay]?.({ context, event: { type: MIGRATED_EVENT, at } }) ?? Number(t.delay);
    effects.push({ type: 'timer.set', id: t.id, event: { type: t.id }, dueAt: new Date(now.getTime() + ms).toISOString() });
  }

  return { ok: true, state: { ...persisted, context }, effects };
}

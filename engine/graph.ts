// Graph checks over a procedure: unreachable states, states with no way to a final state, and
// states where nobody can act. Guarded branches count as free choices.
import { eachState, invokesOf, normalizeTransitions, resolveTarget, stateConfigAt, statePointer } from './paths.ts';
import type { MachineConfig, StateConfig, TransitionsConfig, ValidationProblem } from './types.ts';

/** The leaf states entered when a state is entered. */
export function enter(machine: MachineConfig, path: string): string[] {
  const state = stateConfigAt(machine, path);
  if (!state) return [];
  const children = Object.keys(state.states ?? {});
  const join = (k: string) => (path ? `${path}.${k}` : k);
  if (state.type === 'history') return enter(machine, path.split('.').slice(0, -1).join('.'));
  if (!children.length || state.type === 'final') return [path];
  if (state.type === 'parallel') return children.flatMap((k) => enter(machine, join(k)));
  return state.initial ? enter(machine, join(state.initial)) : [];
}

export function ancestorsOf(path: string): string[] {
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = parts.length; i >= 0; i--) out.push(parts.slice(0, i).join('.'));
  return out; // self first, root ('') last
}

export function targetsOf(machine: MachineConfig, sourcePath: string, value: TransitionsConfig | undefined): string[] {
  const out: string[] = [];
  for (const t of normalizeTransitions(value)) {
    const targets = t.target === undefined ? [] : Array.isArray(t.target) ? t.target : [t.target];
    for (const target of targets) {
      const resolved = resolveTarget(machine, sourcePath, target);
      if (resolved !== null) out.push(...enter(machine, resolved));
    }
  }
  return out;
}

export function outgoing(machine: MachineConfig, state: StateConfig, path: string): string[] {
  return [
    ...Object.values(state.on ?? {}).flatMap((v) => targetsOf(machine, path, v)),
    ...Object.values(state.after ?? {}).flatMap((v) => targetsOf(machine, path, v)),
    ...targetsOf(machine, path, state.always),
    // An automated step ends in its onDone or onError.
    ...invokesOf(state).flatMap((i) => [...targetsOf(machine, path, i.onDone), ...targetsOf(machine, path, i.onError)]),
  ];
}

export function checkGraph(machine: MachineConfig): ValidationProblem[] {
  const all = eachState(machine);
  const leaves = all.filter(({ state }) => !Object.keys(state.states ?? {}).length || state.type === 'final').map((s) => s.path);
  const isFinal = (p: string) => stateConfigAt(machine, p)?.type === 'final';

  // Edges between leaves; `global` are the root's own transitions (COMMENT, CANCEL…).
  const edges = new Map<string, Set<string>>();
  const globalTargets = outgoing(machine, machine, '');
  const local = new Map<string, Set<string>>();
  for (const leaf of leaves) {
    const set = new Set<string>();
    for (const anc of ancestorsOf(leaf)) {
      if (anc === '') continue;
      const s = stateConfigAt(machine, anc)!;
      for (const t of outgoing(machine, s, anc)) set.add(t);
    }
    local.set(leaf, set);
  }
  // Completion: a final child of a compound, or of every region of a parallel, takes onDone.
  for (const { path, state } of all) {
    if (!state.onDone) continue;
    const done = targetsOf(machine, path, state.onDone);
    const finals = leaves.filter((l) => l.startsWith(`${path}.`) && isFinal(l));
    for (const f of finals) for (const t of done) local.get(f)?.add(t);
  }
  for (const leaf of leaves) edges.set(leaf, new Set([...local.get(leaf)!, ...globalTargets]));

  const problems: ValidationProblem[] = [];
  // Reachability from the initial state, global transitions included.
  const reached = new Set<string>(enter(machine, ''));
  const queue = [...reached];
  while (queue.length) {
    const cur = queue.shift()!;
    // Entering a leaf inside a parallel state enters its sibling regions too.
    for (const next of edges.get(cur) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  const reachedPaths = new Set([...reached].flatMap((l) => ancestorsOf(l)));
  for (const { path } of all) {
    if (reachedPaths.has(path)) continue;
    const parent = path.split('.').slice(0, -1).join('.');
    if (parent && !reachedPaths.has(parent)) continue; // reported at its parent
    problems.push({
      path: statePointer(path),
      code: 'QT_STATE_UNREACHABLE',
      severity: 'publish',
      message: {
        vi: `Không có đường nào dẫn tới bước "${path}". Hãy thêm một chuyển tiếp tới bước này hoặc xóa nó.`,
        en: `No transition leads to step "${path}". Add a transition into it or delete it.`,
      },
    });
  }

  // A way to a top-level final state, not counting the global transitions (cancel is no way out).
  const terminal = new Set(leaves.filter((l) => !l.includes('.') && isFinal(l)));
  const canFinish = new Set(terminal);
  let changed = true;
  while (changed) {
    changed = false;
    for (const leaf of leaves) {
      if (canFinish.has(leaf)) continue;
      if ([...(local.get(leaf) ?? [])].some((t) => canFinish.has(t))) {
        canFinish.add(leaf);
        changed = true;
      }
    }
  }
  for (const leaf of leaves) {
    if (canFinish.has(leaf) || !reached.has(leaf) || isFinal(leaf)) continue;
    problems.push({
      path: statePointer(leaf),
      code: 'QT_STATE_NO_PATH_TO_FINAL',
      severity: 'publish',
      message: {
        vi: `Từ bước "${leaf}" không thể đi tới bước kết thúc nào. Hãy thêm chuyển tiếp để hồ sơ có thể hoàn tất.`,
        en: `From step "${leaf}" no final step can be reached. Add a transition so the case can finish.`,
      },
    });
  }

  // Someone can act: an event with roles, or a timer, or an automatic transition.
  for (const leaf of leaves) {
    if (isFinal(leaf)) continue;
    const parts = leaf.split('.');
    // Inside a parallel region, a final sibling region may leave this one waiting on purpose.
    const acts = ancestorsOf(leaf)
      .filter((p) => p !== '')
      .some((p) => {
        const s = stateConfigAt(machine, p)!;
        const onRoles = Object.values(s.on ?? {}).some((v) => normalizeTransitions(v).some((t) => (t.meta?.roles ?? []).length > 0));
        return onRoles || Object.keys(s.after ?? {}).length > 0 || s.always !== undefined || invokesOf(s).some((i) => i.onDone !== undefined || i.onError !== undefined);
      });
    if (!acts && parts.length > 0) {
      problems.push({
        path: statePointer(leaf),
        code: 'QT_STATE_NO_ACTOR',
        severity: 'publish',
        message: {
          vi: `Ở bước "${leaf}" không vai trò nào có thao tác để làm. Hãy thêm một thao tác có vai trò được phép, hoặc một hẹn giờ.`,
          en: `In step "${leaf}" no role has an action to take. Add an action with allowed roles, or a timer.`,
        },
      });
    }
  }
  return problems;
}

// Edits of a procedure as pure functions: each takes a procedure and returns a new one, so the
// designer's undo/redo is a stack of procedures and every edit is tested without a DOM.
import type { MachineConfig, Procedure, Ref, RoleDef, StateConfig, StateMeta, Text, TransitionConfig, TransitionsConfig } from '../../../../engine/types.ts';
import { eachState, invokesOf, normalizeTransitions, resolveTarget, stateConfigAt } from '../../../../engine/index.ts';
import {
  joinPath,
  lastKey,
  parentPath,
  procedureGraph,
  targetExpression,
  targetsOf,
  transitionAt,
  transitionsAt,
  type TransitionRef,
  type TransitionSlot,
} from '../diagram/graph.ts';
import { elkLayout, isGroup, type Elk, type Positions } from '../diagram/layout.ts';

export const NewStateKind = { Atomic: 'atomic', Final: 'final', Compound: 'compound', Parallel: 'parallel', Automated: 'automated' } as const;
export type NewStateKind = (typeof NewStateKind)[keyof typeof NewStateKind];

export const STATE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const EVENT_TYPE = /^[A-Z][A-Z0-9_]*$/;

export class EditError extends Error {
  constructor(
    readonly code: string,
    readonly text: Text,
  ) {
    super(text.en);
  }
}

const clone = <T>(x: T): T => structuredClone(x);

/** Applies `fn` to a deep copy of the state at `path` inside a copy of the procedure. */
function withState(procedure: Procedure, path: string, fn: (s: StateConfig, machine: MachineConfig) => void): Procedure {
  const next = clone(procedure);
  const state = stateConfigAt(next.machine, path);
  if (!state) throw new EditError('QT_DESIGNER_NO_STATE', { vi: `Không có trạng thái "${path}".`, en: `No state "${path}".` });
  fn(state, next.machine);
  return next;
}

const EMPTY_TITLE: Text = { vi: '', en: '' };

/** A key not yet used among the children of `parent`: base, base_2, base_3… */
export function freeKey(procedure: Procedure, parent: string, base = 'step'): string {
  const taken = new Set(Object.keys(stateConfigAt(procedure.machine, parent)?.states ?? {}));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The config of a new state of a kind. Groups get children so that XState accepts them. */
export function newStateConfig(kind: NewStateKind, title: Text = EMPTY_TITLE): StateConfig {
  const leaf = (t: Text): StateConfig => ({ meta: { title: t } });
  switch (kind) {
    case 'atomic':
      return leaf(title);
    case 'final':
      return { type: 'final', meta: { title } };
    case 'automated':
      // a service runs when a case enters it (InvokeEditor chooses which and its input)
      return { meta: { title }, invoke: { src: 'webhook', input: {} } };
    case 'compound':
      return { initial: 'step_1', meta: { title }, states: { step_1: leaf({ vi: 'Bước 1', en: 'Step 1' }) } };
    case 'parallel':
      return {
        type: 'parallel',
        meta: { title },
        states: {
          region_1: { initial: 'step_1', meta: { title: { vi: 'Nhánh 1', en: 'Branch 1' } }, states: { step_1: leaf({ vi: 'Bước 1', en: 'Step 1' }) } },
          region_2: { initial: 'step_1', meta: { title: { vi: 'Nhánh 2', en: 'Branch 2' } }, states: { step_1: leaf({ vi: 'Bước 1', en: 'Step 1' }) } },
        },
      };
  }
}

export interface AddStateOptions {
  key?: string;
  title?: Text;
  position?: { x: number; y: number };
}

/** Adds a state of `kind` under `parent` ('' = top level). Returns the procedure and the new path. */
export function addState(procedure: Procedure, parent: string, kind: NewStateKind, opts: AddStateOptions = {}): { procedure: Procedure; path: string } {
  const key = opts.key ?? freeKey(procedure, parent, kind === 'final' ? 'end' : 'step');
  if (!STATE_KEY.test(key)) throw badKey(key);
  const parentState = stateConfigAt(procedure.machine, parent);
  if (parentState?.states?.[key]) throw new EditError('QT_DESIGNER_KEY_TAKEN', { vi: `Tên "${key}" đã có.`, en: `Name "${key}" is taken.` });
  if (parentState?.type === 'final') throw new EditError('QT_DESIGNER_FINAL_PARENT', { vi: 'Trạng thái kết thúc không chứa trạng thái con.', en: 'A final state cannot hold states.' });
  const path = joinPath(parent, key);
  let next = withState(procedure, parent, (s) => {
    const hadChildren = Object.keys(s.states ?? {}).length > 0;
    s.states = { ...(s.states ?? {}), [key]: newStateConfig(kind, opts.title) };
    if (!hadChildren && s.type !== 'parallel') s.initial = key;
  });
  if (opts.position) next = setPositions(next, { [path]: opts.position });
  return { procedure: next, path };
}

function badKey(key: string) {
  return new EditError('QT_DESIGNER_BAD_KEY', {
    vi: `Tên "${key}" không hợp lệ: chỉ chữ không dấu, số và "_", không bắt đầu bằng số.`,
    en: `Name "${key}" is invalid: letters, digits and "_" only, not starting with a digit.`,
  });
}

/** Calls fn on every transition list of the machine, with the source path; fn returns the new list. */
function mapTransitions(
  machine: MachineConfig,
  fn: (list: TransitionConfig[], source: string, slot: TransitionSlot, key: string) => TransitionConfig[],
): void {
  const rewrite = (value: TransitionsConfig | undefined, source: string, slot: TransitionSlot, key: string): TransitionsConfig | undefined => {
    if (value === undefined) return undefined;
    const before = normalizeTransitions(value);
    const after = fn(before, source, slot, key);
    return packList(after, value);
  };
  const visit = (s: StateConfig, source: string) => {
    for (const slot of ['on', 'after'] as const) {
      const map = s[slot];
      if (!map) continue;
      for (const key of Object.keys(map)) {
        const v = rewrite(map[key], source, slot, key);
        if (v === undefined) delete map[key];
        else map[key] = v;
      }
      if (!Object.keys(map).length) delete s[slot];
    }
    for (const slot of ['always', 'onDone'] as const) {
      const v = rewrite(s[slot], source, slot, '');
      if (v === undefined) delete s[slot];
      else s[slot] = v;
    }
    invokesOf(s).forEach((invoke, i) => {
      for (const [slot, field] of [['invokeDone', 'onDone'], ['invokeError', 'onError']] as const) {
        const v = rewrite(invoke[field], source, slot, String(i));
        if (v === undefined) delete invoke[field];
        else invoke[field] = v;
      }
    });
    for (const [k, c] of Object.entries(s.states ?? {})) visit(c, joinPath(source, k));
  };
  visit(machine, '');
}

/** A list written back in the shape it came in: one entry is an object (or string), none is removed. */
function packList(list: TransitionConfig[], original: TransitionsConfig | undefined): TransitionsConfig | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1 && (!Array.isArray(original) || original.length > 1)) {
    const only = list[0];
    const keys = Object.keys(only);
    if (typeof original === 'string' && keys.length === 1 && typeof only.target === 'string') return only.target;
    return only;
  }
  return list;
}

const within = (path: string, root: string) => path === root || path.startsWith(`${root}.`);

/** Removes a state, its children, every transition into them and their layout. */
export function deleteState(procedure: Procedure, path: string): Procedure {
  if (!path || !stateConfigAt(procedure.machine, path)) return procedure;
  const original = procedure.machine;
  const next = clone(procedure);
  // Drop transitions that lead into the deleted subtree (resolved against the old machine).
  mapTransitions(next.machine, (list, source) => {
    if (within(source, path)) return list;
    return list.flatMap((t) => {
      const targets = targetsOf(t);
      if (!targets.length) return [t];
      const kept = targets.filter((raw) => {
        const r = resolveTarget(original, source, raw);
        return r === null || !within(r, path);
      });
      if (!kept.length) return [];
      if (kept.length === targets.length) return [t];
      return [{ ...t, target: kept.length === 1 ? kept[0] : kept }];
    });
  });
  const parent = stateConfigAt(next.machine, parentPath(path))!;
  const key = lastKey(path);
  delete parent.states![key];
  if (parent.initial === key) {
    const first = Object.keys(parent.states ?? {})[0];
    if (first) parent.initial = first;
    else delete parent.initial;
  }
  if (parent.states && !Object.keys(parent.states).length && parent !== next.machine) delete parent.states;
  if (next.layout?.nodes) {
    for (const k of Object.keys(next.layout.nodes)) if (within(k, path)) delete next.layout.nodes[k];
  }
  return next;
}

/** Renames a state: transitions that target it, `initial`, inState guards and layout keys follow. */
export function renameState(procedure: Procedure, path: string, newKey: string): Procedure {
  const oldKey = lastKey(path);
  if (newKey === oldKey) return procedure;
  if (!STATE_KEY.test(newKey)) throw badKey(newKey);
  const parent = parentPath(path);
  const siblings = stateConfigAt(procedure.machine, parent)?.states ?? {};
  if (!(oldKey in siblings)) throw new EditError('QT_DESIGNER_NO_STATE', { vi: `Không có trạng thái "${path}".`, en: `No state "${path}".` });
  if (newKey in siblings) throw new EditError('QT_DESIGNER_KEY_TAKEN', { vi: `Tên "${newKey}" đã có.`, en: `Name "${newKey}" is taken.` });
  const newPath = joinPath(parent, newKey);
  const moved = (p: string) => (within(p, path) ? newPath + p.slice(path.length) : p);
  const original = procedure.machine;
  const next = clone(procedure);

  // Targets: resolve against the old machine, rewrite in the same style against the new one.
  mapTransitions(next.machine, (list, source) =>
    list.map((t) => {
      const targets = targetsOf(t);
      if (!targets.length && t.guard === undefined) return t;
      let changed = false;
      const rewritten = targets.map((raw) => {
        const r = resolveTarget(original, source, raw);
        if (r === null || (!within(r, path) && !within(source, path))) return raw;
        const out = restyle(raw, moved(source), moved(r), next.machine.id);
        if (out !== raw) changed = true;
        return out;
      });
      const guard = t.guard === undefined ? undefined : renameInGuard(t.guard, moved);
      const guardChanged = guard !== t.guard;
      if (!changed && !guardChanged) return t;
      const out = { ...t };
      if (changed) out.target = Array.isArray(t.target) ? rewritten : rewritten[0];
      if (guardChanged) out.guard = guard;
      return out;
    }),
  );
  const parentState = stateConfigAt(next.machine, parent)!;
  parentState.states = Object.fromEntries(Object.entries(parentState.states!).map(([k, v]) => [k === oldKey ? newKey : k, v]));
  if (parentState.initial === oldKey) parentState.initial = newKey;
  if (next.layout?.nodes) {
    next.layout.nodes = Object.fromEntries(Object.entries(next.layout.nodes).map(([k, v]) => [moved(k), v]));
  }
  return next;
}

/** Writes `resolved` from `source` in the style of `raw` (absolute, child-relative or sibling). */
function restyle(raw: string, source: string, resolved: string, machineId: string): string {
  if (raw.startsWith('#')) return `#${machineId}${resolved ? `.${resolved}` : ''}`;
  if (raw.startsWith('.') && resolved.startsWith(source ? `${source}.` : '')) return `.${source ? resolved.slice(source.length + 1) : resolved}`;
  if (!raw.startsWith('.') && parentPath(source) === parentPath(resolved)) return lastKey(resolved);
  return `#${machineId}.${resolved}`;
}

function renameInGuard(ref: Ref, moved: (p: string) => string): Ref {
  if (typeof ref === 'string') return ref;
  const params = ref.params ?? {};
  if (ref.type === 'inState' && typeof params.state === 'string') {
    const raw = params.state;
    const abs = raw.startsWith('#') ? raw.split('.').slice(1).join('.') : raw.replace(/^\./, '');
    const m = moved(abs);
    if (m === abs) return ref;
    return { ...ref, params: { ...params, state: raw.startsWith('#') ? `${raw.split('.')[0]}.${m}` : raw.startsWith('.') ? `.${m}` : m } };
  }
  if ((ref.type === 'and' || ref.type === 'or') && Array.isArray(params.guards)) {
    const guards = (params.guards as Ref[]).map((g) => renameInGuard(g, moved));
    return guards.some((g, i) => g !== (params.guards as Ref[])[i]) ? { ...ref, params: { ...params, guards } } : ref;
  }
  if (ref.type === 'not' && params.guard !== undefined) {
    const g = renameInGuard(params.guard as Ref, moved);
    return g !== params.guard ? { ...ref, params: { ...params, guard: g } } : ref;
  }
  return ref;
}

// ---------------------------------------------------------------- transitions

function readSlot(s: StateConfig, on: TransitionSlot, key: string): TransitionsConfig | undefined {
  return transitionsAt(s, on, key);
}

function writeSlot(s: StateConfig, on: TransitionSlot, key: string, value: TransitionsConfig | undefined): void {
  if (on === 'invokeDone' || on === 'invokeError') {
    const invoke = invokesOf(s)[Number(key)];
    const field = on === 'invokeDone' ? 'onDone' : 'onError';
    if (!invoke) return;
    if (value === undefined) delete invoke[field];
    else invoke[field] = value;
  } else if (on === 'on' || on === 'after') {
    const map = { ...(s[on] ?? {}) };
    if (value === undefined) delete map[key];
    else map[key] = value;
    if (Object.keys(map).length) s[on] = map;
    else delete s[on];
  } else if (value === undefined) delete s[on];
  else s[on] = value;
}

export interface NewTransition {
  source: string;
  /** state path; null for a targetless transition (stays in place) */
  target: string | null;
  on?: 'on' | 'after';
  /** event type (on) or delay (after) */
  key: string;
  label?: Text;
  roles?: string[];
}

/** Adds a transition. An event already used by the state gets a second, guarded-or-not branch. */
export function addTransition(procedure: Procedure, spec: NewTransition): { procedure: Procedure; ref: TransitionRef } {
  const on = spec.on ?? 'on';
  if (on === 'on' && !EVENT_TYPE.test(spec.key)) {
    throw new EditError('QT_DESIGNER_BAD_EVENT', {
      vi: `Tên thao tác "${spec.key}" không hợp lệ: chữ IN HOA, số và "_", ví dụ GUI_DUYET.`,
      en: `Action name "${spec.key}" is invalid: CAPITALS, digits and "_", e.g. SEND_FOR_REVIEW.`,
    });
  }
  let index = 0;
  const next = withState(procedure, spec.source, (s, machine) => {
    const t: TransitionConfig = {};
    if (spec.target !== null) t.target = targetExpression(machine, spec.source, spec.target);
    if (on === 'on') t.meta = { label: spec.label ?? { vi: spec.key, en: spec.key }, ...(spec.roles?.length ? { roles: spec.roles } : {}) };
    const list = normalizeTransitions(readSlot(s, on, spec.key));
    index = list.length;
    const prev = readSlot(s, on, spec.key);
    writeSlot(s, on, spec.key, list.length ? [...(Array.isArray(prev) ? prev : normalizeTransitions(prev)), t] : t);
  });
  return { procedure: next, ref: { source: spec.source, on, key: spec.key, index } };
}

/** Replaces the transition at `ref` by fn(transition). */
export function updateTransition(procedure: Procedure, ref: TransitionRef, fn: (t: TransitionConfig) => TransitionConfig): Procedure {
  return withState(procedure, ref.source, (s) => {
    const prev = readSlot(s, ref.on, ref.key);
    const list = normalizeTransitions(prev);
    if (!list[ref.index]) throw new EditError('QT_DESIGNER_NO_TRANSITION', { vi: 'Không còn chuyển tiếp này.', en: 'That transition is gone.' });
    list[ref.index] = fn(clone(list[ref.index]));
    writeSlot(s, ref.on, ref.key, packList(list, prev));
  });
}

/** Points the transition at a new target state. */
export function retargetTransition(procedure: Procedure, ref: TransitionRef, target: string, targetIndex = 0): Procedure {
  return updateTransition(procedure, ref, (t) => {
    const expr = targetExpression(procedure.machine, ref.source, target);
    if (Array.isArray(t.target)) {
      const list = [...t.target];
      list[targetIndex] = expr;
      return { ...t, target: list };
    }
    return { ...t, target: expr };
  });
}

/** Moves the transition to another source state, keeping its target. */
export function moveTransitionSource(procedure: Procedure, ref: TransitionRef, source: string): { procedure: Procedure; ref: TransitionRef } {
  const t = transitionAt(procedure.machine, ref);
  if (!t || (ref.on !== 'on' && ref.on !== 'after')) return { procedure, ref };
  const targets = targetsOf(t).map((raw) => resolveTarget(procedure.machine, ref.source, raw));
  let next = deleteTransition(procedure, ref);
  let index = 0;
  next = withState(next, source, (s, machine) => {
    const moved = { ...t };
    if (targets.length) {
      const exprs = targets.map((p) => (p === null ? '' : targetExpression(machine, source, p)));
      moved.target = Array.isArray(t.target) ? exprs : exprs[0];
    }
    const prev = readSlot(s, ref.on, ref.key);
    const list = normalizeTransitions(prev);
    index = list.length;
    writeSlot(s, ref.on, ref.key, list.length ? [...list, moved] : moved);
  });
  return { procedure: next, ref: { ...ref, source, index } };
}

export function deleteTransition(procedure: Procedure, ref: TransitionRef): Procedure {
  return withState(procedure, ref.source, (s) => {
    const prev = readSlot(s, ref.on, ref.key);
    const list = normalizeTransitions(prev);
    list.splice(ref.index, 1);
    writeSlot(s, ref.on, ref.key, packList(list, prev));
  });
}

/** Renames an event (`on`) or changes a delay (`after`), keeping the key's place in the map. */
export function rekeyTransition(procedure: Procedure, ref: TransitionRef, newKey: string): { procedure: Procedure; ref: TransitionRef } {
  if (newKey === ref.key || (ref.on !== 'on' && ref.on !== 'after')) return { procedure, ref };
  if (ref.on === 'on' && !EVENT_TYPE.test(newKey)) {
    throw new EditError('QT_DESIGNER_BAD_EVENT', {
      vi: `Tên thao tác "${newKey}" không hợp lệ: chữ IN HOA, số và "_".`,
      en: `Action name "${newKey}" is invalid: CAPITALS, digits and "_".`,
    });
  }
  const t = transitionAt(procedure.machine, ref);
  if (!t) return { procedure, ref };
  const slot = ref.on;
  let index = 0;
  const next = withState(procedure, ref.source, (s) => {
    const map = s[slot] ?? {};
    const list = normalizeTransitions(map[ref.key]);
    list.splice(ref.index, 1);
    const entries: [string, TransitionsConfig][] = [];
    for (const [k, v] of Object.entries(map)) {
      if (k === newKey) continue;
      if (k === ref.key) {
        const existing = normalizeTransitions(map[newKey]);
        index = existing.length;
        entries.push([newKey, existing.length ? [...existing, t] : t]);
        if (list.length) entries.push([k, packList(list, v)!]);
      } else entries.push([k, v]);
    }
    s[slot] = Object.fromEntries(entries);
  });
  return { procedure: next, ref: { ...ref, key: newKey, index } };
}

// ---------------------------------------------------------------- meta, roles, layout

export function setStateMeta(procedure: Procedure, path: string, patch: Partial<StateMeta>): Procedure {
  return withState(procedure, path, (s) => {
    const meta: StateMeta = { ...(s.meta ?? { title: EMPTY_TITLE }), ...patch };
    for (const k of Object.keys(meta) as (keyof StateMeta)[]) {
      const v = meta[k];
      if (v === undefined || (Array.isArray(v) && !v.length) || (k === 'instructions' && !(v as Text).vi && !(v as Text).en)) delete meta[k];
    }
    s.meta = meta;
  });
}

export function setStateTags(procedure: Procedure, path: string, tags: string[]): Procedure {
  return withState(procedure, path, (s) => {
    const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
    if (clean.length) s.tags = clean;
    else delete s.tags;
  });
}

/** Sets the initial child of a compound state. */
export function setInitial(procedure: Procedure, parent: string, key: string): Procedure {
  return withState(procedure, parent, (s) => {
    if (s.states?.[key]) s.initial = key;
  });
}

/** Changes a state's kind between atomic and final (groups keep theirs). */
export function setFinal(procedure: Procedure, path: string, final: boolean): Procedure {
  return withState(procedure, path, (s) => {
    if (final) {
      s.type = 'final';
      delete s.on;
      delete s.after;
      delete s.always;
    } else if (s.type === 'final') delete s.type;
  });
}

/** Replaces the procedure's role list; ids removed here stay where used (the validator flags them). */
export function setRoles(procedure: Procedure, roles: RoleDef[]): Procedure {
  return { ...clone(procedure), roles: clone(roles) };
}

/** Renames a role id everywhere it is used: states, transitions, start, guards and actions. */
export function renameRole(procedure: Procedure, from: string, to: string): Procedure {
  if (from === to) return procedure;
  const swap = (list: string[] | undefined) => list?.map((r) => (r === from ? to : r));
  const next = clone(procedure);
  next.roles = next.roles.map((r) => {
    const renamed = r.id === from ? { ...r, id: to } : { ...r };
    if (renamed.assigns) renamed.assigns = swap(renamed.assigns);
    return renamed;
  });
  next.start.roles = swap(next.start.roles) ?? [];
  const fixRef = (ref: Ref): Ref => {
    if (typeof ref === 'string' || !ref.params) return ref;
    const p = { ...ref.params };
    if (p.role === from) p.role = to;
    if (Array.isArray(p.guards)) p.guards = (p.guards as Ref[]).map(fixRef);
    if (p.guard) p.guard = fixRef(p.guard as Ref);
    return { ...ref, params: p };
  };
  const fixRefs = (refs: Ref | Ref[] | undefined) => (refs === undefined ? undefined : Array.isArray(refs) ? refs.map(fixRef) : fixRef(refs));
  const visit = (s: StateConfig) => {
    if (s.meta?.roles) s.meta.roles = swap(s.meta.roles);
    if (s.entry) s.entry = fixRefs(s.entry);
    if (s.exit) s.exit = fixRefs(s.exit);
    for (const c of Object.values(s.states ?? {})) visit(c);
  };
  visit(next.machine);
  mapTransitions(next.machine, (list) =>
    list.map((t) => {
      const out = { ...t };
      if (out.meta?.roles) out.meta = { ...out.meta, roles: swap(out.meta.roles) };
      if (out.guard) out.guard = fixRef(out.guard);
      if (out.actions) out.actions = fixRefs(out.actions);
      return out;
    }),
  );
  return next;
}

/** Writes node positions (relative to their parent) into procedure.layout.nodes. */
export function setPositions(procedure: Procedure, positions: Positions): Procedure {
  const next = clone(procedure);
  const nodes = { ...(next.layout?.nodes ?? {}) };
  for (const [k, v] of Object.entries(positions)) {
    const box: { x: number; y: number; width?: number; height?: number } = { x: Math.round(v.x), y: Math.round(v.y) };
    if (v.width !== undefined) box.width = Math.round(v.width);
    if (v.height !== undefined) box.height = Math.round(v.height);
    nodes[k] = box;
  }
  next.layout = { ...(next.layout ?? {}), nodes };
  return next;
}

/** Replaces the whole layout (after auto-layout), dropping keys of states that no longer exist. */
export function replaceLayout(procedure: Procedure, positions: Positions): Procedure {
  const known = new Set(eachState(procedure.machine).map((s) => s.path));
  const kept = Object.fromEntries(Object.entries(positions).filter(([k]) => known.has(k)));
  return setPositions({ ...procedure, layout: { nodes: {} } }, kept);
}

/** Lays the whole procedure out with ELK and writes the positions into its layout. */
export async function autoLayout(procedure: Procedure, elk?: Elk, lang: 'vi' | 'en' = 'vi'): Promise<Procedure> {
  const graph = procedureGraph(procedure);
  const layout = await elkLayout(graph, elk, lang);
  // Leaves keep the default size: only groups need theirs stored.
  const positions: Positions = {};
  for (const n of graph.nodes) {
    const b = layout.get(n.id)!;
    positions[n.id] = isGroup(n) ? { ...b } : { x: b.x, y: b.y };
  }
  return replaceLayout(procedure, positions);
}

/** Empty procedure to start from. */
export function emptyProcedure(key: string, title: Text): Procedure {
  return {
    key,
    title,
    description: { vi: title.vi, en: title.en },
    roles: [{ id: 'admin', title: { vi: 'Quản trị quy trình', en: 'Procedure administrator' } }],
    caseSchema: { type: 'object', properties: {} },
    start: { roles: ['admin'], label: { vi: 'Mở hồ sơ', en: 'Open a case' }, form: { schema: { type: 'object', properties: {} } } },
    machine: {
      id: key,
      initial: 'start',
      states: {
        start: { meta: { title: { vi: 'Bắt đầu', en: 'Start' }, roles: ['admin'] }, on: { FINISH: { target: 'done', meta: { label: { vi: 'Hoàn thành', en: 'Finish' }, roles: ['admin'] } } } },
        done: { type: 'final', meta: { title: { vi: 'Hoàn thành', en: 'Done' } } },
      },
    },
  };
}

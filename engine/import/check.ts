// Is this JSON a machine config XState would run as written? Every problem, each at a JSON pointer
// into the uploaded file: what is not a machine, a serialized machine, a compound state with no
// initial child, a target that names no state or climbs with "..", which XState silently makes a
// loop. v4 forms are accepted here: the upgrade rewrites them afterwards.
import type { Text } from '../types.ts';
import { isObject, pointer, where, type Json, type MachineProblem } from './types.ts';

export const MachineCode = {
  NotObject: 'QT_MACHINE_NOT_OBJECT',
  NoStates: 'QT_MACHINE_NO_STATES',
  Serialized: 'QT_MACHINE_SERIALIZED',
  ProcedureFile: 'QT_MACHINE_IS_PROCEDURE',
  Shape: 'QT_MACHINE_SHAPE',
  TargetUnknown: 'QT_MACHINE_TARGET_UNKNOWN',
  TargetParent: 'QT_MACHINE_TARGET_PARENT',
  InitialMissing: 'QT_MACHINE_INITIAL_MISSING',
  InitialUnknown: 'QT_MACHINE_INITIAL_UNKNOWN',
} as const;

/** A state of the uploaded file with its keys (original names) and where it sits. */
export interface Node {
  keys: string[];
  ptr: (string | number)[];
  config: Json;
}

export function isParallel(s: Json): boolean {
  return s.type === 'parallel' || s.parallel === true;
}

export function childStates(s: Json): [string, Json][] {
  return isObject(s.states) ? Object.entries(s.states).filter((e): e is [string, Json] => isObject(e[1])) : [];
}

/** Every state, parents first; the root has keys []. */
export function allNodes(root: Json): Node[] {
  const out: Node[] = [];
  const walk = (config: Json, keys: string[], ptr: (string | number)[]) => {
    out.push({ keys, ptr, config });
    for (const [k, c] of childStates(config)) walk(c, [...keys, k], [...ptr, 'states', k]);
  };
  walk(root, [], []);
  return out;
}

export function rootId(root: Json): string {
  return typeof root.id === 'string' ? root.id : typeof root.key === 'string' ? root.key : '(machine)';
}

export type Resolved = { ok: true; keys: string[] } | { ok: false; parent: boolean };

function descend(root: Json, base: string[], rest: string[]): Resolved {
  let cur: Json | undefined = root;
  for (const k of base) cur = cur && isObject(cur.states) && isObject(cur.states[k]) ? (cur.states[k] as Json) : undefined;
  const keys = [...base];
  for (const k of rest) {
    if (k === '') return { ok: false, parent: true };
    cur = cur && isObject(cur.states) && Object.hasOwn(cur.states, k) && isObject(cur.states[k]) ? (cur.states[k] as Json) : undefined;
    if (!cur) return { ok: false, parent: false };
    keys.push(k);
  }
  return { ok: true, keys };
}

/** Resolves a target as XState v5 does, from the state at `source` (keys of the upload). */
export function resolveIn(root: Json, source: string[], target: string, ids: Map<string, string[]>): Resolved {
  if (target.includes('..')) return { ok: false, parent: true };
  if (target.startsWith('#')) {
    const [id, ...rest] = target.slice(1).split('.');
    const base = ids.get(id);
    return base ? descend(root, base, rest) : { ok: false, parent: false };
  }
  if (target.startsWith('.')) return descend(root, source, target.slice(1).split('.'));
  if (!source.length) return { ok: false, parent: false };
  return descend(root, source.slice(0, -1), target.split('.'));
}

/** Custom state ids and the machine's own id, each to its state. */
export function idMap(root: Json): Map<string, string[]> {
  const ids = new Map<string, string[]>([[rootId(root), []]]);
  for (const n of allNodes(root)) if (n.keys.length && typeof n.config.id === 'string') ids.set(n.config.id, n.keys);
  return ids;
}

const TRANSITION_LISTS = ['always', 'onDone'] as const;

export function checkMachine(input: unknown): MachineProblem[] {
  const problems: MachineProblem[] = [];
  const add = (ptr: (string | number)[], code: string, message: Text) => problems.push({ path: pointer(ptr), code, message });
  if (!isObject(input)) {
    add([], MachineCode.NotObject, {
      vi: 'Tệp không phải một máy trạng thái XState: cần một đối tượng JSON có "states".',
      en: 'The file is not an XState machine: a JSON object with "states" is expected.',
    });
    return problems;
  }
  if (typeof input.key === 'string' && isObject(input.machine) && isObject(input.start)) {
    add([], MachineCode.ProcedureFile, {
      vi: 'Đây đã là một tệp quy trình. Hãy mở nó bằng "Nhập tệp quy trình".',
      en: 'This is already a procedure file. Open it with "Import a procedure file".',
    });
    return problems;
  }
  if (typeof input.order === 'number' || Array.isArray(input.transitions) || isObject(input.initial) && Array.isArray(input.initial.target)) {
    add([], MachineCode.Serialized, {
      vi: 'Đây là máy đã được tuần tự hóa (machine.definition hoặc toJSON), không phải cấu hình máy. Hãy xuất đối tượng cấu hình truyền cho createMachine (hoặc bản xuất JSON của Stately Studio).',
      en: 'This is a serialized machine (machine.definition or toJSON), not its config. Export the config object given to createMachine (or Stately Studio\'s JSON export).',
    });
    return problems;
  }
  if (!isObject(input.states) || !Object.keys(input.states).length) {
    add(['states'], MachineCode.NoStates, {
      vi: 'Máy trạng thái không có "states" nào. Một quy trình cần ít nhất một bước.',
      en: 'The machine has no "states". A procedure needs at least one step.',
    });
    return problems;
  }
  const ids = idMap(input);
  for (const node of allNodes(input)) checkState(input, node, ids, add);
  return problems;
}

function checkState(root: Json, { keys, ptr, config }: Node, ids: Map<string, string[]>, add: (p: (string | number)[], code: string, m: Text) => void) {
  const at = where(keys);
  if (config.states !== undefined && !isObject(config.states)) {
    add([...ptr, 'states'], MachineCode.Shape, { vi: `"states" của ${at.vi} phải là một đối tượng.`, en: `"states" of ${at.en} must be an object.` });
  }
  for (const [k, v] of Object.entries(isObject(config.states) ? config.states : {})) {
    if (!isObject(v)) add([...ptr, 'states', k], MachineCode.Shape, { vi: `Trạng thái "${k}" của ${at.vi} phải là một đối tượng.`, en: `State "${k}" of ${at.en} must be an object.` });
  }
  const children = childStates(config);
  const atomicType = config.type === 'final' || config.type === 'history';
  if (children.length && !isParallel(config) && !atomicType) {
    const initial = isObject(config.initial) ? config.initial.target : config.initial;
    if (initial === undefined) {
      add([...ptr, 'initial'], MachineCode.InitialMissing, {
        vi: `${cap(at.vi)} có các bước con nhưng không nêu bước con nào bắt đầu. Hãy thêm "initial" với một trong: ${children.map(([k]) => k).join(', ')}.`,
        en: `${cap(at.en)} has child steps but does not say which one starts. Add "initial" naming one of: ${children.map(([k]) => k).join(', ')}.`,
      });
    } else if (typeof initial !== 'string' || !children.some(([k]) => k === initial)) {
      add([...ptr, 'initial'], MachineCode.InitialUnknown, {
        vi: `Bước bắt đầu "${String(initial)}" của ${at.vi} không phải bước con của nó (${children.map(([k]) => k).join(', ')}).`,
        en: `The initial step "${String(initial)}" of ${at.en} is not one of its children (${children.map(([k]) => k).join(', ')}).`,
      });
    }
  }
  const transitions = (value: unknown, vp: (string | number)[]) => checkTransitions(root, keys, value, vp, ids, add);
  for (const key of ['on', 'after'] as const) {
    const map = config[key];
    if (map === undefined) continue;
    if (Array.isArray(map)) {
      // v4's list form: [{ event: "GO", target }, …] and [{ delay: 1000, target }, …]
      const name = key === 'on' ? 'event' : 'delay';
      map.forEach((t, i) => {
        const n = isObject(t) ? t[name] : undefined;
        if (typeof n === 'string' || (key === 'after' && typeof n === 'number')) transitions(t, [...ptr, key, i]);
        else add([...ptr, key, i], MachineCode.Shape, { vi: `Mục ${i + 1} trong "${key}" của ${at.vi} phải là một đối tượng có "${name}".`, en: `Item ${i + 1} of "${key}" of ${at.en} must be an object with "${name}".` });
      });
      continue;
    }
    if (!isObject(map)) {
      add([...ptr, key], MachineCode.Shape, { vi: `"${key}" của ${at.vi} phải là một đối tượng.`, en: `"${key}" of ${at.en} must be an object.` });
      continue;
    }
    for (const [name, value] of Object.entries(map)) transitions(value, [...ptr, key, name]);
  }
  for (const key of TRANSITION_LISTS) if (config[key] !== undefined) transitions(config[key], [...ptr, key]);
  const invokes = config.invoke === undefined ? [] : Array.isArray(config.invoke) ? config.invoke : [config.invoke];
  invokes.forEach((inv, i) => {
    const ip = Array.isArray(config.invoke) ? [...ptr, 'invoke', i] : [...ptr, 'invoke'];
    if (!isObject(inv)) return add(ip, MachineCode.Shape, { vi: `"invoke" của ${at.vi} phải là một đối tượng.`, en: `"invoke" of ${at.en} must be an object.` });
    for (const k of ['onDone', 'onError'] as const) if (inv[k] !== undefined) transitions(inv[k], [...ip, k]);
  });
  if (config.type === 'history' && typeof config.target === 'string') {
    const r = resolveIn(root, keys, config.target, ids);
    if (!r.ok) targetProblem(config.target, keys, r.parent, [...ptr, 'target'], add);
  }
}

function checkTransitions(root: Json, source: string[], value: unknown, vp: (string | number)[], ids: Map<string, string[]>, add: (p: (string | number)[], code: string, m: Text) => void) {
  if (value === null || value === '') return; // v4's forbidden transition: the upgrade drops it
  const list = Array.isArray(value) ? value : [value];
  list.forEach((t, i) => {
    const tp = Array.isArray(value) ? [...vp, i] : vp;
    if (typeof t === 'string') return target(t, tp);
    if (!isObject(t)) {
      add(tp, MachineCode.Shape, {
        vi: `Chuyển tiếp ở ${where(source).vi} phải là tên bước đích hoặc một đối tượng { "target": … }.`,
        en: `A transition of ${where(source).en} must be a target name or an object { "target": … }.`,
      });
      return;
    }
    if (t.target === undefined) return;
    const targets = Array.isArray(t.target) ? t.target : [t.target];
    targets.forEach((x, j) => target(x, Array.isArray(t.target) ? [...tp, 'target', j] : [...tp, 'target']));
  });
  function target(x: unknown, p: (string | number)[]) {
    if (typeof x !== 'string' || !x) {
      add(p, MachineCode.Shape, { vi: `Đích của chuyển tiếp ở ${where(source).vi} phải là tên một bước.`, en: `A transition target of ${where(source).en} must be a step name.` });
      return;
    }
    const r = resolveIn(root, source, x, ids);
    if (!r.ok) targetProblem(x, source, r.parent, p, add);
  }
}

function targetProblem(target: string, source: string[], parent: boolean, p: (string | number)[], add: (p: (string | number)[], code: string, m: Text) => void) {
  const at = where(source);
  if (parent) {
    add(p, MachineCode.TargetParent, {
      vi: `Đích "${target}" ở ${at.vi} dùng ".." để đi lên bước cha; XState không hiểu cách viết này và âm thầm biến nó thành vòng lặp về chính bước cha. Hãy viết tên bước cùng cấp, hoặc "#id.duong.dan" của bước đích.`,
      en: `Target "${target}" in ${at.en} climbs with ".."; XState does not support it and silently turns it into a loop on the parent. Name a sibling, or write the target's "#id.path".`,
    });
    return;
  }
  const root = !source.length && !target.startsWith('#') && !target.startsWith('.');
  add(p, MachineCode.TargetUnknown, {
    vi: `Đích "${target}" ở ${at.vi} không phải một bước của máy.${root ? ` Ở gốc máy, bước con viết ".${target}".` : ' Bước cùng cấp viết "ten", bước con ".ten", theo id "#id.ten".'}`,
    en: `Target "${target}" in ${at.en} is not a step of the machine.${root ? ` On the machine's root, write a child as ".${target}".` : ' Write a sibling as "name", a child as ".name", by id as "#id.name".'}`,
  });
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

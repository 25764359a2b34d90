// XState v4 forms to v5, each change listed at its place in the uploaded file, and what XState
// allows in code but JSON cannot carry listed as dropped. Runs on a checked machine.
import type { Text } from '../types.ts';
import { isObject, pointer, where, type ImportChange, type Json } from './types.ts';

type Ptr = (string | number)[];

/** Keys of a state XState v5 reads (the root's own keys too). */
const V5_STATE = new Set(['id', 'type', 'initial', 'states', 'on', 'after', 'always', 'onDone', 'entry', 'exit', 'invoke', 'tags', 'description', 'meta', 'history', 'target']);
const ROOT_ONLY = new Set(['context', 'version']);
/** Options that only configure the code around a machine: dropped without loss. */
const CODE_ONLY = new Set(['predictableActionArguments', 'preserveActionOrder', 'tsTypes', 'schema', 'types', 'strict']);
const V5_TRANSITION = new Set(['target', 'guard', 'actions', 'reenter', 'description', 'meta']);

export class Upgrade {
  changes: ImportChange[] = [];

  private note(ptr: Ptr, code: string, kind: ImportChange['kind'], message: Text) {
    this.changes.push({ path: pointer(ptr), code, kind, message });
  }

  machine(input: Json): Json {
    const out = this.state(input, [], []);
    if (out.id === undefined && typeof input.key === 'string') {
      out.id = input.key;
      this.note(['key'], 'QT_UPGRADE_KEY', 'changed', { vi: 'Đổi "key" (v4) của máy thành "id".', en: 'The machine\'s v4 "key" became its "id".' });
    }
    for (const k of ROOT_ONLY) if (input[k] !== undefined) out[k] = structuredClone(input[k]);
    return out;
  }

  private state(s: Json, keys: string[], ptr: Ptr): Json {
    const at = where(keys);
    const out: Json = {};
    for (const [k, v] of Object.entries(s)) {
      if ((k === 'entry' || k === 'exit') && out[k] !== undefined) out[k] = [...refList(v), ...refList(out[k])];
      else if (V5_STATE.has(k)) out[k] = structuredClone(v);
      else if (!keys.length && (ROOT_ONLY.has(k) || k === 'key')) continue;
      else if (CODE_ONLY.has(k)) this.note([...ptr, k], 'QT_UPGRADE_CODE_OPTION', 'dropped', { vi: `Bỏ "${k}": tùy chọn dành cho mã chạy máy, quy trình không cần.`, en: `Dropped "${k}": an option for the code that runs the machine, not needed by a procedure.` });
      else if (k === 'parallel') {
        if (v === true) out.type = 'parallel';
        this.note([...ptr, k], 'QT_UPGRADE_PARALLEL', 'changed', { vi: `${cap(at.vi)}: "parallel": ${String(v)} (v4) thành "type": "parallel".`, en: `${cap(at.en)}: v4 "parallel": ${String(v)} became "type": "parallel".` });
      } else if (k === 'onEntry' || k === 'onExit') {
        const to = k === 'onEntry' ? 'entry' : 'exit';
        out[to] = [...refList(out[to]), ...refList(v)];
        this.note([...ptr, k], k === 'onEntry' ? 'QT_UPGRADE_ON_ENTRY' : 'QT_UPGRADE_ON_EXIT', 'changed', { vi: `${cap(at.vi)}: "${k}" (v4) thành "${to}".`, en: `${cap(at.en)}: v4 "${k}" became "${to}".` });
      } else if (k === 'activities') this.note([...ptr, k], 'QT_UPGRADE_ACTIVITIES', 'dropped', { vi: `${cap(at.vi)}: không mang theo "activities" (v4 đã bỏ; là mã chạy trong bước).`, en: `${cap(at.en)}: "activities" not carried over (removed in v5; they are code running in the step).` });
      else if (k === 'data' || k === 'output') this.note([...ptr, k], 'QT_UPGRADE_OUTPUT', 'dropped', { vi: `${cap(at.vi)}: không mang theo "${k}" (kết quả của bước kết thúc) vì quy trình chưa dùng.`, en: `${cap(at.en)}: "${k}" (a final step's result) not carried over: procedures do not use it.` });
      else this.note([...ptr, k], 'QT_UPGRADE_UNKNOWN_KEY', 'dropped', { vi: `${cap(at.vi)}: bỏ khóa "${k}" mà XState không đọc.`, en: `${cap(at.en)}: dropped "${k}", a key XState does not read.` });
    }
    if (isObject(out.initial) && typeof out.initial.target === 'string') out.initial = out.initial.target;
    if (typeof out.tags === 'string') out.tags = [out.tags];
    if (typeof out.history === 'boolean') {
      // v4 read `history: true` as shallow, `false` as none.
      const v = out.history;
      if (v && out.type === 'history') out.history = 'shallow';
      else delete out.history;
      this.note([...ptr, 'history'], 'QT_UPGRADE_HISTORY', 'changed', { vi: `${cap(at.vi)}: "history": ${String(v)} (v4) thành ${out.history ? '"history": "shallow"' : 'không có "history"'}.`, en: `${cap(at.en)}: v4 "history": ${String(v)} became ${out.history ? '"history": "shallow"' : 'no "history"'}.` });
    }
    if (!keys.length && out.onDone !== undefined) {
      delete out.onDone;
      this.note([...ptr, 'onDone'], 'QT_UPGRADE_ROOT_DONE', 'dropped', { vi: '"onDone" của chính máy không được mang theo: khi máy kết thúc, hồ sơ đã xong.', en: 'The machine\'s own "onDone" is not carried over: when the machine is done, so is the case.' });
    }
    for (const k of ['entry', 'exit'] as const) {
      if (out[k] !== undefined) out[k] = this.actions(out[k], [...ptr, k], keys);
    }
    for (const key of ['on', 'after'] as const) {
      const list = out[key];
      if (!Array.isArray(list)) continue;
      // v4's list form, in order: items of one event (or delay) stay in order as its transitions
      const name = key === 'on' ? 'event' : 'delay';
      const map: Json = {};
      for (const item of list as Json[]) {
        const { [name]: n, ...t } = item;
        ((map[String(n)] ??= []) as unknown[]).push(t);
      }
      out[key] = map;
      this.note([...ptr, key], key === 'on' ? 'QT_UPGRADE_ON_LIST' : 'QT_UPGRADE_AFTER_LIST', 'changed', {
        vi: `${cap(at.vi)}: danh sách "${key}" (v4, mỗi mục có "${name}") thành đối tượng theo ${key === 'on' ? 'sự kiện' : 'thời gian chờ'}.`,
        en: `${cap(at.en)}: the v4 "${key}" list (each item with its "${name}") became an object by ${key === 'on' ? 'event' : 'delay'}.`,
      });
    }
    if (isObject(out.on)) {
      const on: Json = {};
      for (const [event, value] of Object.entries(out.on)) {
        const tp = [...ptr, 'on', event];
        if (value === null || value === '') {
          this.note(tp, 'QT_UPGRADE_FORBIDDEN', 'dropped', { vi: `${cap(at.vi)}: bỏ chuyển tiếp cấm "${event}" (v4); bước không nhận sự kiện này là đủ.`, en: `${cap(at.en)}: dropped the v4 forbidden transition "${event}"; a step that does not take the event is enough.` });
        } else if (event === '') {
          out.always = this.transitions(value, tp, keys);
          this.note(tp, 'QT_UPGRADE_EVENTLESS', 'changed', { vi: `${cap(at.vi)}: chuyển tiếp không sự kiện (v4) thành "always".`, en: `${cap(at.en)}: the v4 eventless transition became "always".` });
        } else on[event] = this.transitions(value, tp, keys);
      }
      out.on = on;
    }
    if (isObject(out.after)) out.after = Object.fromEntries(Object.entries(out.after).map(([d, v]) => [d, this.transitions(v, [...ptr, 'after', d], keys)]));
    for (const k of ['always', 'onDone'] as const) if (out[k] !== undefined) out[k] = this.transitions(out[k], [...ptr, k], keys);
    if (out.invoke !== undefined) {
      const list = Array.isArray(out.invoke) ? out.invoke : [out.invoke];
      const kept = list.flatMap((inv, i) => this.invoke(inv as Json, Array.isArray(out.invoke) ? [...ptr, 'invoke', i] : [...ptr, 'invoke'], keys));
      if (!kept.length) delete out.invoke;
      else out.invoke = Array.isArray(out.invoke) ? kept : kept[0];
    }
    if (isObject(out.states)) {
      out.states = Object.fromEntries(Object.entries(out.states).map(([k, c]) => [k, this.state(c as Json, [...keys, k], [...ptr, 'states', k])]));
    }
    return out;
  }

  private invoke(inv: Json, ptr: Ptr, keys: string[]): Json[] {
    const at = where(keys);
    const src = isObject(inv.src) && typeof inv.src.type === 'string' ? inv.src.type : inv.src;
    if (typeof src !== 'string' || !src) {
      this.note(ptr, 'QT_UPGRADE_INVOKE_CODE', 'dropped', { vi: `${cap(at.vi)}: bỏ "invoke" vì dịch vụ của nó là mã, không có tên.`, en: `${cap(at.en)}: dropped an "invoke" whose service is code, not a name.` });
      return [];
    }
    const out: Json = { src };
    if (src !== inv.src) this.note([...ptr, 'src'], 'QT_UPGRADE_INVOKE_SRC', 'changed', { vi: `${cap(at.vi)}: "src" dạng đối tượng (v4) thành tên "${src}".`, en: `${cap(at.en)}: the v4 object "src" became the name "${src}".` });
    if (typeof inv.id === 'string') out.id = inv.id;
    const input = inv.input ?? inv.data;
    if (isObject(input)) out.input = structuredClone(input);
    if (inv.data !== undefined) this.note([...ptr, 'data'], 'QT_UPGRADE_INVOKE_DATA', 'changed', { vi: `${cap(at.vi)}: "data" của invoke (v4) thành "input".`, en: `${cap(at.en)}: the invoke's v4 "data" became "input".` });
    for (const k of ['onDone', 'onError'] as const) if (inv[k] !== undefined) out[k] = this.transitions(inv[k], [...ptr, k], keys);
    for (const k of Object.keys(inv)) {
      if (!['src', 'id', 'input', 'data', 'onDone', 'onError'].includes(k)) {
        this.note([...ptr, k], 'QT_UPGRADE_INVOKE_OPTION', 'dropped', { vi: `${cap(at.vi)}: không mang theo "${k}" của invoke.`, en: `${cap(at.en)}: the invoke's "${k}" not carried over.` });
      }
    }
    return [out];
  }

  private transitions(value: unknown, ptr: Ptr, keys: string[]): unknown {
    if (Array.isArray(value)) return value.map((t, i) => this.transition(t, [...ptr, i], keys));
    return this.transition(value, ptr, keys);
  }

  private transition(t: unknown, ptr: Ptr, keys: string[]): unknown {
    if (!isObject(t)) return t;
    const at = where(keys);
    const out: Json = {};
    for (const [k, v] of Object.entries(t)) {
      if (V5_TRANSITION.has(k)) out[k] = structuredClone(v);
      else if (k === 'cond') {
        out.guard = structuredClone(v);
        this.note([...ptr, k], 'QT_UPGRADE_COND', 'changed', { vi: `${cap(at.vi)}: "cond" (v4) thành "guard".`, en: `${cap(at.en)}: v4 "cond" became "guard".` });
      } else if (k === 'in') {
        this.note([...ptr, k], 'QT_UPGRADE_IN', 'changed', { vi: `${cap(at.vi)}: "in" (v4) thành điều kiện inState.`, en: `${cap(at.en)}: v4 "in" became the guard inState.` });
      } else if (k === 'internal') {
        if (v === false) out.reenter = true;
        this.note([...ptr, k], 'QT_UPGRADE_INTERNAL', 'changed', { vi: `${cap(at.vi)}: "internal" (v4) thành ${v === false ? '"reenter": true' : 'mặc định của v5'}.`, en: `${cap(at.en)}: v4 "internal" became ${v === false ? '"reenter": true' : 'v5\'s default'}.` });
      } else this.note([...ptr, k], 'QT_UPGRADE_UNKNOWN_KEY', 'dropped', { vi: `${cap(at.vi)}: bỏ khóa "${k}" của chuyển tiếp mà XState không đọc.`, en: `${cap(at.en)}: dropped the transition key "${k}", which XState does not read.` });
    }
    if (out.guard !== undefined) out.guard = this.ref(out.guard, [...ptr, t.cond !== undefined ? 'cond' : 'guard'], keys);
    if (typeof t.in === 'string') {
      const inState = { type: 'inState', params: { state: t.in } };
      out.guard = out.guard === undefined ? inState : { type: 'and', params: { guards: [out.guard, inState] } };
    }
    if (out.actions !== undefined) out.actions = this.actions(out.actions, [...ptr, 'actions'], keys);
    return out;
  }

  /** Action references as objects; XState's built-in action creators cannot travel as JSON. */
  private actions(value: unknown, ptr: Ptr, keys: string[]): unknown[] {
    const list = Array.isArray(value) ? value : [value];
    return list.flatMap((a, i) => {
      const p = Array.isArray(value) ? [...ptr, i] : ptr;
      const type = typeof a === 'string' ? a : isObject(a) ? a.type : undefined;
      if (typeof type === 'string' && type.startsWith('xstate.')) {
        this.note(p, 'QT_UPGRADE_BUILTIN_ACTION', 'dropped', { vi: `${cap(where(keys).vi)}: không mang theo hành động có sẵn của XState "${type}" (là mã).`, en: `${cap(where(keys).en)}: XState's built-in action "${type}" not carried over (it is code).` });
        return [];
      }
      if (a === null || a === undefined) return [];
      return [this.ref(a, p, keys)];
    });
  }

  /** "name" → { type: "name" }; v4's extra keys beside `type` → params. */
  private ref(r: unknown, ptr: Ptr, keys: string[]): unknown {
    const at = where(keys);
    if (typeof r === 'string') {
      this.note(ptr, 'QT_UPGRADE_STRING_REF', 'changed', { vi: `${cap(at.vi)}: "${r}" viết thành { "type": "${r}" }.`, en: `${cap(at.en)}: "${r}" written as { "type": "${r}" }.` });
      return { type: r };
    }
    if (!isObject(r) || typeof r.type !== 'string') return r;
    const extra = Object.keys(r).filter((k) => k !== 'type' && k !== 'params');
    if (!extra.length) return structuredClone(r);
    this.note(ptr, 'QT_UPGRADE_PARAMS', 'changed', { vi: `${cap(at.vi)}: các khóa ${extra.join(', ')} của "${r.type}" (v4) chuyển vào "params".`, en: `${cap(at.en)}: the v4 keys ${extra.join(', ')} of "${r.type}" moved into "params".` });
    return { type: r.type, params: { ...(isObject(r.params) ? r.params : {}), ...Object.fromEntries(extra.map((k) => [k, structuredClone(r[k])])) } };
  }
}

function refList(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// A v5 machine config (names as the author wrote them) wrapped into a draft procedure: safe state
// keys and event types, titles made from names, one role "officer" who may take every transition,
// a start form, the machine id as the key. The author's meta keys, ids, descriptions, delays and
// guard/action/service names are kept; names the registry lacks become declared placeholders.
import { parseDuration } from '../duration.ts';
import { actionRegistry, compositeGuards, delayRegistry, guardRegistry, lookup } from '../registry.ts';
import { serviceRegistry } from '../services.ts';
import type { Procedure, RoleDef, Text } from '../types.ts';
import { allNodes, idMap, rootId } from './check.ts';
import { eventType, procedureKey, stateKey, titleFromName } from './names.ts';
import { isObject, pointer, where, type ImportChange, type Json } from './types.ts';

/** Where an exported procedure keeps what is not machine, so that import(export(p)) is p. */
export const PROCEDURE_META = 'quytrinh:procedure';
const OFFICER: RoleDef = { id: 'officer', title: { vi: 'Cán bộ xử lý', en: 'Officer' } };
const OUR_STATE_META = ['title', 'instructions', 'roles', 'sla'];

type Ptr = (string | number)[];
const same = (s: string): Text => ({ vi: s, en: s });
const isText = (v: unknown, optional = false): v is Text =>
  isObject(v) && Object.keys(v).every((k) => k === 'vi' || k === 'en') && ['vi', 'en'].every((k) => (optional && v[k] === undefined) || (typeof v[k] === 'string' && (optional || (v[k] as string).length > 0)));
const isRoleList = (v: unknown): v is string[] => Array.isArray(v) && v.every((r) => typeof r === 'string' && r.length > 0);
const fitsState: Record<string, (v: unknown) => boolean> = {
  title: (v) => isText(v),
  instructions: (v) => isText(v, true),
  roles: isRoleList,
  sla: (v) => typeof v === 'string' && !!parseDuration(v),
};

/** A named delay's key in the procedure format (schemas/procedure.schema.json, delays). */
const DELAY_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export class Wrap {
  changes: ImportChange[] = [];
  private rename = new Map<string, string>();
  private events = new Map<string, string>();
  private ids: Map<string, string[]>;
  private oldId: string;
  private newId: string;
  private used = { guards: new Set<string>(), actions: new Set<string>(), services: new Set<string>(), roles: new Set<string>() };
  private delays: NonNullable<Procedure['delays']>;
  /** named delays of the machine → their keys in the procedure */
  private delayKeys = new Map<string, string>();
  private base: Partial<Procedure> | null;

  constructor(private readonly machine: Json, private readonly opts: { key?: string }) {
    const meta = isObject(machine.meta) ? machine.meta : {};
    this.base = isObject(meta[PROCEDURE_META]) ? (meta[PROCEDURE_META] as Partial<Procedure>) : null;
    this.delays = { ...(this.base?.delays ?? {}) };
    this.ids = idMap(machine);
    this.oldId = rootId(machine);
    const id = typeof machine.id === 'string' ? machine.id : undefined;
    this.newId = id && /^[a-z][a-z0-9-]*$/.test(id) ? id : procedureKey(id ?? opts.key ?? 'xstate-machine');
    if (id !== undefined && id !== this.newId) this.note(['id'], 'QT_IMPORT_MACHINE_ID', { vi: `Mã máy "${id}" thành "${this.newId}" (chữ thường, số và gạch ngang); các đích "#${id}…" được đổi theo.`, en: `Machine id "${id}" became "${this.newId}" (lower case, digits and dashes); "#${id}…" targets follow.` });
    this.names();
  }

  private note(ptr: Ptr, code: string, message: Text, kind: ImportChange['kind'] = 'changed') {
    this.changes.push({ path: pointer(ptr), code, kind, message });
  }

  /** State keys and event types, decided before any target is rewritten. */
  private names() {
    const eventNames: string[] = [];
    for (const node of allNodes(this.machine)) {
      const children = isObject(node.config.states) ? Object.keys(node.config.states) : [];
      const taken = new Set<string>();
      // Names that are already keys keep them; the others take what is left.
      const order = [...children.filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)), ...children.filter((k) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))];
      for (const k of order) {
        const key = stateKey(k, taken);
        this.rename.set([...node.keys, k].join('\u0000'), key);
        if (key !== k) this.note([...node.ptr, 'states', k], 'QT_IMPORT_STATE_KEY', { vi: `Bước "${k}" có mã "${key}"; tên gốc được giữ làm tiêu đề.`, en: `Step "${k}" has the key "${key}"; its name is kept as its title.` });
      }
      if (isObject(node.config.on)) for (const e of Object.keys(node.config.on)) if (!eventNames.includes(e)) eventNames.push(e);
    }
    const taken = new Set(eventNames.filter((e) => eventType(e) === e));
    for (const e of eventNames) {
      if (taken.has(e) && eventType(e) === e) {
        this.events.set(e, e);
        continue;
      }
      let t = eventType(e);
      for (let n = 2; taken.has(t); n++) t = `${eventType(e)}_${n}`;
      taken.add(t);
      this.events.set(e, t);
      this.note([], 'QT_IMPORT_EVENT_TYPE', { vi: `Sự kiện "${e}" thành "${t}" (VIẾT_HOA); nhãn giữ tên gốc.`, en: `Event "${e}" became "${t}" (UPPER_SNAKE_CASE); its label keeps the name.` });
    }
  }

  private newKey(keys: string[], k: string): string {
    return this.rename.get([...keys, k].join('\u0000')) ?? k;
  }

  private segments(base: string[], segs: string[]): string[] {
    const cur = [...base];
    return segs.map((s) => {
      const n = this.newKey(cur, s);
      cur.push(s);
      return n;
    });
  }

  /** A target in the new names, written the way the author wrote it. */
  private target(source: string[], target: string): string {
    if (target.startsWith('#')) {
      const [id, ...rest] = target.slice(1).split('.');
      const base = this.ids.get(id);
      if (!base) return target;
      const head = id === this.oldId ? this.newId : id;
      return ['#' + head, ...this.segments(base, rest)].join('.');
    }
    if (target.startsWith('.')) return '.' + this.segments(source, target.slice(1).split('.')).join('.');
    return this.segments(source.slice(0, -1), target.split('.')).join('.');
  }

  private ref(kind: 'guards' | 'actions', r: unknown): unknown {
    if (!isObject(r) || typeof r.type !== 'string') return r;
    const known = kind === 'guards' ? lookup(guardRegistry, r.type) ?? lookup(compositeGuards, r.type) : lookup(actionRegistry, r.type);
    if (!known) this.used[kind].add(r.type);
    if (kind !== 'guards' || !isObject(r.params)) return r;
    const params = { ...r.params };
    if (r.type === 'and' || r.type === 'or') params.guards = Array.isArray(params.guards) ? params.guards.map((g) => this.ref('guards', g)) : params.guards;
    if (r.type === 'not') params.guard = this.ref('guards', params.guard);
    if (r.type === 'inState' && typeof params.state === 'string') params.state = params.state.startsWith('#') ? this.target([], params.state) : this.segments([], params.state.split('.')).join('.');
    return { ...r, params };
  }

  private transitions(value: unknown, source: string[], ptr: Ptr, event?: string): unknown {
    const one = (t: unknown, p: Ptr): unknown => {
      const obj: Json = typeof t === 'string' ? { target: t } : isObject(t) ? { ...t } : {};
      if (typeof obj.target === 'string') obj.target = this.target(source, obj.target);
      else if (Array.isArray(obj.target)) obj.target = obj.target.map((x) => (typeof x === 'string' ? this.target(source, x) : x));
      if (obj.guard !== undefined) obj.guard = this.ref('guards', obj.guard);
      if (Array.isArray(obj.actions)) obj.actions = obj.actions.map((a) => this.ref('actions', a));
      else if (obj.actions !== undefined) obj.actions = this.ref('actions', obj.actions);
      if (event !== undefined) obj.meta = this.transitionMeta(obj.meta, event, p);
      else if (obj.meta !== undefined) {
        this.note([...p, 'meta'], 'QT_IMPORT_TRANSITION_META', { vi: 'Không mang theo "meta" của chuyển tiếp tự động.', en: 'The "meta" of an automatic transition is not carried over.' }, 'dropped');
        delete obj.meta;
      }
      return typeof t === 'string' && event === undefined ? obj.target : obj;
    };
    return Array.isArray(value) ? value.map((t, i) => one(t, [...ptr, i])) : one(value, ptr);
  }

  private transitionMeta(meta: unknown, event: string, ptr: Ptr): Json {
    const m = isObject(meta) ? meta : {};
    const ours = isText(m.label);
    const out: Json = ours ? { label: m.label } : { label: same(titleFromName(event)), roles: [OFFICER.id] };
    if (ours && isRoleList(m.roles)) out.roles = m.roles;
    if (ours && isObject(m.form) && isObject(m.form.schema)) out.form = m.form;
    for (const r of (out.roles as string[] | undefined) ?? []) this.used.roles.add(r);
    const dropped = Object.keys(m).filter((k) => out[k] === undefined);
    if (dropped.length) this.note([...ptr, 'meta'], 'QT_IMPORT_TRANSITION_META', { vi: `Không mang theo các khóa ${dropped.join(', ')} trong "meta" của thao tác "${event}".`, en: `The keys ${dropped.join(', ')} in the "meta" of action "${event}" are not carried over.` }, 'dropped');
    return out;
  }

  private stateMeta(meta: unknown, name: string, keys: string[], ptr: Ptr): Json {
    const out: Json = {};
    for (const [k, v] of Object.entries(isObject(meta) ? meta : {})) {
      if (!OUR_STATE_META.includes(k) || fitsState[k](v)) {
        out[k] = v;
        continue;
      }
      let spaced = `xstate:${k}`;
      for (let n = 2; isObject(meta) && spaced in meta; n++) spaced = `xstate:${k}_${n}`;
      out[spaced] = v;
      this.note([...ptr, 'meta', k], 'QT_IMPORT_META_NAMESPACED', { vi: `${cap(where(keys).vi)}: khóa "${k}" trong meta trùng tên với khóa của quy trình, được giữ thành "${spaced}".`, en: `${cap(where(keys).en)}: the meta key "${k}" clashes with the procedure's own and is kept as "${spaced}".` });
    }
    if (!isText(out.title)) out.title = same(titleFromName(name));
    for (const r of isRoleList(out.roles) ? out.roles : []) this.used.roles.add(r);
    return out;
  }

  state(s: Json, keys: string[], ptr: Ptr): Json {
    const out: Json = {};
    const root = !keys.length;
    for (const [k, v] of Object.entries(s)) {
      switch (k) {
        case 'id':
          out.id = root ? this.newId : v;
          break;
        case 'initial':
          out.initial = typeof v === 'string' ? this.newKey(keys, v) : v;
          break;
        case 'target':
          out.target = typeof v === 'string' ? this.target(keys, v) : v;
          break;
        case 'entry':
        case 'exit':
          out[k] = Array.isArray(v) ? v.map((a) => this.ref('actions', a)) : this.ref('actions', v);
          break;
        case 'on':
          out.on = Object.fromEntries(Object.entries(v as Json).map(([e, t]) => [this.events.get(e) ?? e, this.transitions(t, keys, [...ptr, 'on', e], e)]));
          break;
        case 'after':
          out.after = Object.fromEntries(Object.entries(v as Json).map(([d, t]) => [this.delay(d, [...ptr, 'after', d]), this.transitions(t, keys, [...ptr, 'after', d])]));
          break;
        case 'always':
        case 'onDone':
          out[k] = this.transitions(v, keys, [...ptr, k]);
          break;
        case 'invoke': {
          const list = (Array.isArray(v) ? v : [v]).map((inv: Json, i) => {
            const ip = Array.isArray(v) ? [...ptr, 'invoke', i] : [...ptr, 'invoke'];
            if (!lookup(serviceRegistry, inv.src)) this.used.services.add(String(inv.src));
            const o: Json = { ...inv };
            if (inv.onDone !== undefined) o.onDone = this.transitions(inv.onDone, keys, [...ip, 'onDone']);
            if (inv.onError !== undefined) o.onError = this.transitions(inv.onError, keys, [...ip, 'onError']);
            return o;
          });
          out.invoke = Array.isArray(v) ? list : list[0];
          break;
        }
        case 'states':
          out.states = Object.fromEntries(Object.entries(v as Json).map(([c, cs]) => [this.newKey(keys, c), this.state(cs as Json, [...keys, c], [...ptr, 'states', c])]));
          break;
        case 'meta':
          if (root) {
            const rest = { ...(v as Json) };
            delete rest[PROCEDURE_META];
            if (Object.keys(rest).length) out.meta = rest;
          }
          break;
        default:
          out[k] = v;
      }
    }
    if (root && out.id === undefined) out.id = this.newId;
    if (!root) out.meta = this.stateMeta(s.meta, keys[keys.length - 1], keys, ptr);
    return out;
  }

  /** The delay's name in the procedure: a number, a duration or a known name as it is; another name becomes a setting, under a key the format takes. */
  private delay(name: string, ptr: Ptr): string {
    if (/^\d+$/.test(name) || parseDuration(name) || lookup(delayRegistry, name) || Object.hasOwn(this.delays, name)) return name;
    const known = this.delayKeys.get(name);
    if (known) return known;
    const key = DELAY_KEY.test(name) ? name : stateKey(name, new Set(Object.keys(this.delays)));
    this.delayKeys.set(name, key);
    this.delays[key] = null;
    const as = key === name ? '' : ` (${key})`;
    this.note(ptr, 'QT_IMPORT_DELAY_SETTING', { vi: `Thời gian chờ có tên "${name}"${as} thành một mục cài đặt của quy trình; hãy đặt độ dài của nó trước khi phát hành.`, en: `The named delay "${name}"${as} became a setting of the procedure; set its length before publishing.` });
    return key;
  }

  procedure(): Procedure {
    const machine = this.state(this.machine, [], []) as unknown as Procedure['machine'];
    const b = this.base ?? {};
    const name = typeof this.machine.id === 'string' ? titleFromName(this.machine.id) : titleFromName(this.newId);
    const roles: RoleDef[] = [...(b.roles ?? [])];
    const start = b.start ?? { roles: [OFFICER.id], label: { vi: 'Mở hồ sơ', en: 'Open a case' }, form: { schema: { type: 'object', properties: {} } } };
    for (const r of [...this.used.roles, ...start.roles]) if (!roles.some((x) => x.id === r)) roles.push(r === OFFICER.id ? OFFICER : { id: r, title: same(titleFromName(r)) });
    const description = typeof this.machine.description === 'string' && this.machine.description ? same(this.machine.description) : { vi: `Nhập từ máy trạng thái XState "${name}".`, en: `Imported from the XState machine "${name}".` };
    const p: Procedure = {
      ...(b.$schema ? { $schema: b.$schema } : {}),
      key: this.opts.key ?? b.key ?? procedureKey(this.newId),
      title: b.title ?? same(name),
      description: b.description ?? description,
      roles,
      caseSchema: b.caseSchema ?? { type: 'object', properties: {} },
      start,
      machine,
    };
    const placeholders = Object.fromEntries(
      (['guards', 'actions', 'services'] as const)
        .map((k) => [k, [...new Set([...(b.placeholders?.[k] ?? []), ...this.used[k]])]] as const)
        .filter(([, list]) => list.length),
    );
    for (const [k, list] of Object.entries(placeholders)) {
      const fresh = list.filter((n) => !(b.placeholders?.[k as 'guards'] ?? []).includes(n));
      if (fresh.length) this.note([], 'QT_IMPORT_PLACEHOLDER', { vi: `Cần định nghĩa (${kindName[k].vi}): ${fresh.join(', ')}. Chưa thể phát hành khi chưa gắn chúng với danh mục hoặc xóa đi.`, en: `To define (${kindName[k].en}): ${fresh.join(', ')}. Publishing waits until each is bound to the registry or removed.` });
    }
    if (Object.keys(placeholders).length) p.placeholders = placeholders;
    if (Object.keys(this.delays).length) p.delays = this.delays;
    if (b.layout) p.layout = b.layout;
    if (!this.base) {
      this.note([], 'QT_IMPORT_WRAPPED', { vi: 'Tiêu đề các bước và thao tác lấy từ tên (giống nhau ở hai ngôn ngữ cho tới khi được dịch); vai trò "Cán bộ xử lý" được làm mọi thao tác cho tới khi quản trị viên phân vai; thêm biểu mẫu mở hồ sơ trống.', en: 'Step and action titles come from their names (the same in both languages until translated); the role "Officer" may take every action until the administrator assigns roles; an empty form opens a case.' });
    }
    return p;
  }
}

const kindName: Record<string, Text> = {
  guards: { vi: 'điều kiện', en: 'guards' },
  actions: { vi: 'hành động', en: 'actions' },
  services: { vi: 'bước tự động', en: 'automated steps' },
};
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

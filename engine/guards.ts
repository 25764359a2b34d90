// Guards written in JSON, evaluated before a form is filled (to list what a user may do) and
// described in words (to say why an action was refused).
import { stateRef } from './compile.ts';
import { compositeGuards, guardRegistry, lookup, type GuardArgs } from './registry.ts';
import { normalizeTransitions } from './paths.ts';
import type { Form, Procedure, Ref, StateConfig, Text } from './types.ts';

/** true / false, or null when the answer depends on form data not yet given. */
export function evaluateGuard(
  ref: Ref,
  args: GuardArgs,
  activePaths: string[],
  machineId: string,
  strict = false,
): boolean | null {
  const type = typeof ref === 'string' ? ref : ref.type;
  const params = (typeof ref === 'string' ? {} : ref.params) ?? {};
  switch (type) {
    case 'and': {
      const r = (params.guards as Ref[]).map((g) => evaluateGuard(g, args, activePaths, machineId, strict));
      return r.includes(false) ? false : r.includes(null) ? null : true;
    }
    case 'or': {
      const r = (params.guards as Ref[]).map((g) => evaluateGuard(g, args, activePaths, machineId, strict));
      return r.includes(true) ? true : r.includes(null) ? null : false;
    }
    case 'not': {
      const r = evaluateGuard(params.guard as Ref, args, activePaths, machineId, strict);
      return r === null ? null : !r;
    }
    case 'inState': {
      const id = stateRef(machineId, String(params.state)).slice(machineId.length + 2);
      return activePaths.includes(id);
    }
    default: {
      const def = lookup(guardRegistry, type);
      if (!def) return false;
      if (!strict && def.readsForm?.(params)) return null;
      return def.test(args, params);
    }
  }
}

/** Titles for what a guard names: a form field, an earlier step, a role, a state. */
export interface GuardNames {
  field?: (name: string) => Text | undefined;
  step?: (type: string) => Text | undefined;
  role?: (id: string) => Text | undefined;
  state?: (path: string) => Text | undefined;
}

/** The titles of a procedure's fields (from the action's form), steps, roles and states. */
export function guardNames(procedure: Procedure, form?: Form | null): GuardNames {
  const labels = new Map<string, Text>([['OPEN', procedure.start.label]]);
  const titles = new Map<string, Text>();
  const walk = (s: StateConfig, path: string) => {
    if (path && s.meta?.title) titles.set(path, s.meta.title);
    for (const [type, value] of Object.entries(s.on ?? {})) {
      const label = normalizeTransitions(value).find((t) => t.meta?.label)?.meta?.label;
      if (label && !labels.has(type)) labels.set(type, label);
    }
    for (const [k, c] of Object.entries(s.states ?? {})) walk(c, path ? `${path}.${k}` : k);
  };
  walk(procedure.machine, '');
  const fieldTitle = (name: string): Text | undefined => {
    const hint = form?.ui?.fields?.[name]?.label ?? procedure.start.form.ui?.fields?.[name]?.label;
    const title = ((form?.schema.properties ?? {}) as Record<string, { title?: string }>)[name]?.title;
    return hint ?? (title ? { vi: title, en: title } : undefined);
  };
  return {
    field: fieldTitle,
    step: (type) => labels.get(type),
    role: (id) => procedure.roles.find((r) => r.id === id)?.title,
    state: (path) => titles.get(path.replace(/^#[^.]*\./, '').replace(/^\./, '')),
  };
}

/** A guard in words, naming fields, steps, roles and states by their titles when `names` knows them. */
export function describeGuard(ref: Ref, names: GuardNames = {}): Text {
  const type = typeof ref === 'string' ? ref : ref.type;
  const params = (typeof ref === 'string' ? {} : ref.params) ?? {};
  const label = lookup(guardRegistry, type)?.label ?? lookup(compositeGuards, type)?.label ?? { vi: type, en: type };
  const join = (list: Ref[], vi: string, en: string): Text => {
    const parts = list.map((g) => describeGuard(g, names));
    return { vi: parts.map((p) => p.vi).join(` ${vi} `), en: parts.map((p) => p.en).join(` ${en} `) };
  };
  const named = (get: ((k: string) => Text | undefined) | undefined, key: unknown): Text => {
    const t = get?.(String(key));
    return t ?? { vi: String(key), en: String(key) };
  };
  const value = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  switch (type) {
    case 'and':
      return join(params.guards as Ref[], 'và', 'and');
    case 'or':
      return join(params.guards as Ref[], 'hoặc', 'or');
    case 'not': {
      const inner = describeGuard(params.guard as Ref, names);
      return { vi: `không (${inner.vi})`, en: `not (${inner.en})` };
    }
    case 'fieldEquals': {
      const f = named(names.field, params.field);
      return { vi: `“${f.vi}” là “${value(params.value)}”`, en: `“${f.en}” is “${value(params.value)}”` };
    }
    case 'fieldPresent': {
      const f = named(names.field, params.field);
      return { vi: `“${f.vi}” đã được điền`, en: `“${f.en}” is filled in` };
    }
    case 'fieldMatches': {
      const f = named(names.field, params.field);
      return { vi: `“${f.vi}” đúng định dạng quy định`, en: `“${f.en}” has the required format` };
    }
    case 'minAttachments': {
      const f = named(names.field, params.field);
      return { vi: `có ít nhất ${params.min} tệp ở “${f.vi}”`, en: `at least ${params.min} file(s) in “${f.en}”` };
    }
    case 'notSameActorAs': {
      const st = named(names.step, params.step);
      return { vi: `người làm không phải người đã “${st.vi}”`, en: `someone other than who did “${st.en}”` };
    }
    case 'actorHasRole': {
      const r = named(names.role, params.role);
      return { vi: `người làm có vai trò “${r.vi}”`, en: `the actor has the role “${r.en}”` };
    }
    case 'inState': {
      const st = named(names.state, params.state);
      return { vi: `hồ sơ đang ở bước “${st.vi}”`, en: `the case is at step “${st.en}”` };
    }
    default:
      return label;
  }
}

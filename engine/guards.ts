// Guards written in JSON, evaluated before a form is filled (to list what a user may do) and
// described in words (to say why an action was refused).
import { stateRef } from './compile.ts';
import { compositeGuards, guardRegistry, lookup, type GuardArgs } from './registry.ts';
import type { Ref, Text } from './types.ts';

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

export function describeGuard(ref: Ref): Text {
  const type = typeof ref === 'string' ? ref : ref.type;
  const params = (typeof ref === 'string' ? {} : ref.params) ?? {};
  const label = lookup(guardRegistry, type)?.label ?? lookup(compositeGuards, type)?.label ?? { vi: type, en: type };
  const join = (list: Ref[], vi: string, en: string): Text => {
    const parts = list.map(describeGuard);
    return { vi: parts.map((p) => p.vi).join(` ${vi} `), en: parts.map((p) => p.en).join(` ${en} `) };
  };
  switch (type) {
    case 'and':
      return join(params.guards as Ref[], 'và', 'and');
    case 'or':
      return join(params.guards as Ref[], 'hoặc', 'or');
    case 'not': {
      const inner = describeGuard(params.guard as Ref);
      return { vi: `không (${inner.vi})`, en: `not (${inner.en})` };
    }
    default: {
      const detail = Object.entries(params)
        .filter(([k]) => k !== 'source')
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(', ');
      return detail ? { vi: `${label.vi} (${detail})`, en: `${label.en} (${detail})` } : label;
    }
  }
}

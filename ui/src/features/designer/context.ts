// Suggestions for guard and action params: the procedure's roles, events, case fields, states.
import type { Procedure } from '../../../../engine/types.ts';
import { eachState } from '../../../../engine/index.ts';
import { procedureGraph, transitionAt } from '../../lib/diagram/graph.ts';

export interface ParamsContext {
  roles: string[];
  events: string[];
  fields: string[];
  states: string[];
}

export function paramsContext(p: Procedure): ParamsContext {
  const g = procedureGraph(p);
  const fields = new Set(Object.keys((p.caseSchema.properties ?? {}) as Record<string, unknown>));
  for (const e of [...g.edges, ...g.global]) {
    const form = transitionAt(p.machine, e.ref)?.meta?.form;
    for (const k of Object.keys((form?.schema.properties ?? {}) as Record<string, unknown>)) fields.add(k);
  }
  return {
    roles: p.roles.map((r) => r.id),
    events: [...new Set([...g.edges, ...g.global].filter((e) => e.ref.on === 'on').map((e) => e.event))],
    fields: [...fields],
    states: eachState(p.machine).map((s) => s.path),
  };
}

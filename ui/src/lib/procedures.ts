// Procedures change rarely: fetched once per page load and shared by every screen.
import { api } from './api/index.ts';
import type { ProcedureSummary, ProcedureVersion, Text } from './api/types.ts';
import { procedureGraph } from './diagram/graph.ts';

let list: Promise<ProcedureSummary[]> | null = null;
const versions = new Map<string, Promise<ProcedureVersion>>();
const latest = new Map<string, Promise<ProcedureVersion | null>>();

export function procedures(): Promise<ProcedureSummary[]> {
  list ??= api.procedures().then(
    (r) => r.procedures,
    (e) => {
      list = null;
      throw e;
    },
  );
  return list;
}

export function procedureVersion(key: string, version: number): Promise<ProcedureVersion> {
  const id = `${key}@${version}`;
  let p = versions.get(id);
  if (!p) {
    p = api.procedureVersion(key, version);
    p.catch(() => versions.delete(id));
    versions.set(id, p);
  }
  return p;
}

export function latestVersion(key: string): Promise<ProcedureVersion | null> {
  let p = latest.get(key);
  if (!p) {
    p = api.procedure(key).then((r) => r.latest ?? null);
    p.catch(() => latest.delete(key));
    latest.set(key, p);
  }
  return p;
}

/** State path → title, from a procedure's machine. */
export function stateTitles(v: ProcedureVersion | null | undefined): Map<string, Text> {
  const out = new Map<string, Text>();
  if (!v) return out;
  for (const n of procedureGraph(v.procedure).nodes) out.set(n.id, n.title);
  return out;
}

/** For tests and logout. */
export function forgetProcedures(): void {
  list = null;
  versions.clear();
  latest.clear();
}

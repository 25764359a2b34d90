// Import a plain XState machine config as a draft procedure, and export a procedure as plain
// XState: importMachine(exportMachineJson(p)) gives p back.
import type { Procedure } from '../types.ts';
import { ProblemCode, validateProcedure } from '../validate.ts';
import { checkMachine } from './check.ts';
import { Upgrade } from './upgrade.ts';
import { PROCEDURE_META, Wrap } from './wrap.ts';
import type { ImportResult, Json } from './types.ts';

export type { ImportChange, ImportResult, MachineProblem } from './types.ts';
export { MachineCode } from './check.ts';
export { PROCEDURE_META } from './wrap.ts';

export function importMachine(input: unknown, opts: { key?: string } = {}): ImportResult {
  const refused = checkMachine(input);
  if (refused.length) return { ok: false, problems: refused };
  const upgrade = new Upgrade();
  const v5 = upgrade.machine(input as Json);
  const wrap = new Wrap(v5, opts);
  const procedure = wrap.procedure();
  const changes = [...upgrade.changes, ...wrap.changes];
  let problems = validateProcedure(procedure).errors;
  // A guard or action of the machine's own that happens to share a registry name (with other
  // params) is a placeholder too.
  const clash = { guards: new Set<string>(), actions: new Set<string>(), services: new Set<string>() };
  const kinds: Record<string, keyof typeof clash> = { [ProblemCode.GuardParams]: 'guards', [ProblemCode.ActionParams]: 'actions', [ProblemCode.ServiceInput]: 'services' };
  for (const p of problems) {
    const name = kinds[p.code] && /"([^"]+)"/.exec(p.message.en)?.[1];
    if (name) clash[kinds[p.code]].add(name);
  }
  if (clash.guards.size || clash.actions.size || clash.services.size) {
    const declared = (procedure.placeholders ??= {});
    for (const k of ['guards', 'actions', 'services'] as const) {
      if (!clash[k].size) continue;
      declared[k] = [...new Set([...(declared[k] ?? []), ...clash[k]])];
      changes.push({ path: '', code: 'QT_IMPORT_PLACEHOLDER', kind: 'changed', message: { vi: `Cần định nghĩa: ${[...clash[k]].join(', ')} (trùng tên với danh mục nhưng khác tham số).`, en: `To define: ${[...clash[k]].join(', ')} (the registry's names with other params).` } });
    }
    problems = validateProcedure(procedure).errors;
  }
  return { ok: true, procedure, changes, problems };
}

/** The procedure as a plain XState machine config: the rest of the file rides in the root's meta. */
export function exportMachineJson(p: Procedure): Record<string, unknown> {
  const { machine, ...rest } = structuredClone(p);
  return { ...machine, meta: { ...(machine.meta ?? {}), [PROCEDURE_META]: rest } };
}

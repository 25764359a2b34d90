// Import and export of a procedure file.
import { exportMachineJson, validateProcedure } from '../../../../engine/index.ts';
import type { Procedure, Text } from '../../../../engine/types.ts';

export function exportProcedure(p: Procedure, asMachine = false): void {
  // As a machine: plain XState, the rest of the file in the root's meta (importing it gives p back).
  const blob = new Blob([JSON.stringify(asMachine ? exportMachineJson(p) : p, null, 2) + '\n'], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${p.key || 'procedure'}${asMachine ? '.machine' : ''}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a chosen file as JSON; the caller validates it. */
export async function readProcedureFile(file: File): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  try {
    return { ok: true, value: JSON.parse(await file.text()) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Whether the canvas can draw it: an object whose machine has states, each as the file format
 * shapes it. Other problems (an unknown target, a missing role) are the problems panel's to list.
 */
export function drawable(value: unknown): value is Procedure {
  if (!hasShape(value)) return false;
  // an empty title or label is the problems panel's to list, not a reason not to draw
  const content = /\/meta\/(title|label|instructions)(\/(vi|en))?$/;
  return !validateProcedure(value).errors.some((e) => e.code === 'QT_SCHEMA' && e.path.startsWith('/machine') && !content.test(e.path));
}

/** The parts the canvas and the side panels read, in the format's shape: machine states, roles, start, layout. */
export function hasShape(value: unknown): value is Procedure {
  if (!isObject(value) || !isObject(value.machine) || !isObject(value.machine.states)) return false;
  const roles = value.roles;
  if (!Array.isArray(roles) || !roles.every((r) => isObject(r) && typeof r.id === 'string')) return false;
  return isObject(value.start) && (value.layout === undefined || isObject(value.layout));
}

/** What to tell a person who chose a file that is not drawable: a bare XState machine is named as such. */
export function notDrawable(value: unknown): Text | null {
  return validateProcedure(value).errors.find((e) => e.code === 'QT_BARE_MACHINE')?.message ?? null;
}

/**
 * What the designer opens a stored draft or version as: a drawable procedure on the canvas, or
 * anything else in the JSON tab with its problems listed (never an error that stops the page).
 */
export function openInDesigner(value: unknown): { procedure: Procedure; drawable: boolean; needsLayout: boolean } {
  const ok = drawable(value);
  const procedure = (value ?? {}) as Procedure;
  return { procedure, drawable: ok, needsLayout: ok && !Object.keys(procedure.layout?.nodes ?? {}).length };
}

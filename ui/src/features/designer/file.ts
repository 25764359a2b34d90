// Import and export of a procedure file.
import { validateProcedure } from '../../../../engine/index.ts';
import type { Procedure } from '../../../../engine/types.ts';

export function exportProcedure(p: Procedure): void {
  const blob = new Blob([JSON.stringify(p, null, 2) + '\n'], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${p.key || 'procedure'}.json`;
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
  if (!isObject(value) || !isObject(value.machine) || !isObject(value.machine.states)) return false;
  return !validateProcedure(value).errors.some((e) => e.code === 'QT_SCHEMA' && e.path.startsWith('/machine'));
}

// Import and export of a procedure file.
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

// A procedure handed from the list page (new or imported) to the editor, not yet saved.
import type { Procedure } from '../../../../engine/types.ts';

const pending = new Map<string, Procedure>();

export function handOver(p: Procedure): void {
  pending.set(p.key, p);
}

export function takeOver(key: string): Procedure | null {
  const p = pending.get(key) ?? null;
  pending.delete(key);
  return p;
}

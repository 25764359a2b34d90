// The cases this process wrote last, as they were after its write: the event path reads them
// here instead of from the database. Safe because the write statement holds only while the case
// is still at the cached version (another process's write makes it read again), and a refusal
// or a 404 judged on a cached row is judged again on a fresh read before it is answered.
import type { CaseRowJoined } from './stores/cases.ts';

export class CaseCache {
  #rows = new Map<string, CaseRowJoined>();
  #max: number;

  constructor(max = 5_000) {
    this.#max = max;
  }

  get(id: string): CaseRowJoined | undefined {
    const row = this.#rows.get(id);
    if (row) {
      // most recently used last: the first key is the one to drop
      this.#rows.delete(id);
      this.#rows.set(id, row);
    }
    return row;
  }

  set(row: CaseRowJoined): void {
    this.#rows.delete(row.id);
    if (this.#rows.size >= this.#max) this.#rows.delete(this.#rows.keys().next().value!);
    this.#rows.set(row.id, row);
  }

  delete(id: string): void {
    this.#rows.delete(id);
  }

  get size(): number {
    return this.#rows.size;
  }
}

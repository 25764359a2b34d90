// The cases this process wrote last, as they were after its write: the event path reads them
// here instead of from the database. Safe because the write statement holds only while the case
// is still at the cached version (another process's write makes it read again), and a refusal
// or a 404 judged on a cached row is judged again on a fresh read before it is answered.
//
// Bounded twice, least recently used first: by rows, and by the memory they take — a row is
// mostly its data, and a comment thread grows with every COMMENT, so a bound on rows alone let
// memory grow with the threads. The caller weighs each row by its data's JSON (`rowWeight`).
import { LRUCache } from 'lru-cache';
import type { CaseRowJoined } from '../stores/cases.ts';

/**
 * The memory a remembered row takes, estimated from the UTF-8 length of its data's JSON: held in
 * memory a case's data took 2.8–3.3 times its JSON (the objects, and the thread's bytes kept for
 * the next statement: encode-data.ts; measured over 5,000 cases of 3 to 100 comments), and the
 * rest of the row — its columns, the snapshot's other fields — is taken as 4 KiB (not measured).
 */
export const rowWeight = (dataJsonBytes: number) => 4_096 + 3 * dataJsonBytes;

export class CaseCache {
  /** null: a budget of 0 bytes, nothing is kept (lru-cache reads a maxSize of 0 as no bound) */
  #rows: LRUCache<string, CaseRowJoined> | null;

  /** `maxBytes` bounds the rows' weights (`rowWeight`); a row over the whole budget is not kept. */
  constructor(maxRows = 5_000, maxBytes = 24 * 1024 * 1024) {
    this.#rows = maxBytes > 0 ? new LRUCache({ max: maxRows, maxSize: maxBytes }) : null;
  }

  get(id: string): CaseRowJoined | undefined {
    return this.#rows?.get(id);
  }

  /** Remembers the row (replacing its earlier version); the least recently used go until both bounds hold. */
  set(row: CaseRowJoined, bytes: number): void {
    this.#rows?.set(row.id, row, { size: bytes });
  }

  delete(id: string): void {
    this.#rows?.delete(id);
  }

  get size(): number {
    return this.#rows?.size ?? 0;
  }

  /** The weights of the rows held. */
  get bytes(): number {
    return this.#rows?.calculatedSize ?? 0;
  }
}

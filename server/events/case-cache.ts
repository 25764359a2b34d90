// The cases this process wrote last, as they were after its write: the event path reads them
// here instead of from the database. Safe because the write statement holds only while the case
// is still at the cached version (another process's write makes it read again), and a refusal
// or a 404 judged on a cached row is judged again on a fresh read before it is answered.
//
// Bounded twice: by rows and by the memory they take. A row's size is mostly its data — the
// comment thread grows with every COMMENT — so a count of rows alone let memory grow with the
// threads: over 5,000 cases of 100 comments the server's RSS reached 430 MB (bench/README,
// session 10). The caller weighs each row by its data's JSON, which the event path has made
// already (`rowWeight`).
import type { CaseRowJoined } from '../stores/cases.ts';

/**
 * The memory a remembered row takes, estimated from the UTF-8 length of its data's JSON: held in
 * memory a case's data took 2.8–3.3 times its JSON (the objects, and the thread's bytes kept for
 * the next statement: json-bytes.ts; measured over 5,000 cases of 3 to 100 comments), and the
 * rest of the row — its columns, the snapshot's other fields — is taken as 4 KiB (not measured).
 */
export const rowWeight = (dataJsonBytes: number) => 4_096 + 3 * dataJsonBytes;

export class CaseCache {
  #rows = new Map<string, { row: CaseRowJoined; bytes: number }>();
  #maxRows: number;
  #maxBytes: number;
  #bytes = 0;

  /** `maxBytes` bounds the rows' weights (`rowWeight`). */
  constructor(maxRows = 5_000, maxBytes = 24 * 1024 * 1024) {
    this.#maxRows = maxRows;
    this.#maxBytes = maxBytes;
  }

  get(id: string): CaseRowJoined | undefined {
    const e = this.#rows.get(id);
    if (e) {
      // most recently used last: the first key is the one to drop
      this.#rows.delete(id);
      this.#rows.set(id, e);
    }
    return e?.row;
  }

  /** Remembers the row; the least recently used go until both bounds hold. A row over the whole budget is not kept. */
  set(row: CaseRowJoined, bytes: number): void {
    this.delete(row.id);
    if (bytes > this.#maxBytes) return;
    while (this.#rows.size && (this.#rows.size >= this.#maxRows || this.#bytes + bytes > this.#maxBytes)) {
      this.delete(this.#rows.keys().next().value!);
    }
    this.#rows.set(row.id, { row, bytes });
    this.#bytes += bytes;
  }

  delete(id: string): void {
    const e = this.#rows.get(id);
    if (!e) return;
    this.#rows.delete(id);
    this.#bytes -= e.bytes;
  }

  get size(): number {
    return this.#rows.size;
  }

  /** The weights of the rows held. */
  get bytes(): number {
    return this.#bytes;
  }
}

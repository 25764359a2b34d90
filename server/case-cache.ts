// The cases this process wrote last, as they were after its write: the event path reads them
// here instead of from the database. Safe because the write statement holds only while the case
// is still at the cached version (another process's write makes it read again), and a refusal
// or a 404 judged on a cached row is judged again on a fresh read before it is answered.
//
// Bounded twice: by rows and by bytes. A row's size is mostly its data — the comment thread
// grows with every COMMENT — so a count of rows alone lets memory grow with the threads: held in
// memory, a case's data takes ~2.8 times its JSON (the objects, and the thread's bytes kept for
// the next statement, json-bytes.ts), so 5,000 cases of 100 comments were 232 MB (bench/README,
// session 10). The caller gives each row's weight: the UTF-8 length of its data's JSON, which the
// event path has already made, plus ROW_OVERHEAD. The default, 24 MiB, keeps the cache to ~70 MB.
import type { CaseRowJoined } from './stores/cases.ts';

/** What a cached row costs besides its data: the snapshot's other fields, the row's columns. */
export const ROW_OVERHEAD = 2_048;

export class CaseCache {
  #rows = new Map<string, { row: CaseRowJoined; bytes: number }>();
  #maxRows: number;
  #maxBytes: number;
  #bytes = 0;

  /** `maxBytes` counts the rows' weights (their data's JSON, in UTF-8, and ROW_OVERHEAD each). */
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

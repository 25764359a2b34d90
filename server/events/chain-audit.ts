// Links written audit rows into the chain soon after their transactions commit: kicked after
// each write, and on an interval for rows that another process wrote and did not chain (it
// stopped, say). One run at a time per process; processes take turns on the chain's lock.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { chainAllAudit } from '../stores/audit.ts';

export class AuditChainer {
  #db: Kysely<Database>;
  #log: (msg: string, err?: unknown) => void;
  #running: Promise<void> | null = null;
  #again = false;
  #soon: NodeJS.Timeout | null = null;
  #interval: NodeJS.Timeout | null = null;
  #delayMs: number;

  /** `delayMs`: how long a kick waits, so that one run chains the rows of many writes. */
  constructor(db: Kysely<Database>, log: (msg: string, err?: unknown) => void = () => {}, delayMs = 100) {
    this.#db = db;
    this.#log = log;
    this.#delayMs = delayMs;
  }

  /** A row was written: chain it soon. */
  kick(): void {
    if (this.#soon || this.#again) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#soon = setTimeout(() => {
      this.#soon = null;
      void this.flush().catch((err) => this.#log('audit: chaining failed; the next run retries', err));
    }, this.#delayMs);
    this.#soon.unref();
  }

  /** Chains every row written so far; resolves when none is left. */
  flush(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await chainAllAudit(this.#db);
        } while (this.#again);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  start(intervalMs: number): void {
    if (this.#interval) return;
    this.#interval = setInterval(() => this.kick(), intervalMs);
    this.#interval.unref();
  }

  async stop(): Promise<void> {
    if (this.#interval) clearInterval(this.#interval);
    if (this.#soon) clearTimeout(this.#soon);
    this.#interval = this.#soon = null;
    await this.flush().catch((err) => this.#log('audit: chaining at stop failed', err));
  }
}

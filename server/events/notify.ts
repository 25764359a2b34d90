// Tells every server process on the database (LISTEN, see live.ts) which cases changed and which
// notifications were written — after the commit, not inside the transaction: PostgreSQL holds a
// database-wide lock from a NOTIFY's commit until the commit has reached the disk, so a NOTIFY in
// every event's transaction would let only one event commit at a time. Ids are sent in batches
// (one NOTIFY per channel per batch, one batch in flight at a time); a payload lists ids
// separated by commas. If the process stops between a commit and its batch, subscribers of other
// processes miss that push; a reconnecting client catches up from `since` as always.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const CASES_CHANNEL = 'quytrinh_cases';
export const NOTIFICATIONS_CHANNEL = 'quytrinh_notifications';
/** PostgreSQL refuses a payload of 8000 bytes or more. */
const MAX_PAYLOAD = 7_000;

export class ChangeFeed {
  #db: Kysely<Database>;
  #log: (msg: string, err?: unknown) => void;
  #cases = new Set<string>();
  #notifications = new Set<string>();
  #sending: Promise<void> | null = null;

  #delayMs: number;
  /** NOTIFY statements sent so far (tests, the bench) */
  readonly stats = { statements: 0 };

  /** `delayMs`: how long the first change of a batch waits for others (each NOTIFY is a commit). */
  constructor(db: Kysely<Database>, log: (msg: string, err?: unknown) => void = () => {}, delayMs = 5) {
    this.#db = db;
    this.#log = log;
    this.#delayMs = delayMs;
  }

  /** Call after the commit that changed these cases. */
  cases(ids: Iterable<string>): void {
    for (const id of ids) this.#cases.add(id);
    this.#schedule();
  }

  /** Call after the commit that wrote these notifications (their cases first, in the same call order). */
  notifications(ids: Iterable<string>): void {
    for (const id of ids) this.#notifications.add(id);
    this.#schedule();
  }

  /** Resolves when everything given so far has been sent. */
  async flush(): Promise<void> {
    while (this.#sending) await this.#sending;
  }

  #schedule() {
    if (this.#sending) return; // the running batch loops until nothing is left
    this.#sending = this.#drain()
      .catch((err) => this.#log('live: NOTIFY failed; subscribers catch up at their next change or reconnect', err))
      .finally(() => (this.#sending = null));
  }

  async #drain() {
    while (this.#cases.size || this.#notifications.size) {
      await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
      const cases = [...this.#cases];
      const notifications = [...this.#notifications];
      this.#cases.clear();
      this.#notifications.clear();
      // cases before notifications: a notification follows the case update of its event
      for (const payload of payloads(cases)) {
        this.stats.statements++;
        await sql`SELECT pg_notify(${CASES_CHANNEL}, ${payload})`.execute(this.#db);
      }
      for (const payload of payloads(notifications)) {
        this.stats.statements++;
        await sql`SELECT pg_notify(${NOTIFICATIONS_CHANNEL}, ${payload})`.execute(this.#db);
      }
    }
  }
}

function* payloads(ids: string[]): Generator<string> {
  let batch: string[] = [];
  let size = 0;
  for (const id of ids) {
    if (size + id.length + 1 > MAX_PAYLOAD && batch.length) {
      yield batch.join(',');
      batch = [];
      size = 0;
    }
    batch.push(id);
    size += id.length + 1;
  }
  if (batch.length) yield batch.join(',');
}

/** The ids of one payload. */
export const payloadIds = (payload: string): string[] => payload.split(',').filter(Boolean);

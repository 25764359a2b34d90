// Clean-up on a schedule: sessions past their expiry, and files uploaded for a case that was never
// recorded (POST /api/attachments, then the form abandoned) once a day has passed — the row and
// its bytes, which live in it. Any number of processes may run it: a row is deleted once.
import { sql, type Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Clock } from './clock.ts';
import { deleteExpiredSessions } from './stores/users.ts';
import { appendAudit } from './stores/audit.ts';

export interface HousekeepingRun {
  sessions: number;
  attachments: number;
}

/** How long an upload may wait for its case: a long form filled in over a working day still finds it. */
export const UNLINKED_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;

export class Housekeeping {
  #db: Kysely<Database>;
  #clock: Clock;
  #log: (msg: string, err?: unknown) => void;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<HousekeepingRun> | null = null;

  constructor(db: Kysely<Database>, clock: Clock, log: (msg: string, err?: unknown) => void = () => {}) {
    this.#db = db;
    this.#clock = clock;
    this.#log = log;
  }

  /** Deletes what is due by the clock's now; resolves with how many of each. */
  run(): Promise<HousekeepingRun> {
    if (!this.#running) this.#running = this.#run().finally(() => (this.#running = null));
    return this.#running;
  }

  async #run(): Promise<HousekeepingRun> {
    const now = this.#clock.now();
    const sessions = await deleteExpiredSessions(this.#db, now);
    const before = new Date(now.getTime() - UNLINKED_UPLOAD_TTL_MS);
    let attachments = 0;
    for (;;) {
      const n = await this.#db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ id: string; filename: string; size: number; uploaded_by: string }>`
          DELETE FROM attachments WHERE id = ANY (ARRAY(
            SELECT id FROM attachments WHERE case_id IS NULL AND uploaded_at < ${before}
            ORDER BY uploaded_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED))
          AND case_id IS NULL
          RETURNING id, filename, size, uploaded_by`.execute(tx);
        // uploads are audited; so is their removal
        for (const r of rows) {
          await appendAudit(tx, {
            at: now,
            actorId: 'system',
            action: 'attachment.discarded',
            caseId: null,
            detail: { id: r.id, filename: r.filename, size: r.size, uploadedBy: r.uploaded_by, reason: 'never linked to a case' },
          });
        }
        return rows.length;
      });
      attachments += n;
      if (n < BATCH) break;
    }
    return { sessions, attachments };
  }

  start(intervalMs: number): void {
    if (this.#timer) return;
    const tick = () => this.run().catch((err) => this.#log('housekeeping: a run failed; the next tick retries', err));
    void tick();
    this.#timer = setInterval(tick, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => {});
  }
}

// Clean-up on a schedule: sessions past their expiry, and files uploaded for a case that was never
// recorded (POST /api/attachments, then the form abandoned) once a day has passed — the row and
// its bytes, which live in it. Any number of processes may run it: a row is deleted once.
import { sql, type Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Clock } from './clock.ts';
import { deleteExpiredSessions } from './stores/users.ts';
import { appendAudit } from './stores/audit.ts';
import { BackgroundJob } from './background.ts';

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
  #job: BackgroundJob<HousekeepingRun>;

  constructor(db: Kysely<Database>, clock: Clock, log: (msg: string, err?: unknown) => void = () => {}) {
    this.#db = db;
    this.#clock = clock;
    this.#job = new BackgroundJob('housekeeping', () => this.#run(), log);
  }

  /** Deletes what is due by the clock's now; resolves with how many of each. */
  run(): Promise<HousekeepingRun> {
    return this.#job.run();
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
    this.#job.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.#job.stop();
  }
}

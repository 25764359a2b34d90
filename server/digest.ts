// The daily e-mail digest: once a day, from QUYTRINH_DIGEST_HOUR o'clock Vietnam time, each active
// official who chose it and has an e-mail address gets ONE e-mail listing their notifications
// still unread since their last digest. The mail is a row of the outbox (outbox/worker.ts sends
// it, retries it, and an SMTP server down only delays it), written in the transaction that moves
// the official's `digest_sent_at`: a digest is queued once or not at all. Its id — the mail's
// Idempotency-Key and Message-ID — is made of the day and the official, and written with
// ON CONFLICT DO NOTHING, so processes running this side by side queue it once; the official's
// row is taken FOR UPDATE SKIP LOCKED, so they never wait on each other. A run after a restart
// sends what is due (the day's hour passed and no digest since). Nothing unread: no mail, and
// the next digest starts from now.
import { sql, type Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Clock } from './clock.ts';
import type { FlowContext } from './events/index.ts';
import { BackgroundJob } from './background.ts';
import { appendAudit } from './stores/audit.ts';
import { langOfUser, markDigestSent, unreadSinceLastDigest } from './stores/digest.ts';
import { CallStatus } from './outbox/store.ts';
import { digestMail, VIETNAM_OFFSET_MS, type DigestItem } from './digest-mail.ts';

type Db = Kysely<Database>;

export interface DigestSettings {
  /** QUYTRINH_DIGEST_HOUR: the hour of the day (0–23, Vietnam time) digests go out from; default 7 */
  hour: number;
  /** QUYTRINH_PUBLIC_URL: the address officials open quytrinh at, for the links in the mail */
  publicUrl: string;
  /** how often to look whether digests are due, ms; null: only when run() is called (tests) */
  intervalMs: number | null;
}

export const DEFAULT_DIGEST: DigestSettings = { hour: 7, publicUrl: 'http://127.0.0.1:3000', intervalMs: null };

/** At most this many notifications are listed in one mail; the rest are in the bell. */
export const DIGEST_MAX_ITEMS = 50;
const BATCH = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The latest time digests were due at or before `now` (today's hour in Vietnam, else yesterday's) and its local day. */
export function digestDue(now: Date, hour: number): { at: Date; day: string } {
  const local = now.getTime() + VIETNAM_OFFSET_MS;
  let at = local - (local % DAY_MS) + hour * 60 * 60 * 1000; // today's hour on the local clock
  if (at > local) at -= DAY_MS;
  return { at: new Date(at - VIETNAM_OFFSET_MS), day: new Date(at).toISOString().slice(0, 10) };
}

/** The outbox id of an official's digest of a day: the same in every process. */
export const digestCallId = (day: string, userId: string) => `digest.${day}.${userId}`;

export interface DigestRun {
  /** digests queued in the outbox */
  queued: number;
  /** officials due with nothing unread: no mail, their next digest starts from now */
  empty: number;
}

export class DigestJob {
  #ctx: FlowContext;
  #clock: Clock;
  #settings: DigestSettings;
  #job: BackgroundJob<DigestRun>;

  constructor(ctx: FlowContext, clock: Clock, settings: DigestSettings, log: (msg: string, err?: unknown) => void = () => {}) {
    this.#ctx = ctx;
    this.#clock = clock;
    this.#settings = { ...settings, publicUrl: settings.publicUrl.replace(/\/+$/, '') };
    this.#job = new BackgroundJob('e-mail digest', () => this.#run(), log);
  }

  /** Queues every digest due by the clock's now; the outbox worker sends them. */
  run(): Promise<DigestRun> {
    return this.#job.run();
  }

  start(): void {
    if (this.#settings.intervalMs !== null) this.#job.start(this.#settings.intervalMs);
  }

  stop(): Promise<void> {
    return this.#job.stop();
  }

  async #run(): Promise<DigestRun> {
    const now = this.#clock.now();
    const due = digestDue(now, this.#settings.hour);
    const out: DigestRun = { queued: 0, empty: 0 };
    let after = '';
    for (;;) {
      const ids = await dueOfficials(this.#ctx.db, due.at).where('id', '>', after).orderBy('id').limit(BATCH).execute();
      for (const { id } of ids) {
        const r = await this.#ctx.db.transaction().execute((tx) => this.#one(tx, id, now, due));
        if (r) out[r]++;
      }
      if (ids.length < BATCH) break;
      after = ids[ids.length - 1]!.id;
    }
    if (out.queued) {
      this.#ctx.chainer?.kick();
      this.#ctx.calls?.kick();
    }
    return out;
  }

  /** One official's digest, in its own transaction; null: another process has them, or they are no longer due. */
  async #one(tx: Db, userId: string, now: Date, due: { at: Date; day: string }): Promise<keyof DigestRun | null> {
    const user = await dueOfficials(tx, due.at)
      .select(['email', 'lang', 'display_name'])
      .where('id', '=', userId)
      .modifyEnd(sql`FOR UPDATE SKIP LOCKED`)
      .executeTakeFirst();
    if (!user?.email) return null;
    const content = await unreadSinceLastDigest(tx, userId, DIGEST_MAX_ITEMS + 1, now);
    const unread = content?.notifications ?? [];
    await markDigestSent(tx, userId, now);
    if (unread.length === 0) return 'empty';
    const listed = unread.slice(0, DIGEST_MAX_ITEMS);
    const lang = langOfUser(user.lang);
    const mail = digestMail({
      lang,
      displayName: user.display_name,
      items: await this.#items(tx, listed),
      more: unread.length > listed.length,
      publicUrl: this.#settings.publicUrl,
      day: due.day,
    });
    const id = digestCallId(due.day, userId);
    const written = await tx
      .insertInto('outbox')
      .values({
        id,
        case_id: null,
        invoke_id: 'digest',
        service: 'email',
        input: JSON.stringify({ to: user.email, lang, subject: { [lang]: mail.subject }, body: { [lang]: mail.body } }),
        handles_error: false,
        cause: JSON.stringify({ type: 'digest', at: now.toISOString(), userId, day: due.day }),
        status: CallStatus.Pending,
        next_at: now,
        created_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!written) return null; // queued by another process already
    await appendAudit(tx, { at: now, actorId: 'system', action: 'digest.queued', caseId: null, detail: { call: id, userId, notifications: listed.length } });
    return 'queued';
  }

  /** Each notification with its case's procedure title and current step, in words. */
  async #items(tx: Db, notifications: { caseId: string; caseNumber: string; message: DigestItem['message']; createdAt: string }[]): Promise<DigestItem[]> {
    const caseIds = [...new Set(notifications.map((n) => n.caseId))];
    const cases = await tx.selectFrom('cases').select(['id', 'procedure_key', 'procedure_version', 'state_title']).where('id', 'in', caseIds).execute();
    const byId = new Map<string, { procedureTitle: DigestItem['procedureTitle']; stepTitle: DigestItem['stepTitle'] }>();
    for (const c of cases) {
      const version = await this.#ctx.procedures.get(tx, c.procedure_key, c.procedure_version);
      byId.set(c.id, { procedureTitle: version?.procedure.title ?? { vi: '', en: '' }, stepTitle: c.state_title as DigestItem['stepTitle'] });
    }
    return notifications.map((n) => ({ ...n, ...byId.get(n.caseId)! }));
  }
}

/** Officials whose digest is due: active, chose it, have an address, and none sent since `at`. */
function dueOfficials(db: Db, at: Date) {
  return db
    .selectFrom('users')
    .select('id')
    .where('active', '=', true)
    .where('email_digest', '=', true)
    .where('email', 'is not', null)
    .where((eb) => eb.or([eb('digest_sent_at', 'is', null), eb('digest_sent_at', '<', at)]));
}

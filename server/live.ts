// WebSocket fan-out. Every process LISTENs on quytrinh_cases; a NOTIFY carries a case id only,
// after commit; each process loads the case once and sends it to those of its subscribers who
// follow `cases` or `case:<id>` and may read it.
import type { WebSocket } from 'ws';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Store } from './db/connect.ts';
import { canReadCase, type SessionUser } from './access.ts';
import { caseQuery, casesChangedSince, caseView, type CaseRowJoined } from './stores/cases.ts';
import type { ProcedureCache } from './stores/procedures.ts';
import { CASES_CHANNEL, NOTIFICATIONS_CHANNEL, payloadIds, type ChangeFeed } from './events/index.ts';
import { langOf, qtError } from './errors.ts';
import { loadNotification } from './stores/notifications.ts';
import type { WsServerMessage } from '../schemas/api/types.ts';

interface Subscriber {
  socket: WebSocket;
  user: SessionUser;
  lang: 'vi' | 'en';
  topics: Set<string>;
}

const TOPIC = /^(cases|case:[0-9a-fA-F-]{36})$/;
const MAX_SINCE = 500;

export class LiveHub {
  #db: Kysely<Database>;
  #store: Store;
  #procedures: ProcedureCache;
  #subs = new Set<Subscriber>();
  #queue: Promise<void> = Promise.resolve();
  #unlisten: (() => Promise<void>) | null = null;
  #unlistenNotifications: (() => Promise<void>) | null = null;
  #log: (msg: string, err?: unknown) => void;
  #feed: ChangeFeed | null;

  constructor(store: Store, procedures: ProcedureCache, log: (msg: string, err?: unknown) => void = () => {}, feed: ChangeFeed | null = null) {
    this.#store = store;
    this.#db = store.db;
    this.#procedures = procedures;
    this.#log = log;
    this.#feed = feed;
  }

  async start(): Promise<void> {
    this.#unlisten = await this.#store.listen(CASES_CHANNEL, (payload) => {
      // One at a time, in the order the notifications came.
      for (const caseId of payloadIds(payload)) {
        this.#queue = this.#queue.then(() => this.#publish(caseId)).catch((err) => this.#log('live: publish failed', err));
      }
    });
    // A notification goes to every connected user holding its role who may read its case, on
    // the same queue: it follows the case update of its event.
    this.#unlistenNotifications = await this.#store.listen(NOTIFICATIONS_CHANNEL, (payload) => {
      for (const id of payloadIds(payload)) {
        this.#queue = this.#queue.then(() => this.#publishNotification(id)).catch((err) => this.#log('live: notification failed', err));
      }
    });
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    this.#unlisten = null;
    await this.#unlistenNotifications?.();
    this.#unlistenNotifications = null;
    for (const s of this.#subs) s.socket.close(1001, 'server closing');
    this.#subs.clear();
    await this.#queue;
  }

  /** Resolves when this process's changes are sent and every notification received so far pushed (tests). */
  async idle(): Promise<void> {
    await this.#feed?.flush();
    await this.#queue;
  }

  get subscriberCount(): number {
    return this.#subs.size;
  }

  add(socket: WebSocket, user: SessionUser, acceptLanguage?: string): void {
    const sub: Subscriber = { socket, user, lang: langOf(acceptLanguage), topics: new Set() };
    this.#subs.add(sub);
    socket.on('close', () => this.#subs.delete(sub));
    socket.on('error', () => this.#subs.delete(sub));
    socket.on('message', (raw) => {
      this.#onMessage(sub, String(raw)).catch((err) => {
        this.#log('live: message failed', err);
        this.#sendError(sub, 'QT_INTERNAL');
      });
    });
  }

  #send(sub: Subscriber, msg: WsServerMessage) {
    this.#sendEncoded(sub, JSON.stringify(msg));
  }

  /** A message as its JSON text, or as its UTF-8 bytes when it goes to many (encoded once). */
  #sendEncoded(sub: Subscriber, json: string | Buffer) {
    if (sub.socket.readyState === sub.socket.OPEN) sub.socket.send(json, { binary: false });
  }

  #sendError(sub: Subscriber, code: Parameters<typeof qtError>[0], message?: string) {
    const err = qtError(code);
    this.#send(sub, { type: 'error', code, message: message ?? err.messages[sub.lang] });
  }

  async #onMessage(sub: Subscriber, raw: string) {
    let msg: { type?: unknown; topics?: unknown; since?: unknown };
    try {
      msg = JSON.parse(raw);
    } catch {
      return this.#sendError(sub, 'QT_VALIDATION');
    }
    if (!msg || typeof msg !== 'object') return this.#sendError(sub, 'QT_VALIDATION');
    const topics = Array.isArray(msg.topics) ? msg.topics.filter((t): t is string => typeof t === 'string') : [];
    switch (msg.type) {
      case 'ping':
        return this.#send(sub, { type: 'pong' });
      case 'subscribe': {
        if (!Array.isArray(msg.topics) || topics.length !== msg.topics.length || topics.some((t) => !TOPIC.test(t))) {
          return this.#sendError(sub, 'QT_VALIDATION', sub.lang === 'en'
            ? 'Topics are "cases" or "case:<id>".'
            : 'Chủ đề là "cases" hoặc "case:<id>".');
        }
        topics.forEach((t) => sub.topics.add(t));
        this.#send(sub, { type: 'subscribed', topics: [...sub.topics].sort() });
        if (typeof msg.since === 'number' && Number.isSafeInteger(msg.since) && msg.since >= 0) {
          // In the same queue as live pushes: a push never overtakes an older catch-up row.
          const since = msg.since;
          const run = this.#queue.then(() => this.#catchUp(sub, topics, since));
          this.#queue = run.catch(() => {});
          await run;
        }
        return;
      }
      case 'unsubscribe':
        topics.forEach((t) => sub.topics.delete(t));
        return this.#send(sub, { type: 'subscribed', topics: [...sub.topics].sort() });
      default:
        return this.#sendError(sub, 'QT_VALIDATION');
    }
  }

  /** A reconnecting client gets the current state of every case changed after `since`. */
  async #catchUp(sub: Subscriber, topics: string[], since: number) {
    const ids = topics.filter((t) => t.startsWith('case:')).map((t) => t.slice(5));
    const all = topics.includes('cases');
    if (!all && ids.length === 0) return;
    const rows = await casesChangedSince(this.#db, sub.user, since, all ? 'all' : ids, MAX_SINCE);
    for (const row of rows) this.#send(sub, await this.#message(row));
  }

  async #message(row: CaseRowJoined): Promise<Extract<WsServerMessage, { type: 'case.updated' }>> {
    const version = await this.#procedures.get(this.#db, row.procedure_key, row.procedure_version);
    return { type: 'case.updated', seq: Number(row.last_seq), case: caseView(row, version?.procedure.title ?? { vi: row.procedure_key, en: row.procedure_key }) };
  }

  async #publish(caseId: string) {
    const targets = [...this.#subs].filter((s) => s.topics.has('cases') || s.topics.has(`case:${caseId}`));
    if (targets.length === 0) return;
    // Another database on the same server (e.g. another test schema) may notify this channel too.
    const row = await caseQuery(this.#db).where('c.id', '=', caseId).executeTakeFirst();
    if (!row) return;
    const readers = targets.filter((s) => canReadCase(s.user, row));
    if (readers.length === 0) return;
    // one JSON text and one UTF-8 encoding for all of them, not one per subscriber
    const json = Buffer.from(JSON.stringify(await this.#message(row)));
    for (const s of readers) this.#sendEncoded(s, json);
  }

  async #publishNotification(id: string) {
    if (this.#subs.size === 0) return;
    const found = await loadNotification(this.#db, id); // null: another database's (see #publish)
    if (!found) return;
    const readers = [...this.#subs].filter((s) => s.user.roles.includes(found.notification.role) && canReadCase(s.user, found.scope));
    if (readers.length === 0) return;
    const json = Buffer.from(JSON.stringify({ type: 'notification', notification: found.notification }));
    for (const s of readers) this.#sendEncoded(s, json);
  }
}

// WebSocket fan-out. Every process LISTENs on quytrinh_cases; a NOTIFY carries a case id only,
// after commit; each process loads the case once and sends it to those of its subscribers who
// follow `cases` or `case:<id>` and may read it. A socket lives as long as its session: before
// each batch of pushes the sessions of all sockets are checked in one statement.
import type { WebSocket } from 'ws';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Store } from './db/connect.ts';
import type { Clock } from './clock.ts';
import { canReadCase, type SessionUser } from './access.ts';
import { caseQuery, casesChangedSince, caseView, type CaseRowJoined } from './stores/cases.ts';
import { sessionStates } from './stores/users.ts';
import type { ProcedureCache } from './stores/procedures.ts';
import { CASES_CHANNEL, NOTIFICATIONS_CHANNEL, payloadIds, type ChangeFeed } from './events/index.ts';
import { langOf, qtError, type ErrorCode } from './errors.ts';
import { CloseCode, DEFAULT_LIVE_LIMITS, type ConnectionStats, type LiveLimits } from './live-limits.ts';
import { loadNotification } from './stores/notifications.ts';
import type { WsServerMessage } from '../schemas/api/types.ts';

interface Subscriber {
  socket: WebSocket;
  user: SessionUser;
  /** the session row's key (the token's hash) */
  sessionId: string;
  lang: 'vi' | 'en';
  topics: Set<string>;
  stats: ConnectionStats;
  /** the seq of each case last sent here, so a catch-up sends no case the client already has */
  sent: Map<string, number>;
  lastCatchUp: number | null;
  messages: { windowStart: number; count: number; told: boolean };
}

type Verified = () => Promise<void>;

const TOPIC = /^(cases|case:[0-9a-fA-F-]{36})$/;
const MAX_SINCE = 500;
const MAX_TOPICS = 200;
/** cases remembered per socket in `sent`: two catch-ups' worth */
const SENT_MEMORY = 2 * MAX_SINCE;

/** A server-to-client text frame's header: 2 bytes, 4 past 125 bytes, 10 past 65,535. */
const frameBytes = (size: number) => size + (size < 126 ? 2 : size < 65_536 ? 4 : 10);

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r, i) => r === b[i]);

export class LiveHub {
  #db: Kysely<Database>;
  #store: Store;
  #procedures: ProcedureCache;
  #clock: Clock;
  #limits: LiveLimits;
  #subs = new Set<Subscriber>();
  /** sockets per user until their 'close' (a socket being closed still holds its buffer) */
  #connections = new Map<string, number>();
  /** per user, when their catch-ups of the last window ran */
  #catchUps = new Map<string, number[]>();
  #queue: Promise<void> = Promise.resolve();
  #pending: { kind: 'case' | 'notification'; id: string }[] = [];
  #drainQueued = false;
  #unlisten: (() => Promise<void>) | null = null;
  #unlistenNotifications: (() => Promise<void>) | null = null;
  #log: (msg: string, err?: unknown) => void;
  #feed: ChangeFeed | null;

  constructor(
    store: Store,
    procedures: ProcedureCache,
    opts: { clock: Clock; log?: (msg: string, err?: unknown) => void; feed?: ChangeFeed | null; limits?: Partial<LiveLimits> },
  ) {
    this.#store = store;
    this.#db = store.db;
    this.#procedures = procedures;
    this.#clock = opts.clock;
    this.#log = opts.log ?? (() => {});
    this.#feed = opts.feed ?? null;
    this.#limits = { ...DEFAULT_LIVE_LIMITS, ...opts.limits };
  }

  async start(): Promise<void> {
    this.#unlisten = await this.#store.listen(CASES_CHANNEL, (payload) => this.#enqueue('case', payload));
    // A notification goes to every connected user holding its role who may read its case, in
    // the same batches: it follows the case update of its event.
    this.#unlistenNotifications = await this.#store.listen(NOTIFICATIONS_CHANNEL, (payload) => this.#enqueue('notification', payload));
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    this.#unlisten = null;
    await this.#unlistenNotifications?.();
    this.#unlistenNotifications = null;
    for (const s of this.#subs) s.socket.close(CloseCode.GoingAway, 'server closing');
    this.#subs.clear();
    await this.#queue;
  }

  /**
   * Closes the sockets whose session ended though nothing was pushed to them since (idle expiry,
   * a deactivation in another process): run every minute (app.ts), in turn with the pushes.
   */
  sweep(): Promise<void> {
    this.#queue = this.#queue.then(() => this.#verify([...this.#subs])).catch((err) => this.#log('live: session sweep failed', err));
    return this.#queue;
  }

  /** Resolves when this process's changes are sent and every notification received so far pushed (tests). */
  async idle(): Promise<void> {
    await this.#feed?.flush();
    await this.#queue;
  }

  get subscriberCount(): number {
    return this.#subs.size;
  }

  /** Bytes waiting to be sent on the open sockets (metrics). */
  bufferedBytes(): number {
    let n = 0;
    for (const s of this.#subs) n += s.socket.bufferedAmount;
    return n;
  }

  /** The open sockets' traffic; each object keeps being updated, and says how it was closed. */
  connections(): ConnectionStats[] {
    return [...this.#subs].map((s) => s.stats);
  }

  /** Whether this user may open one more socket (checked before the handshake). */
  admits(userId: string): boolean {
    return (this.#connections.get(userId) ?? 0) < this.#limits.connectionsPerUser;
  }

  add(socket: WebSocket, user: SessionUser, sessionId: string, acceptLanguage?: string): void {
    const sub: Subscriber = {
      socket,
      user,
      sessionId,
      lang: langOf(acceptLanguage),
      topics: new Set(),
      stats: { userId: user.id, bytesSent: 0, peakBuffered: 0, closed: null },
      sent: new Map(),
      lastCatchUp: null,
      messages: { windowStart: this.#clock.now().getTime(), count: 0, told: false },
    };
    const open = (this.#connections.get(user.id) ?? 0) + 1;
    this.#connections.set(user.id, open);
    socket.once('close', () => {
      this.#subs.delete(sub);
      const left = (this.#connections.get(user.id) ?? 1) - 1;
      if (left > 0) this.#connections.set(user.id, left);
      else this.#connections.delete(user.id);
    });
    socket.on('error', () => this.#subs.delete(sub));
    this.#subs.add(sub);
    // two handshakes that passed `admits` at the same time
    if (open > this.#limits.connectionsPerUser) return this.#drop(sub, CloseCode.PolicyViolation, 'QT_LIVE_TOO_MANY_CONNECTIONS', true);
    socket.on('message', (raw) => {
      this.#onMessage(sub, String(raw)).catch((err) => {
        this.#log('live: message failed', err);
        this.#sendError(sub, 'QT_INTERNAL');
      });
    });
  }

  /** Closes the sockets of a session that ended here (logout, a new sign-in in that browser). */
  closeSession(sessionId: string): void {
    for (const s of this.#subs) if (s.sessionId === sessionId) this.#drop(s, CloseCode.PolicyViolation, 'QT_UNAUTHENTICATED', true);
  }

  /** Closes every socket of a user whose account changed (deactivated, roles, unit, password), or who signed out everywhere. */
  closeUser(userId: string, reason: 'QT_ACCOUNT_CHANGED' | 'QT_UNAUTHENTICATED' = 'QT_ACCOUNT_CHANGED'): void {
    for (const s of this.#subs) if (s.user.id === userId) this.#drop(s, CloseCode.PolicyViolation, reason, true);
  }

  /** Stops sending to a socket and closes it with a coded reason, told first when it still reads. */
  #drop(sub: Subscriber, code: number, reason: ErrorCode, tell: boolean) {
    if (sub.stats.closed) return;
    this.#subs.delete(sub);
    if (tell) this.#sendError(sub, reason);
    if (sub.stats.closed) return; // telling it went over its buffer: closed for that
    sub.stats.closed = { code, reason };
    sub.socket.close(code, reason);
  }

  #send(sub: Subscriber, msg: WsServerMessage): boolean {
    return this.#sendEncoded(sub, JSON.stringify(msg));
  }

  /** A message as its JSON text, or as its UTF-8 bytes when it goes to many (encoded once). */
  #sendEncoded(sub: Subscriber, json: string | Buffer): boolean {
    if (sub.stats.closed || sub.socket.readyState !== sub.socket.OPEN) return false;
    const size = frameBytes(typeof json === 'string' ? Buffer.byteLength(json) : json.length);
    const waiting = sub.socket.bufferedAmount;
    // A client that does not read would make this process hold every push for it.
    if (waiting > 0 && waiting + size > this.#limits.bufferBytes) {
      this.#drop(sub, CloseCode.TryAgainLater, 'QT_LIVE_TOO_SLOW', false);
      return false;
    }
    sub.socket.send(json, { binary: false });
    sub.stats.bytesSent += size;
    sub.stats.peakBuffered = Math.max(sub.stats.peakBuffered, sub.socket.bufferedAmount);
    return true;
  }

  #sendError(sub: Subscriber, code: ErrorCode, message?: string) {
    this.#send(sub, { type: 'error', code, message: message ?? qtError(code).messages[sub.lang] });
  }

  /** Notes a case as sent to this socket at this seq; false when it already has that one or newer. */
  #remember(sub: Subscriber, caseId: string, seq: number): boolean {
    if ((sub.sent.get(caseId) ?? -1) >= seq) return false;
    sub.sent.delete(caseId);
    sub.sent.set(caseId, seq);
    if (sub.sent.size > SENT_MEMORY) sub.sent.delete(sub.sent.keys().next().value!);
    return true;
  }

  /** Counts a socket's messages per minute of the clock; past the limit, says so once and ignores them. */
  #overMessageLimit(sub: Subscriber, now: number): boolean {
    const m = sub.messages;
    if (now < m.windowStart || now - m.windowStart >= 60_000) Object.assign(m, { windowStart: now, count: 0, told: false });
    if (++m.count <= this.#limits.messagesPerMinute) return false;
    if (!m.told) {
      m.told = true;
      this.#sendError(sub, 'QT_LIVE_TOO_MANY_MESSAGES');
    }
    return true;
  }

  /** A catch-up per socket per window, and per user as many as the sockets they may hold (reconnecting gives no fresh allowance). */
  #mayCatchUp(sub: Subscriber, now: number): boolean {
    const every = this.#limits.catchUpEveryMs;
    const recent = (t: number) => t <= now && now - t < every;
    if (sub.lastCatchUp !== null && recent(sub.lastCatchUp)) return false;
    if (this.#catchUps.size > 1024) for (const [id, times] of this.#catchUps) if (!times.some(recent)) this.#catchUps.delete(id);
    const times = (this.#catchUps.get(sub.user.id) ?? []).filter(recent);
    if (times.length >= this.#limits.connectionsPerUser) return false;
    this.#catchUps.set(sub.user.id, [...times, now]);
    sub.lastCatchUp = now;
    return true;
  }

  async #onMessage(sub: Subscriber, raw: string) {
    if (sub.stats.closed || this.#overMessageLimit(sub, this.#clock.now().getTime())) return;
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
        this.#send(sub, { type: 'pong' });
        return;
      case 'subscribe': {
        if (!Array.isArray(msg.topics) || topics.length !== msg.topics.length || topics.some((t) => !TOPIC.test(t))) {
          return this.#sendError(sub, 'QT_VALIDATION', sub.lang === 'en'
            ? 'Topics are "cases" or "case:<id>".'
            : 'Chủ đề là "cases" hoặc "case:<id>".');
        }
        if (new Set([...sub.topics, ...topics]).size > MAX_TOPICS) {
          return this.#sendError(sub, 'QT_VALIDATION', sub.lang === 'en'
            ? `A connection follows at most ${MAX_TOPICS} topics; unsubscribe from some first.`
            : `Một kết nối theo dõi tối đa ${MAX_TOPICS} chủ đề; hãy bỏ theo dõi bớt trước.`);
        }
        topics.forEach((t) => sub.topics.add(t));
        this.#send(sub, { type: 'subscribed', topics: [...sub.topics].sort() });
        if (typeof msg.since === 'number' && Number.isSafeInteger(msg.since) && msg.since >= 0) {
          if (!this.#mayCatchUp(sub, this.#clock.now().getTime())) return this.#sendError(sub, 'QT_LIVE_CATCH_UP_LIMITED');
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
        this.#send(sub, { type: 'subscribed', topics: [...sub.topics].sort() });
        return;
      default:
        return this.#sendError(sub, 'QT_VALIDATION');
    }
  }

  /** A reconnecting client gets the current state of every case changed after `since` it does not have yet. */
  async #catchUp(sub: Subscriber, topics: string[], since: number) {
    const ids = topics.filter((t) => t.startsWith('case:')).map((t) => t.slice(5));
    const all = topics.includes('cases');
    if (!all && ids.length === 0) return;
    await this.#verify([sub]);
    if (sub.stats.closed) return;
    const rows = await casesChangedSince(this.#db, sub.user, since, all ? 'all' : ids, MAX_SINCE);
    for (const row of rows) {
      if ((sub.sent.get(row.id) ?? -1) >= Number(row.last_seq)) continue;
      if (!this.#send(sub, await this.#message(row))) return;
      this.#remember(sub, row.id, Number(row.last_seq));
    }
  }

  /** Closes the sockets whose session ended (logout, idle expiry, user deactivated) or whose user's roles or unit changed: one statement for all of them. */
  async #verify(subs: Subscriber[]) {
    const open = subs.filter((s) => !s.stats.closed);
    if (open.length === 0) return;
    const states = await sessionStates(this.#db, [...new Set(open.map((s) => s.sessionId))], this.#clock.now());
    for (const s of open) {
      const state = states.get(s.sessionId);
      if (!state?.live) this.#drop(s, CloseCode.PolicyViolation, 'QT_UNAUTHENTICATED', true);
      else if (state.unitId !== s.user.unitId || !sameRoles(state.roles, s.user.roles)) this.#drop(s, CloseCode.PolicyViolation, 'QT_ACCOUNT_CHANGED', true);
    }
  }

  async #message(row: CaseRowJoined): Promise<Extract<WsServerMessage, { type: 'case.updated' }>> {
    const version = await this.#procedures.get(this.#db, row.procedure_key, row.procedure_version);
    return { type: 'case.updated', seq: Number(row.last_seq), case: caseView(row, version?.procedure ?? { title: { vi: row.procedure_key, en: row.procedure_key } }) };
  }

  /** Notifications arrive while a batch is sent; they wait and go in the next one, together. */
  #enqueue(kind: 'case' | 'notification', payload: string) {
    for (const id of payloadIds(payload)) this.#pending.push({ kind, id });
    if (this.#drainQueued) return;
    this.#drainQueued = true;
    this.#queue = this.#queue.then(() => this.#drain()).catch((err) => this.#log('live: publish failed', err));
  }

  async #drain() {
    this.#drainQueued = false;
    const items = this.#pending.splice(0);
    if (this.#subs.size === 0) return;
    // the sessions are checked once for the batch, and only if something is to be sent
    let check: Promise<void> | null = null;
    const verified: Verified = () => (check ??= this.#verify([...this.#subs]));
    const published = new Set<string>(); // its latest state is read once: a later notice of the same case adds nothing
    for (const { kind, id } of items) {
      try {
        if (kind === 'notification') await this.#publishNotification(id, verified);
        else if (!published.has(id)) {
          published.add(id);
          await this.#publish(id, verified);
        }
      } catch (err) {
        this.#log(`live: ${kind} push failed`, err);
      }
    }
  }

  async #publish(caseId: string, verified: Verified) {
    const targets = [...this.#subs].filter((s) => s.topics.has('cases') || s.topics.has(`case:${caseId}`));
    if (targets.length === 0) return;
    // Another database on the same server (e.g. another test schema) may notify this channel too.
    const row = await caseQuery(this.#db).where('c.id', '=', caseId).executeTakeFirst();
    if (!row) return;
    if (!targets.some((s) => canReadCase(s.user, row))) return;
    await verified();
    const seq = Number(row.last_seq);
    const readers = targets.filter((s) => !s.stats.closed && canReadCase(s.user, row) && (s.sent.get(caseId) ?? -1) < seq);
    if (readers.length === 0) return;
    // one JSON text and one UTF-8 encoding for all of them, not one per subscriber
    const json = Buffer.from(JSON.stringify(await this.#message(row)));
    for (const s of readers) if (this.#sendEncoded(s, json)) this.#remember(s, caseId, seq);
  }

  async #publishNotification(id: string, verified: Verified) {
    if (this.#subs.size === 0) return;
    const found = await loadNotification(this.#db, id); // null: another database's (see #publish)
    if (!found) return;
    const mayRead = (s: Subscriber) =>
      !s.stats.closed &&
      s.user.roles.includes(found.notification.role) &&
      (found.userId === null || found.userId === s.user.id) &&
      found.actorId !== s.user.id &&
      canReadCase(s.user, found.scope);
    if (![...this.#subs].some(mayRead)) return;
    await verified();
    const readers = [...this.#subs].filter(mayRead);
    if (readers.length === 0) return;
    const json = Buffer.from(JSON.stringify({ type: 'notification', notification: found.notification }));
    for (const s of readers) this.#sendEncoded(s, json);
  }
}

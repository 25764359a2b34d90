// The WebSocket client of GET /ws: subscribes to topics, reconnects with back-off and resumes
// from the last sequence number it saw (`since`), so a page never polls.
import { checkSession, sessionEnded } from './client.ts';
import type { AppNotification, Case, WsServerMessage } from './types.ts';

export const LiveStatus = { Idle: 'idle', Connecting: 'connecting', Open: 'open', Offline: 'offline' } as const;
export type LiveStatus = (typeof LiveStatus)[keyof typeof LiveStatus];

type CaseHandler = (c: Case) => void;

interface Subscription {
  topics: Set<string>;
  onCase: CaseHandler;
  onReopen?: () => void;
}

const PING_MS = 25_000;
const MAX_BACKOFF_MS = 15_000;

export class LiveConnection {
  status = $state<LiveStatus>(LiveStatus.Idle);
  #url: string;
  #ws: WebSocket | null = null;
  #subs = new Set<Subscription>();
  #lastSeq: number | undefined;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #wanted = false;
  #openedBefore = false;
  #onNotification = new Set<(n: AppNotification) => void>();

  constructor(url?: string) {
    this.#url = url ?? LiveConnection.defaultUrl();
  }

  static defaultUrl(): string {
    const { protocol, host } = globalThis.location ?? { protocol: 'http:', host: 'localhost' };
    return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/ws`;
  }

  /** Opens the socket (after login); safe to call twice. */
  start(): void {
    this.#wanted = true;
    if (!this.#ws) this.#open();
  }

  /** Closes the socket for good (logout). */
  stop(): void {
    this.#wanted = false;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    this.#ws?.close();
    this.#ws = null;
    this.#lastSeq = undefined;
    this.#openedBefore = false;
    this.status = LiveStatus.Idle;
  }

  /**
   * Receives every case update on these topics (`cases`, `case:<id>`) until the returned
   * function is called. `onReopen` runs after a reconnect, for pages that refetch.
   */
  subscribe(topics: string[], onCase: CaseHandler, onReopen?: () => void): () => void {
    const sub: Subscription = { topics: new Set(topics), onCase, onReopen };
    this.#subs.add(sub);
    this.#send({ type: 'subscribe', topics });
    return () => {
      this.#subs.delete(sub);
      const still = this.#allTopics();
      const gone = topics.filter((t) => !still.has(t));
      if (gone.length) this.#send({ type: 'unsubscribe', topics: gone });
    };
  }

  /** Receives every notification pushed to this user (no topic needed) until the returned function is called. */
  onNotification(handler: (n: AppNotification) => void): () => void {
    this.#onNotification.add(handler);
    return () => this.#onNotification.delete(handler);
  }

  #allTopics(): Set<string> {
    const all = new Set<string>();
    for (const s of this.#subs) for (const t of s.topics) all.add(t);
    return all;
  }

  #send(msg: unknown): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(msg));
  }

  #open(): void {
    this.status = LiveStatus.Connecting;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.#url);
    } catch {
      this.#scheduleRetry();
      return;
    }
    this.#ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.#attempt = 0;
      this.status = LiveStatus.Open;
      const topics = [...this.#allTopics()];
      if (topics.length) {
        const msg: Record<string, unknown> = { type: 'subscribe', topics };
        if (this.#lastSeq !== undefined) msg.since = this.#lastSeq;
        ws.send(JSON.stringify(msg));
      }
      clearInterval(this.#pingTimer);
      this.#pingTimer = setInterval(() => this.#send({ type: 'ping' }), PING_MS);
      if (this.#openedBefore) for (const s of this.#subs) s.onReopen?.();
      this.#openedBefore = true;
    };
    ws.onmessage = (ev) => this.#receive(ev.data);
    ws.onclose = (ev) => {
      clearInterval(this.#pingTimer);
      if (this.#ws === ws) this.#ws = null;
      // the session ended (logout elsewhere, expiry, deactivation): retrying would be refused
      // forever; the page goes back to the sign-in. A changed account reconnects as it now is.
      if (ev.code === 1008 && ev.reason === 'QT_UNAUTHENTICATED') {
        this.stop();
        sessionEnded();
      } else if (this.#wanted) {
        // refused before it opened: the server is away, or the session has ended (a 401 to the
        // handshake, which a browser does not show): asking the API tells which
        if (!opened) void checkSession();
        this.#scheduleRetry();
      }
    };
    ws.onerror = () => ws.close();
  }

  #scheduleRetry(): void {
    this.status = LiveStatus.Offline;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.#attempt) * (0.75 + Math.random() * 0.5);
    this.#attempt++;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      if (this.#wanted && !this.#ws) this.#open();
    }, delay);
  }

  #receive(raw: unknown): void {
    let msg: WsServerMessage;
    try {
      msg = JSON.parse(String(raw)) as WsServerMessage;
    } catch {
      return;
    }
    if (msg.type === 'notification' && msg.notification) {
      for (const h of this.#onNotification) h(msg.notification);
      return;
    }
    if (msg.type !== 'case.updated' || !msg.case) return;
    if (typeof msg.seq === 'number') this.#lastSeq = Math.max(this.#lastSeq ?? 0, msg.seq);
    const topicOfCase = `case:${msg.case.id}`;
    for (const s of this.#subs) {
      if (s.topics.has('cases') || s.topics.has(topicOfCase)) s.onCase(msg.case);
    }
  }
}

/** The one connection of the app. */
export const live = new LiveConnection();

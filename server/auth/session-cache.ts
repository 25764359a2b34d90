// Sessions remembered for a minute, for routes whose write statement checks the session again
// itself (the events route: server/events/write-event.ts). A session that ended, or a user whose
// roles or unit changed, is caught by that statement; the cache only saves the lookup before it.
import { LRUCache } from 'lru-cache';
import type { SessionUser } from '../access.ts';

export class SessionCache {
  #entries: LRUCache<string, SessionUser>;
  /** the caller's clock (the app's Clock), read by lru-cache for the entries' age */
  #now = 0;

  constructor(maxAgeMs = 60_000, max = 10_000) {
    // lru-cache keeps an entry while its age <= ttl: this one is kept while under maxAgeMs (ms are
    // whole); ttlResolution 0 reads #now at every call, never an earlier time it cached
    this.#entries = new LRUCache({ max, ttl: maxAgeMs - 1, ttlResolution: 0, perf: { now: () => this.#now } });
  }

  get(tokenId: string, nowMs: number): SessionUser | null {
    this.#now = nowMs;
    return this.#entries.get(tokenId) ?? null;
  }

  set(tokenId: string, user: SessionUser, nowMs: number): void {
    this.#now = nowMs;
    this.#entries.set(tokenId, user);
  }

  delete(tokenId: string): void {
    this.#entries.delete(tokenId);
  }
}

// Sessions remembered for a minute, for routes whose write statement checks the session again
// itself (the events route: server/event-write.ts). A session that ended, or a user whose roles
// or unit changed, is caught by that statement; the cache only saves the lookup before it.
import type { SessionUser } from '../access.ts';

export class SessionCache {
  #entries = new Map<string, { user: SessionUser; until: number }>();
  #maxAgeMs: number;
  #max: number;

  constructor(maxAgeMs = 60_000, max = 10_000) {
    this.#maxAgeMs = maxAgeMs;
    this.#max = max;
  }

  get(tokenId: string, nowMs: number): SessionUser | null {
    const e = this.#entries.get(tokenId);
    if (!e) return null;
    if (nowMs >= e.until) {
      this.#entries.delete(tokenId);
      return null;
    }
    return e.user;
  }

  set(tokenId: string, user: SessionUser, nowMs: number): void {
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(tokenId, { user, until: nowMs + this.#maxAgeMs });
  }

  delete(tokenId: string): void {
    this.#entries.delete(tokenId);
  }
}

// What a WebSocket and a user may take from one process (QUYTRINH_WS_*), the close codes the hub
// uses, and what it counts per socket: the hub's settings and readings, apart from the hub.
import type { ErrorCode } from './errors.ts';

/** What one socket and one user may take from this process (server/README.md, QUYTRINH_WS_*). */
export interface LiveLimits {
  /** bytes a socket may have waiting to be sent; a consumer that would go past it is closed (1013) */
  bufferBytes: number;
  /** a socket catches up (`since`) at most once per this many ms, a user at most `connectionsPerUser` times */
  catchUpEveryMs: number;
  /** sockets open at once per user; the next handshake is refused (429) */
  connectionsPerUser: number;
  /** messages a socket may send per minute; the rest are ignored */
  messagesPerMinute: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  bufferBytes: 4 * 1024 * 1024,
  catchUpEveryMs: 10_000,
  connectionsPerUser: 8,
  messagesPerMinute: 120,
};

/** Close codes (RFC 6455 §7.4.1); the close reason is an error code of server/errors.ts. */
export const CloseCode = { GoingAway: 1001, PolicyViolation: 1008, TryAgainLater: 1013 } as const;

/** One socket's traffic, kept up to date by the hub (operators, tests). */
export interface ConnectionStats {
  readonly userId: string;
  /** bytes handed to the socket, frames included */
  bytesSent: number;
  /** the most bytes it had waiting to be sent, right after a send */
  peakBuffered: number;
  /** how this server closed it, once it did */
  closed: { code: number; reason: ErrorCode } | null;
}

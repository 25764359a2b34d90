// What a service runner is handed and answers (webhook.ts, email.ts, document.ts).
import type { ServiceError } from '../../engine/index.ts';
export interface ServiceCall {
  /** the call's id: the Idempotency-Key of every attempt */
  id: string;
  service: string;
  /** the step's input, placeholders filled in */
  input: Record<string, unknown>;
  /** 1 for the first attempt */
  attempt: number;
  /** the step's id in the procedure */
  invoke: string;
  /** null: a call of no case (an official's e-mail digest) */
  case: { id: string; number: string; procedure: string; version: number; state: string; data: Record<string, unknown> } | null;
  /** the event that entered the step */
  event: { type: string; at: string };
  /** the clock's time of this attempt */
  now: Date;
}

export interface ServiceFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export type ServiceOutcome =
  | { ok: true; result: Record<string, unknown>; attachment?: ServiceFile }
  /** retry: false for a refusal no attempt can change (an address not allowed) */
  | { ok: false; error: ServiceError; retry: boolean };

export type ServiceRunner = (call: ServiceCall, signal: AbortSignal) => Promise<ServiceOutcome>;

export interface AutomationSettings {
  /** QUYTRINH_SERVICE_ATTEMPTS: attempts before onError or an incident (default 5) */
  attempts: number;
  /** QUYTRINH_SERVICE_RETRY_BASE_MS: the first delay, doubled at each attempt, with jitter (default 2000) */
  retryBaseMs: number;
  /** QUYTRINH_SERVICE_TIMEOUT_MS: an attempt taking longer fails (default 30000); the claim lasts twice that */
  timeoutMs: number;
  /** run calls every N ms in the background; null: only when runDue() is called (tests) */
  intervalMs: number | null;
  /** QUYTRINH_WEBHOOK_ALLOW: URL prefixes webhooks may be sent to (none by default) */
  webhookAllow: string[];
  /** QUYTRINH_WEBHOOK_SECRET: the HMAC key of X-Quytrinh-Signature */
  webhookSecret: string | null;
  /** QUYTRINH_SMTP_URL: where e-mail is sent (smtp://user:pass@host:port) */
  smtpUrl: string | null;
  /** QUYTRINH_SMTP_FROM: the sender */
  smtpFrom: string;
  /** runners by service name, replacing the built-in ones (tests) */
  runners?: Record<string, ServiceRunner>;
}

export const DEFAULT_AUTOMATION: AutomationSettings = {
  attempts: 5,
  retryBaseMs: 2000,
  timeoutMs: 30_000,
  intervalMs: null,
  webhookAllow: [],
  webhookSecret: null,
  smtpUrl: null,
  smtpFrom: 'quytrinh@localhost',
};

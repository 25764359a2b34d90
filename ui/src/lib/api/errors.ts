// Errors from the API as values the UI can switch on: the server's code, status and both texts.
import type { Text } from './types.ts';

export const ErrorCode = {
  Network: 'QT_NETWORK',
  Unauthenticated: 'QT_UNAUTHENTICATED',
  LoginFailed: 'QT_LOGIN_FAILED',
  RateLimited: 'QT_RATE_LIMITED',
  Forbidden: 'QT_FORBIDDEN',
  NotFound: 'QT_NOT_FOUND',
  VersionConflict: 'QT_CASE_VERSION_CONFLICT',
  FormInvalid: 'QT_FORM_INVALID',
  GuardRefused: 'QT_GUARD_REFUSED',
  EventNotAvailable: 'QT_EVENT_NOT_AVAILABLE',
  RoleNotAllowed: 'QT_ROLE_NOT_ALLOWED',
  CaseClosed: 'QT_CASE_CLOSED',
  PayloadTooLarge: 'QT_PAYLOAD_TOO_LARGE',
  Validation: 'QT_VALIDATION',
  DatabaseUnavailable: 'QT_DATABASE_UNAVAILABLE',
  PasswordChangeRequired: 'QT_PASSWORD_CHANGE_REQUIRED',
  Unknown: 'QT_UNKNOWN',
} as const;

export interface FieldProblem {
  field?: string;
  message: string;
  /** both languages, when the server gave them (a procedure's problems) */
  messages?: Text;
}

const isText = (v: unknown): v is Text => !!v && typeof v === 'object' && typeof (v as Text).vi === 'string' && typeof (v as Text).en === 'string';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: Text | null;
  readonly details: FieldProblem[];

  constructor(status: number, code: string, message: string, messages: Text | null = null, details: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messages = messages;
    this.details = details;
  }

  /** The server's text in the reader's language, else its default message. */
  text(lang: 'vi' | 'en'): string {
    return this.messages?.[lang] || this.message;
  }
}

/** Builds an ApiError from a response body of the shape `{error:{code,message,messages,details}}`. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const err = (body as { error?: Record<string, unknown> } | null)?.error;
  if (err && typeof err === 'object') {
    const code = typeof err.code === 'string' ? err.code : ErrorCode.Unknown;
    const message = typeof err.message === 'string' ? err.message : `HTTP ${status}`;
    const m = err.messages as Partial<Text> | undefined;
    const messages = m && typeof m.vi === 'string' && typeof m.en === 'string' ? { vi: m.vi, en: m.en } : null;
    const details = Array.isArray(err.details)
      ? err.details.map((d) =>
          typeof d === 'object' && d !== null
            ? isText((d as { message?: unknown }).message)
              ? { field: (d as FieldProblem).field, message: ((d as { message: Text }).message).vi, messages: (d as { message: Text }).message }
              : { field: (d as FieldProblem).field, message: String((d as FieldProblem).message ?? '') }
            : { message: String(d) },
        )
      : [];
    return new ApiError(status, code, message, messages, details);
  }
  const fallback: Record<number, string> = {
    401: ErrorCode.Unauthenticated,
    403: ErrorCode.Forbidden,
    404: ErrorCode.NotFound,
    409: ErrorCode.VersionConflict,
    413: ErrorCode.PayloadTooLarge,
    429: ErrorCode.RateLimited,
    503: ErrorCode.DatabaseUnavailable,
  };
  return new ApiError(status, fallback[status] ?? ErrorCode.Unknown, `HTTP ${status}`);
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** The request field a server error names (its first detail's `field`, without a schema error's `body/`), if any. */
export function errorField(e: ApiError): string | null {
  const field = e.details.find((d) => d.field)?.field;
  return field ? field.replace(/^body\//, '') : null;
}

// The HTTP client: one function per route of docs/api.md, errors thrown as ApiError.
import { ApiError, ErrorCode, errorFromBody } from './errors.ts';
import type {
  AccountAnswer,
  Attachment,
  AttachmentList,
  Case,
  CaseList,
  CaseQuery,
  Dashboard,
  History,
  HolderCandidates,
  MySettings,
  MySettingsBody,
  IncidentList,
  NewUser,
  NotificationList,
  ProcedureDetail,
  ProcedureList,
  ProcedureVersion,
  Report,
  UnitAnswer,
  Units,
  UserAnswer,
  UserImportResult,
  UserPatch,
  Users,
} from '../../../../schemas/api/types.ts';

let language: 'vi' | 'en' = 'vi';
let onUnauthenticated: (() => void) | null = null;

/** The language the server should answer errors in (Accept-Language). */
export function setApiLanguage(lang: 'vi' | 'en'): void {
  language = lang;
}

/** Called when any call other than login answers 401: the session has ended. */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

/** The server ended the session some other way (a WebSocket closed with QT_UNAUTHENTICATED). */
export function sessionEnded(): void {
  onUnauthenticated?.();
}

/** Asks whether the session still holds (a WebSocket handshake was refused): a 401 ends it here too. */
export async function checkSession(): Promise<void> {
  try {
    await request<UserAnswer>('GET', '/api/me');
  } catch {
    /* unreachable or refused: the 401 handler has run if the session ended */
  }
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** 401 is an expected answer (login, me): do not treat it as a lost session. */
  quiet401?: boolean;
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language, ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, ErrorCode.Network, (e as Error).message || 'Network error');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const err = errorFromBody(res.status, json);
    if (res.status === 401 && !opts.quiet401) onUnauthenticated?.();
    throw err;
  }
  return json as T;
}

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A random key so a retried submit records one event (Idempotency-Key). */
export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export const api = {
  login: (username: string, password: string) =>
    request<UserAnswer>('POST', '/api/auth/login', { body: { username, password }, quiet401: true }),
  logout: () => request<void>('POST', '/api/auth/logout', { quiet401: true }),
  logoutEverywhere: () => request<void>('POST', '/api/auth/logout-everywhere'),
  me: () => request<UserAnswer>('GET', '/api/me', { quiet401: true }),
  /** Every other session of the account ends; this browser gets a new cookie. */
  changePassword: (current: string, next: string) => request<UserAnswer>('POST', '/api/me/password', { body: { current, next } }),
  mySettings: () => request<MySettings>('GET', '/api/me/settings'),
  updateMySettings: (body: MySettingsBody) => request<MySettings>('PATCH', '/api/me/settings', { body }),

  units: () => request<Units>('GET', '/api/units'),
  createUnit: (name: string) => request<UnitAnswer>('POST', '/api/units', { body: { name } }),
  users: () => request<Users>('GET', '/api/users'),
  createUser: (user: NewUser) => request<AccountAnswer>('POST', '/api/users', { body: user }),
  updateUser: (id: string, patch: UserPatch) => request<AccountAnswer>('PATCH', `/api/users/${encodeURIComponent(id)}`, { body: patch }),
  importUsers: (csv: string, dryRun: boolean) => request<UserImportResult>('POST', '/api/users/import', { body: { csv, dryRun } }),

  procedures: () => request<ProcedureList>('GET', '/api/procedures'),
  procedure: (key: string) => request<ProcedureDetail>('GET', `/api/procedures/${encodeURIComponent(key)}`),
  procedureVersion: (key: string, version: number) =>
    request<ProcedureVersion>('GET', `/api/procedures/${encodeURIComponent(key)}/versions/${version}`),

  cases: (q: CaseQuery = {}, signal?: AbortSignal) =>
    request<CaseList>('GET', `/api/cases${query({ ...q })}`, { signal }),
  case: (id: string, signal?: AbortSignal) => request<Case>('GET', `/api/cases/${encodeURIComponent(id)}`, { signal }),
  createCase: (procedure: string, data: Record<string, unknown>) =>
    request<Case>('POST', '/api/cases', { body: { procedure, data } }),
  sendEvent: (id: string, type: string, data: Record<string, unknown>, expectedVersion: number, idempotencyKey: string) =>
    request<Case>('POST', `/api/cases/${encodeURIComponent(id)}/events`, {
      body: { type, data, expectedVersion },
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  holderCandidates: (id: string) => request<HolderCandidates>('GET', `/api/cases/${encodeURIComponent(id)}/assignee`),
  /** userId: oneself to take the case, a named official to hand it on, null to release it */
  setAssignee: (id: string, userId: string | null, expectedVersion: number) =>
    request<Case>('POST', `/api/cases/${encodeURIComponent(id)}/assignee`, { body: { userId, expectedVersion } }),
  history: (id: string) => request<History>('GET', `/api/cases/${encodeURIComponent(id)}/history`),
  attachments: (id: string) => request<AttachmentList>('GET', `/api/cases/${encodeURIComponent(id)}/attachments`),
  /** A file for a case that does not exist yet; the server links it when the case names its id. */
  uploadUnattached: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<Attachment>('POST', '/api/attachments', { body: form });
  },
  upload: (caseId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<Attachment>('POST', `/api/cases/${encodeURIComponent(caseId)}/attachments`, { body: form });
  },

  dashboard: () => request<Dashboard>('GET', '/api/dashboard'),
  notifications: (limit = 20) => request<NotificationList>('GET', `/api/notifications${query({ limit })}`),
  /** No ids: all of them. */
  markNotificationsRead: (ids?: string[]) => request<void>('POST', '/api/notifications/read', { body: ids ? { ids } : {} }),
  /** administrators: automated steps that failed after every attempt (of one case with caseId) */
  incidents: (caseId?: string) => request<IncidentList>('GET', `/api/incidents${query({ case: caseId })}`),
  retryIncident: (id: string) => request<void>('POST', `/api/incidents/${encodeURIComponent(id)}/retry`),
  skipIncident: (id: string) => request<void>('POST', `/api/incidents/${encodeURIComponent(id)}/skip`),
  report: (from: string, to: string) => request<Report>('GET', `/api/reports/summary${query({ from, to })}`),
};

export function attachmentUrl(id: string): string {
  return `/api/attachments/${encodeURIComponent(id)}`;
}

export function reportCsvUrl(from: string, to: string, lang: 'vi' | 'en'): string {
  return `/api/reports/summary.csv${query({ from, to, lang })}`;
}

/** The inbox's list (its filter and sort, every page) as CSV, headings in the reader's language. */
export function casesCsvUrl(q: CaseQuery, lang: 'vi' | 'en'): string {
  const { limit: _limit, cursor: _cursor, ...rest } = q;
  return `/api/cases.csv${query({ ...rest, lang })}`;
}

// The JSON shapes of docs/api.md, as the UI reads them.
import type { AvailableAction, Form, Procedure, Text } from '../../../../engine/types.ts';

export type { AvailableAction, Form, Procedure, Text };

export interface User {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
  roles: string[];
}

export interface ProcedureSummary {
  key: string;
  title: Text;
  description: Text;
  latestVersion: number | null;
  hasDraft: boolean;
  start: { roles: string[]; label: Text; form: Form } | null;
}

export interface ProcedureVersion {
  key: string;
  version: number;
  procedure: Procedure;
  publishedAt: string;
  publishedBy: string;
  note: string;
}

export const CaseStatus = { Active: 'active', Done: 'done', Error: 'error' } as const;
export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];

export interface Case {
  id: string;
  number: string;
  procedure: { key: string; version: number; title: Text };
  state: string;
  stateTitle: Text;
  status: CaseStatus;
  data: Record<string, unknown>;
  unitId: string;
  unitName: string;
  assignee: { role?: string; unitId?: string; userId?: string } | null;
  openedBy: { id: string; displayName: string };
  openedAt: string;
  updatedAt: string;
  dueAt: string | null;
  overdue: boolean;
  version: number;
  actions?: AvailableAction[];
}

export interface CasePage {
  cases: Case[];
  nextCursor: string | null;
  counts: Record<string, number>;
}

export interface HistoryEntry {
  seq: number;
  type: string;
  data: Record<string, unknown>;
  actor: { id: string; displayName: string; roles: string[] };
  at: string;
  fromState: string;
  toState: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: { id: string; displayName: string; roles?: string[] } | string;
  action: string;
  detail: unknown;
}

export interface CaseHistory {
  events: HistoryEntry[];
  audit: AuditEntry[];
}

export interface Attachment {
  id: string;
  caseId: string;
  filename: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: string;
}

export interface CaseQuery {
  state?: string;
  procedure?: string;
  unit?: string;
  category?: string;
  overdue?: boolean;
  q?: string;
  mine?: boolean;
  limit?: number;
  cursor?: string;
}

/** A procedure's `notify` effect addressed to one of the user's roles (GET /api/notifications). */
export interface AppNotification {
  id: string;
  caseId: string;
  caseNumber: string;
  role: string;
  message: Text;
  createdAt: string;
  read: boolean;
}

/** Server → client WebSocket messages. */
export type LiveMessage =
  | { type: 'case.updated'; seq: number; case: Case }
  | { type: 'notification'; notification: AppNotification }
  | { type: 'subscribed'; topics: string[] }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };

// The tables, typed once. Repositories are plain functions taking `db: Kysely<Database>`.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** bigint columns come back as string from pg and as number from PGlite: read them through Number(). */
type BigSerial = ColumnType<string | number | bigint, never, never>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface UnitsTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  roles: string[];
  password_hash: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  /** set when an administrator chose the password: every route but /api/me and /api/me/password refuses until it is changed */
  must_change_password: Generated<boolean>;
  last_sign_in_at: Timestamp | null;
  /** also send the unread notifications by e-mail, as a digest */
  email_digest: Generated<boolean>;
  /** when the last digest was sent: the next lists what came after */
  digest_sent_at: Timestamp | null;
  /** where the digest goes (0025); null: none known, no digest */
  email: string | null;
  /** the language the official reads e-mail in: 'vi' | 'en' (0025); null: Vietnamese */
  lang: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie's token: a leaked table does not leak sessions */
  id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ProceduresTable {
  key: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ProcedureVersionsTable {
  key: string;
  version: number;
  procedure: Json;
  published_at: Timestamp;
  published_by: string;
  note: string;
}

export interface ProcedureDraftsTable {
  key: string;
  procedure: Json;
  saved_at: Timestamp;
  saved_by: string;
  revision: number;
}

export interface CasesTable {
  id: string;
  number: string;
  procedure_key: string;
  procedure_version: number;
  snapshot: Json;
  state: string;
  state_title: Json;
  status: string;
  /** roles that work the current state(s), from the states' meta: for `mine=1` */
  work_roles: string[];
  data: Json;
  category: string | null;
  platform: string | null;
  unit_id: string;
  assignee: Json | null;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  opened_by: string;
  opened_at: Timestamp;
  updated_at: Timestamp;
  due_at: Timestamp | null;
  overdue: boolean;
  version: number;
  /** global seq of the last event: what a reconnecting WebSocket client compares with `since` */
  last_seq: ColumnType<string | number | bigint, number, number>;
}

export interface CaseEventsTable {
  seq: BigSerial;
  case_id: string;
  case_seq: number;
  type: string;
  data: Json;
  actor_id: string;
  actor: Json;
  at: Timestamp;
  from_state: string;
  to_state: string;
  idempotency_key: string | null;
  /** the request's fingerprint, so a retry with the same key is told apart from another request */
  request_hash: string | null;
  /** the answer, as releases before 0011 stored it; now null and rebuilt from the events (idempotency.ts) */
  response: Json | null;
  /** what the event counts as in the report, as the engine said (0018) */
  outcomes: ColumnType<string[], string[] | undefined, never>;
}

export interface TimersTable {
  id: Generated<string | number>;
  case_id: string;
  timer_id: string;
  event: Json;
  due_at: Timestamp;
  created_at: Timestamp;
  fired_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  outcome: string | null;
}

export interface AttachmentsTable {
  id: string;
  case_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: ColumnType<Uint8Array, Uint8Array, never>;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface AuditLogTable {
  /** from its sequence; part of the hashed row */
  seq: ColumnType<string | number | bigint, number | undefined, never>;
  at: Timestamp;
  actor_id: string;
  action: string;
  case_id: string | null;
  detail: Json;
  /** the request it was written for (0020); null for rows of the server itself and older rows */
  request_id: ColumnType<string | null, string | null | undefined, never>;
}

/** The audit chain: links audit_log rows by hash in the order the chainer found them (0007). */
export interface AuditChainTable {
  chain_no: ColumnType<string | number | bigint, number, number>;
  seq: ColumnType<string | number | bigint, number, number>;
  prev_hash: string;
  hash: string;
}

/** Audit rows written but not yet chained. */
export interface AuditPendingTable {
  seq: ColumnType<string | number | bigint, number, never>;
}

/** Cases per key, kept by a trigger on `cases` (migration 0003). */
export interface CaseCountsTable {
  procedure_key: string;
  unit_id: string;
  state: string;
  status: string;
  category: string;
  platform: string;
  overdue: boolean;
  work_roles: string[];
  n: string;
}

/** The engine's `notify` effects, one per effect, addressed to a role (migration 0005). */
export interface NotificationsTable {
  id: string;
  case_id: string;
  role: string;
  message: Json;
  created_at: Timestamp;
  /** for one official only (a case handed to them); null: for everyone holding the role */
  user_id: string | null;
  /** who caused it (never shown to them); null: the system, or written before 0026 */
  actor_id: string | null;
}

/** Who has read which notification. */
export interface NotificationReadsTable {
  notification_id: string;
  user_id: string;
  read_at: Timestamp;
}

/** Calls of automated steps (0022): pending → running → done | failed | incident | cancelled | skipped. */
export interface OutboxTable {
  /** also the Idempotency-Key every attempt carries */
  id: string;
  /** null: not a case's step but an official's e-mail digest (0025; `cause.userId` names them) */
  case_id: string | null;
  invoke_id: string;
  service: string;
  input: Json;
  handles_error: boolean;
  /** the event that entered the step: { type, at } */
  cause: Json;
  status: string;
  attempts: Generated<number>;
  next_at: Timestamp;
  lease_until: Timestamp | null;
  /** the claim of the attempt running: only it may record the result */
  claim: string | null;
  last_error: string | null;
  result: Json | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface Database {
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  procedure_drafts: ProcedureDraftsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  timers: TimersTable;
  attachments: AttachmentsTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  audit_pending: AuditPendingTable;
  case_counts: CaseCountsTable;
  notifications: NotificationsTable;
  notification_reads: NotificationReadsTable;
  outbox: OutboxTable;
}

export type UserRow = Selectable<UsersTable>;
export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type NewCase = Insertable<CasesTable>;

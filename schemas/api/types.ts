// Generated from schemas/api/*.json by scripts/gen-api-types.ts (npm run gen:types): do not edit.
// The API's shapes (docs/api.md); a procedure file, a form and an available action are the engine's types.
import type { AvailableAction, Form, Procedure } from '../../engine/types.ts';

/**
 * Account (an official as an administrator sees them)
 */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
  roles: string[];
  active: boolean;
  /**
   * the password was set by an administrator and not yet changed
   */
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  /**
   * where the official's e-mail digest goes; null: none known
   */
  email: string | null;
}

/**
 * { user, temporaryPassword? }
 */
export interface AccountAnswer {
  user: Account;
  /**
   * answered once: the server keeps only its hash
   */
  temporaryPassword?: string;
}

/**
 * Who did something
 */
export interface Actor {
  id: string;
  displayName: string;
  roles: string[];
}

/**
 * Who a case is assigned to (a role, a unit) and who holds it (an official)
 */
export interface Assignee {
  role?: string;
  unitId?: string;
  userId?: string;
  /**
   * the official holding the case, by name
   */
  displayName?: string;
}

/**
 * POST /api/cases/:id/assignee body
 *
 * userId: the official who is to hold the case (oneself to take it, a named official of the case's role to hand it on), null to release it.
 */
export interface AssigneeBody {
  userId: string | null;
  expectedVersion: number;
}

/**
 * Attachment (caseId is null until the upload is named in a case's data)
 */
export interface Attachment {
  id: string;
  caseId: string | null;
  filename: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: string;
}

/**
 * { attachments }
 */
export interface AttachmentList {
  attachments: Attachment[];
}

export type { AvailableAction };

export interface Case {
  id: string;
  number: string;
  procedure: {
    key: string;
    version: number;
    title: Text;
  };
  state: string;
  stateTitle: Text;
  status: 'active' | 'done' | 'error';
  /**
   * The value of the field the procedure names as its summary (summaryField), '' when none
   */
  summary: string;
  data: {
    [k: string]: unknown;
  };
  unitId: string;
  unitName: string;
  assignee: Assignee | null;
  /**
   * The roles the case waits on: the roles of its current steps, or the role the step that brought it there assigned it to
   */
  waitingOn: string[];
  openedBy: {
    id: string;
    displayName: string;
  };
  openedAt: string;
  updatedAt: string;
  dueAt: string | null;
  overdue: boolean;
  version: number;
  actions?: AvailableAction[];
}

/**
 * A page of cases
 */
export interface CaseList {
  cases: Case[];
  nextCursor: string | null;
  counts: {
    [k: string]: number;
  };
}

/**
 * GET /api/cases query
 */
export interface CaseQuery {
  state?: string;
  procedure?: string;
  unit?: string;
  overdue?: '1' | '0' | 'true' | 'false';
  q?: string;
  category?: string;
  platform?: string;
  mine?: '1' | '0' | 'true' | 'false';
  /**
   * the column the cases are ordered by (the step's key, the deadline, the opening time, the case number); `-` first: descending. Default: nearest deadline first
   */
  sort?: 'deadline' | '-deadline' | 'opened' | '-opened' | 'number' | '-number' | 'state' | '-state';
  limit?: number;
  cursor?: string;
  /**
   * the language of a CSV's headings and names (default: the Accept-Language header's)
   */
  lang?: 'vi' | 'en';
}

/**
 * Live counts
 */
export interface Dashboard {
  generatedAt: string;
  total: number;
  active: number;
  overdue: number;
  byState: {
    key: string;
    title: Text;
    count: number;
  }[];
  byCategory: {
    key: string;
    name?: string;
    count: number;
  }[];
  byPlatform: {
    key: string;
    name?: string;
    count: number;
  }[];
  byUnit: {
    key: string;
    name?: string;
    count: number;
  }[];
  weekly: {
    week: string;
    opened: number;
    closed: number;
  }[];
  medianDetectionToRemovalHours: number | null;
}

/**
 * PUT draft body
 */
export interface DraftBody {
  procedure: ProcedureFile;
  baseRevision?: number;
}

/**
 * Draft saved
 */
export interface DraftSaved {
  revision: number;
  savedAt: string;
}

/**
 * Error answer
 *
 * Every error: code from server/errors.ts (docs/errors.md), message in the request's language, both languages, details (e.g. [{field, message}]).
 */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    messages: Text;
    details: unknown[];
  };
}

/**
 * POST /api/cases/:id/events body
 */
export interface EventBody {
  type: string;
  data?: {
    [k: string]: unknown;
  };
  expectedVersion?: number;
}

export type { Form };

/**
 * Liveness and database status
 */
export interface Health {
  status: 'ok' | 'error';
  database: 'ok' | 'unavailable';
}

/**
 * A case's events and audit rows
 */
export interface History {
  events: {
    seq: number;
    type: string;
    data: {
      [k: string]: unknown;
    };
    actor: Actor;
    at: string;
    fromState: string;
    toState: string;
  }[];
  audit: {
    seq: number;
    at: string;
    actor: Actor;
    action: string;
    detail: {
      [k: string]: unknown;
    };
  }[];
}

/**
 * GET /api/cases/:id/assignee answer
 *
 * The officials this user may hand the case to (active, holding a role the case waits on, able to read it), and whether this user may take it.
 */
export interface HolderCandidates {
  mayTake: boolean;
  officials: {
    id: string;
    displayName: string;
    roles: string[];
  }[];
}

/**
 * An id in the path
 */
export interface IdParams {
  id: string;
}

/**
 * Headers of POST /api/cases/:id/events
 */
export interface IdempotencyHeaders {
  'idempotency-key'?: string;
}

/**
 * One problem of an imported row (also the details of 422 QT_IMPORT_INVALID)
 */
export interface ImportProblem {
  /**
   * the line of the CSV text, counted from 1 (the header)
   */
  line: number;
  /**
   * username, displayName, unit, roles, email, or row
   */
  field: string;
  code: string;
  /**
   * in the request's language
   */
  message: string;
  messages: Text;
}

/**
 * An automated step that failed after its last attempt (no onError): the case waits until an administrator retries or skips it
 */
export interface Incident {
  id: string;
  caseId: string;
  caseNumber: string;
  procedure: string;
  state: string;
  stateTitle: Text;
  service: string;
  serviceLabel: Text;
  attempts: number;
  /**
   * why the last attempt failed: a code, the sentence in both languages with what to do, and the technical detail for the server's operator
   */
  lastError: null | {
    code: string;
    message: Text;
    detail: string;
  };
  createdAt: string;
  failedAt: string | null;
}

/**
 * { incidents }: open incidents, oldest first
 */
export interface IncidentList {
  incidents: Incident[];
}

/**
 * Incident list query
 */
export interface IncidentQuery {
  /**
   * only this case's incidents
   */
  case?: string;
}

/**
 * Login body
 */
export interface Login {
  username: string;
  password: string;
}

/**
 * POST /api/procedures/import body: a plain XState machine config to turn into a draft procedure
 */
export interface MachineImportBody {
  /**
   * the machine config as given to createMachine (any JSON: what is not a machine is refused with 422 QT_MACHINE_INVALID)
   */
  machine: {
    [k: string]: unknown;
  };
  /**
   * the procedure's key; the machine's id (made lower-case) when absent
   */
  key?: string;
}

/**
 * A machine imported as a draft procedure
 */
export interface MachineImportResult {
  key: string;
  revision: number;
  procedure: ProcedureFile;
  /**
   * what the import changed, and what it could not carry over (kind dropped); path points into the uploaded machine
   */
  changes: {
    path: string;
    code: string;
    kind: 'changed' | 'dropped';
    message: Text;
  }[];
  /**
   * what blocks publishing the draft (severity publish) or is advice; an import has no error
   */
  problems: {
    path: string;
    code: string;
    /**
     * error: the machine is wrong; publish: a product rule (titles, roles, placeholders) that blocks publishing only; warning: advice
     */
    severity: 'error' | 'publish' | 'warning';
    message: Text;
  }[];
}

/**
 * POST migrations body
 *
 * Move the running cases of fromVersion to toVersion. mapping: old leaf state path → new state path (null: not chosen). dryRun: answer the plan, write nothing.
 */
export interface MigrationBody {
  fromVersion: number;
  toVersion: number;
  mapping: {
    [k: string]: string | null;
  };
  dryRun?: boolean;
}

/**
 * Migration answer
 *
 * The running cases of fromVersion and the state each goes to; migrated is 0 on a dry run.
 */
export interface MigrationResult {
  dryRun: boolean;
  migrated: number;
  cases: {
    id: string;
    number: string;
    from: string;
    to: string;
    toTitle: Text;
  }[];
}

/**
 * The signed-in official's own settings, and the limits that apply to them
 */
export interface MySettings {
  /**
   * also get the unread notifications by e-mail, as a digest
   */
  emailDigest: boolean;
  /**
   * the official's e-mail address, where the digest goes; null: none, no digest is sent
   */
  email: string | null;
  /**
   * the language of the official's e-mail (Vietnamese unless they chose English)
   */
  lang: 'vi' | 'en';
  /**
   * the largest file this server takes as evidence
   */
  maxUploadBytes: number;
}

/**
 * Settings an official changes for themselves
 */
export interface MySettingsBody {
  emailDigest?: boolean;
  /**
   * where the e-mail digest goes; checked (422 QT_EMAIL_INVALID); "" or null: none
   */
  email?: string | null;
  /**
   * the language the digest is written in
   */
  lang?: 'vi' | 'en';
}

/**
 * POST /api/cases body
 */
export interface NewCase {
  procedure: string;
  data: {
    [k: string]: unknown;
  };
}

/**
 * POST /api/units body
 */
export interface NewUnit {
  name: string;
}

/**
 * POST /api/users body (password absent: the server makes a temporary one)
 */
export interface NewUser {
  /**
   * 2–64 characters: lower-case letters, digits, '.', '_', '-'; starts with a letter or digit
   */
  username: string;
  displayName: string;
  unitId: string;
  /**
   * @minItems 1
   */
  roles: [string, ...string[]];
  password?: string;
  /**
   * where the e-mail digest goes; checked (422 QT_EMAIL_INVALID); "" or null: none
   */
  email?: string | null;
}

/**
 * A notification to a role about a case
 */
export interface Notification {
  id: string;
  caseId: string;
  caseNumber: string;
  role: string;
  message: Text;
  createdAt: string;
  read: boolean;
}

/**
 * { notifications, unread }
 */
export interface NotificationList {
  notifications: Notification[];
  unread: number;
}

/**
 * Notification list query
 */
export interface NotificationQuery {
  limit?: number;
}

/**
 * Notifications to mark read (none: all)
 */
export interface NotificationReadBody {
  /**
   * @maxItems 500
   */
  ids?: string[];
}

/**
 * POST /api/me/password body
 */
export interface PasswordChange {
  current: string;
  next: string;
}

/**
 * One procedure: summary, versions, latest, draft
 */
export interface ProcedureDetail {
  procedure: ProcedureSummary;
  versions: {
    version: number;
    publishedAt: string;
    publishedBy: string;
    /**
     * The display name of who published it; null for the system (installed at first start)
     */
    publishedByName?: string | null;
    note: string;
  }[];
  latest: ProcedureVersion | null;
  draft: {
    procedure: ProcedureFile;
    savedAt: string;
    savedBy: string;
    revision: number;
  } | null;
}

export type ProcedureFile = Procedure;

/**
 * Procedure key in the path
 */
export interface ProcedureKeyParams {
  key: string;
}

/**
 * { procedures }
 */
export interface ProcedureList {
  procedures: ProcedureSummary[];
}

export interface ProcedureSummary {
  key: string;
  title: Text;
  description: Text;
  latestVersion: number | null;
  hasDraft: boolean;
  start: {
    roles: string[];
    label: Text;
    form: Form;
    /**
     * what opening a case counts as in the report (procedure.schema.json#/$defs/outcomes)
     */
    outcome?: string | string[];
  } | null;
}

export interface ProcedureVersion {
  key: string;
  version: number;
  procedure: ProcedureFile;
  publishedAt: string;
  publishedBy: string;
  note: string;
}

/**
 * Procedure key and version in the path
 */
export interface ProcedureVersionParams {
  key: string;
  n: number;
}

/**
 * POST publish body
 */
export interface PublishBody {
  note?: string;
}

/**
 * Readiness: whether this process should get traffic
 */
export interface Ready {
  status: 'ready' | 'not_ready';
  checks: {
    database: 'ok' | 'unavailable';
    /**
     * newer: a newer release migrated the database while this process runs (a rolling upgrade); still ready, but restart it on the new release
     */
    migrations: 'current' | 'pending' | 'newer' | 'unknown';
    timers: 'running' | 'late' | 'stopped';
  };
  /**
   * Why not ready, one per failed check, in the request's language
   */
  reasons: {
    code: string;
    message: string;
  }[];
}

/**
 * The figures for the Standing Committee over a period
 */
export interface Report {
  from: string;
  to: string;
  generatedAt: string;
  /**
   * One count per outcome of schemas/procedure.schema.json#/$defs/outcome (tests/server/outcomes.test.ts holds the two together)
   */
  totals: {
    detected: number;
    verified: number;
    rejected: number;
    removal_requested: number;
    removed: number;
    refused: number;
    referred: number;
    countered: number;
    reported: number;
    complained: number;
    upheld: number;
    reversed: number;
    withdrawn: number;
    cancelled: number;
    overdue: number;
  };
  byCategory: {
    key: string;
    name?: string;
    detected: number;
    verified: number;
    rejected: number;
    removal_requested: number;
    removed: number;
    refused: number;
    referred: number;
    countered: number;
    reported: number;
    complained: number;
    upheld: number;
    reversed: number;
    withdrawn: number;
    cancelled: number;
    overdue: number;
  }[];
  byPlatform: {
    key: string;
    name?: string;
    detected: number;
    verified: number;
    rejected: number;
    removal_requested: number;
    removed: number;
    refused: number;
    referred: number;
    countered: number;
    reported: number;
    complained: number;
    upheld: number;
    reversed: number;
    withdrawn: number;
    cancelled: number;
    overdue: number;
  }[];
  byUnit: {
    key: string;
    name?: string;
    detected: number;
    verified: number;
    rejected: number;
    removal_requested: number;
    removed: number;
    refused: number;
    referred: number;
    countered: number;
    reported: number;
    complained: number;
    upheld: number;
    reversed: number;
    withdrawn: number;
    cancelled: number;
    overdue: number;
  }[];
  stepDurations: {
    state: string;
    title: Text;
    count: number;
    medianHours: number;
    p90Hours: number;
  }[];
  /**
   * The cases opened in the period, oldest first (at most 500)
   */
  cases: {
    id: string;
    number: string;
    summary: string;
    category: string;
    platform: string;
    unitName: string;
    state: string;
    openedAt: string;
    outcome: string;
    stateTitle: Text;
  }[];
  /**
   * How many cases were opened in the period
   */
  casesTotal: number;
}

/**
 * Report period
 */
export interface ReportQuery {
  from?: string;
  to?: string;
  /**
   * the language of a CSV's headings and names (default: the Accept-Language header's)
   */
  lang?: 'vi' | 'en';
}

/**
 * Text in Vietnamese and English
 */
export interface Text {
  vi: string;
  en: string;
}

export interface Unit {
  id: string;
  name: string;
}

/**
 * { unit }
 */
export interface UnitAnswer {
  unit: Unit;
}

/**
 * { units }
 */
export interface Units {
  units: Unit[];
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
  roles: string[];
  /**
   * present only while the password an administrator set is not yet changed: every route but GET /api/me, POST /api/me/password and logout answers 403 QT_PASSWORD_CHANGE_REQUIRED
   */
  mustChangePassword?: true;
}

/**
 * { user }
 */
export interface UserAnswer {
  user: User;
}

/**
 * POST /api/users/import body
 */
export interface UserImport {
  /**
   * header row username,displayName,unit,roles and optionally email (also e-mail, thư điện tử); roles separated by ';'; the unit by name, created if missing
   */
  csv: string;
  /**
   * check every row and answer what would be done; nothing is written
   */
  dryRun?: boolean;
}

/**
 * POST /api/users/import answer
 */
export interface UserImportResult {
  dryRun: boolean;
  rows: {
    line: number;
    username: string;
    displayName: string;
    unit: string;
    roles: string[];
    /**
     * no unit has this name yet: it will be created
     */
    newUnit: boolean;
    /**
     * from the optional e-mail column (email, e-mail, thư điện tử); null: none
     */
    email: string | null;
  }[];
  /**
   * every row's problems (empty: the import can go ahead)
   */
  problems: ImportProblem[];
  created: {
    user: Account;
    temporaryPassword: string;
  }[];
  unitsCreated: Unit[];
}

/**
 * PATCH /api/users/:id body
 */
export interface UserPatch {
  displayName?: string;
  unitId?: string;
  /**
   * @minItems 1
   */
  roles?: [string, ...string[]];
  active?: boolean;
  /**
   * the server sets a temporary password, answered once; the user must change it at the next sign-in
   */
  resetPassword?: true;
  /**
   * where the e-mail digest goes; checked (422 QT_EMAIL_INVALID); "" or null: none
   */
  email?: string | null;
}

/**
 * { users } (an administrator's list of accounts)
 */
export interface Users {
  users: Account[];
}

/**
 * Result of validating a procedure
 */
export interface ValidationResult {
  valid: boolean;
  errors: {
    path: string;
    code: string;
    /**
     * error: the machine is wrong; publish: a product rule (titles, roles, placeholders) that blocks publishing only; warning: advice
     */
    severity: 'error' | 'publish' | 'warning';
    message: Text;
  }[];
}

/**
 * WebSocket: client to server
 */
export type WsClientMessage =
  | {
      type: 'subscribe';
      /**
       * @maxItems 200
       */
      topics: string[];
      since?: number;
    }
  | {
      type: 'unsubscribe';
      topics: string[];
    }
  | {
      type: 'ping';
    };

/**
 * WebSocket: server to client
 */
export type WsServerMessage =
  | {
      type: 'case.updated';
      seq: number;
      case: Case;
    }
  | {
      type: 'notification';
      notification: Notification;
    }
  | {
      type: 'subscribed';
      topics: string[];
    }
  | {
      type: 'pong';
    }
  | {
      type: 'error';
      code: string;
      message: string;
    };

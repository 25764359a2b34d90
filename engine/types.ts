// Public types of the engine: the procedure file, a case's state, actors, effects and rejections.
// Everything here is plain JSON so it crosses the wire and the database unchanged.

export type Lang = 'vi' | 'en';
export interface Text {
  vi: string;
  en: string;
}

export type JsonSchema = Record<string, unknown>;

/** UI hints for one form field. */
export interface FieldHint {
  label?: Text;
  help?: Text;
  placeholder?: Text;
  /** text | textarea | url | number | date | select | multiselect | checkbox | files */
  widget?: string;
  /** `formerly`: values this option replaced, shown and counted as it */
  options?: { value: string; label: Text; formerly?: unknown[] }[];
  /** a value the form starts with: `today` for a date field */
  prefill?: 'today';
}

export interface Form {
  schema: JsonSchema;
  ui?: { order?: string[]; fields?: Record<string, FieldHint> };
}

export interface RoleDef {
  id: string;
  title: Text;
  /** the roles whose cases an official of this role may hand to a named official (a lead's) */
  assigns?: string[];
}

export interface StateMeta {
  title: Text;
  instructions?: Text;
  roles?: string[];
  /** ISO 8601 duration, e.g. PT24H */
  sla?: string;
  /** a case data field (a date or a duration) that sets the deadline when filled in; `sla` otherwise */
  slaField?: string;
  /** false: entering this step tells nobody (by default its roles are notified) */
  notify?: boolean;
  /** The author's own keys (kept from an imported XState machine). */
  [key: string]: unknown;
  /** what entering this state counts as in the report (schemas/procedure.schema.json#/$defs/outcome) */
  outcome?: string | string[];
}

export interface TransitionMeta {
  label: Text;
  roles?: string[];
  form?: Form;
  /** what taking this action counts as in the report */
  outcome?: string | string[];
}

/** A guard or action reference as written in JSON. */
export type Ref = string | { type: string; params?: Record<string, unknown> };

export interface TransitionConfig {
  target?: string | string[];
  guard?: Ref;
  actions?: Ref | Ref[];
  reenter?: boolean;
  description?: string;
  meta?: TransitionMeta;
}

export type TransitionsConfig = string | TransitionConfig | (string | TransitionConfig)[];

/** An automated step: XState's invoke, run by the server's outbox; its result comes back as `quytrinh.done.<id>` / `quytrinh.error.<id>`. */
export interface InvokeConfig {
  id?: string;
  src: string;
  input?: Record<string, unknown>;
  onDone?: TransitionsConfig;
  onError?: TransitionsConfig;
}

export interface StateConfig {
  type?: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  initial?: string;
  states?: Record<string, StateConfig>;
  on?: Record<string, TransitionsConfig>;
  after?: Record<string, TransitionsConfig>;
  always?: TransitionsConfig;
  onDone?: TransitionsConfig;
  entry?: Ref | Ref[];
  exit?: Ref | Ref[];
  tags?: string[];
  description?: string;
  history?: 'shallow' | 'deep';
  target?: string;
  meta?: StateMeta;
  /** XState state id: `#id` targets it. */
  id?: string;
  invoke?: InvokeConfig | InvokeConfig[];
}

export interface MachineConfig extends StateConfig {
  id: string;
  version?: string;
  context?: Record<string, unknown>;
}

export interface Procedure {
  $schema?: string;
  key: string;
  title: Text;
  description: Text;
  roles: RoleDef[];
  caseSchema: JsonSchema;
  /** How a case is opened: who may open it and the first form. */
  start: { roles: string[]; label: Text; form: Form; outcome?: string | string[] };
  machine: MachineConfig;
  /** Names the machine uses that the registry does not have yet; publishing waits until they are bound. */
  placeholders?: { guards?: string[]; actions?: string[]; services?: string[] };
  /** Named delays of `after`: an ISO 8601 duration each (null until set), or a field of the case that holds a date or duration. */
  delays?: Record<string, string | null | { field: string; otherwise?: string }>;
  /** the case data field shown as a case's one-line summary (a start form field) */
  summaryField?: string | string[];
  layout?: { nodes?: Record<string, { x: number; y: number; width?: number; height?: number }> };
}

// ---------------------------------------------------------------- validation

/** error: the machine is wrong; publish: a product rule that blocks publishing only; warning: advice. */
export const Severity = { Error: 'error', Publish: 'publish', Warning: 'warning' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export interface ValidationProblem {
  /** JSON pointer into the procedure file, e.g. /machine/states/verifying/on/CONFIRM/0/target */
  path: string;
  code: string;
  severity: Severity;
  message: Text;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationProblem[];
}

// ---------------------------------------------------------------- running

/** Who acts. The system actor fires timers. */
export interface Actor {
  id: string;
  roles: string[];
  unitId?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', roles: ['system'], unitId: null };

/** The first entry of every case's log: opening it with the start form's data. */
export const OPEN_EVENT = 'OPEN';
/** Fired by the timer of a state's SLA. */
export const SLA_EVENT = 'quytrinh.sla';
/** Logged when a case is migrated; data: { fromVersion, toVersion, mapping }. */
export const MIGRATED_EVENT = 'quytrinh.migrated';
/** Logged when an official takes, hands on or releases a case; data: { userId, displayName, heldAt } (userId null: released). */
export const ASSIGNEE_EVENT = 'quytrinh.assignee';

/** Who did an action last, for the four-eyes rule. */
export interface StepRecord {
  by: string;
  at: string;
}

export interface Deadline {
  /** state path, e.g. removal.following_up */
  state: string;
  sla: string;
  startedAt: string;
  dueAt: string;
  overdueAt?: string;
}

export interface Assignment {
  role?: string | null;
  unitId?: string | null;
  userId?: string | null;
  /** the official's name, when an official took or was handed the case */
  displayName?: string | null;
  /** the step (state) at which an official took or was handed the case: they hold it while it stays there */
  heldAt?: string | null;
}

export interface CaseContext {
  data: Record<string, unknown>;
  steps: Record<string, StepRecord>;
  deadlines: Record<string, Deadline>;
  assignee: Assignment | null;
  openedBy: StepRecord;
}

export const CaseStatus = { Active: 'active', Done: 'done', Error: 'error' } as const;
export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];

/** A case's state as stored: XState's persisted snapshot, plain JSON. */
export interface CaseState {
  status: CaseStatus;
  value: string | Record<string, unknown>;
  context: CaseContext;
  historyValue?: Record<string, unknown>;
  children?: Record<string, unknown>;
  error?: unknown;
}

/** An event as recorded in a case's log and fed to the machine. */
export interface CaseEvent {
  type: string;
  data?: Record<string, unknown>;
}

export type Effect =
  | { type: 'timer.set'; id: string; event: CaseEvent; dueAt: string }
  | { type: 'timer.cancel'; id: string }
  /** `step`: the step the case entered, for the engine's own notification of an inbox (inbox-notify.ts) */
  | { type: 'notify'; role: string; message: Text; step?: string }
  | { type: 'assign'; assignee: Assignment }
  /** entering a state that invokes a service: run it (input already filled in from the case) */
  | { type: 'service.call'; id: string; service: string; input: Record<string, unknown>; handlesError: boolean }
  /** leaving that state: a call not yet finished is cancelled */
  | { type: 'service.cancel'; id: string };

export interface FieldError {
  field: string;
  message: string;
}

export const RejectionCode = {
  EventNotAvailable: 'QT_EVENT_NOT_AVAILABLE',
  RoleNotAllowed: 'QT_ROLE_NOT_ALLOWED',
  FormInvalid: 'QT_FORM_INVALID',
  GuardRefused: 'QT_GUARD_REFUSED',
  CaseClosed: 'QT_CASE_CLOSED',
} as const;
export type RejectionCode = (typeof RejectionCode)[keyof typeof RejectionCode];

export interface Rejection {
  code: RejectionCode;
  message: Text;
  details: FieldError[];
}

export type StepResult =
  | { ok: true; state: CaseState; effects: Effect[]; /** what the step counts as in the report */ outcomes: string[] }
  | { ok: false; rejection: Rejection };

/** One thing a user may do now: an event with its label and form. */
export interface AvailableAction {
  type: string;
  label: Text;
  roles: readonly string[];
  form: Form | null;
  /** what taking it counts as in the report */
  outcomes?: string[];
  /** it keeps the case where it is (no target): a secondary action */
  stays?: boolean;
}

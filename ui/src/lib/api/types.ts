// The JSON shapes of docs/api.md: generated from schemas/api/*.json (npm run gen:types).
import type { History, Notification } from '../../../../schemas/api/types.ts';

export type {
  Account,
  Attachment,
  AvailableAction,
  Case,
  CaseList,
  CaseQuery,
  Dashboard,
  Form,
  HolderCandidates,
  History,
  MySettings,
  MySettingsBody,
  Incident,
  ProcedureSummary,
  ProcedureVersion,
  Report,
  Text,
  Unit,
  User,
  UserImportResult,
  WsServerMessage,
} from '../../../../schemas/api/types.ts';
export type { Procedure } from '../../../../engine/types.ts';

/** One event of a case's history. */
export type HistoryEntry = History['events'][number];
/** A procedure's `notify` effect addressed to one of the user's roles (the DOM has a `Notification`). */
export type AppNotification = Notification;

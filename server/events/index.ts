// The event path (flow.ts tells it step by step): what the rest of the server and the tests use of it.
export { afterCommit, applyInTransaction, openCase, planEvent, sendEvent, SessionChanged, type FlowContext } from './flow.ts';
export { CaseCache, rowWeight } from './case-cache.ts';
export { CaseReader } from './read-case.ts';
export { EventWriter } from './write-event.ts';
export { answerDataBytes, encodeData, joinBytes } from './encode-data.ts';
export { AuditChainer } from './chain-audit.ts';
export { CASES_CHANNEL, ChangeFeed, NOTIFICATIONS_CHANNEL, payloadIds } from './notify.ts';
export { migrateCases, type MigrationRequest } from './migrate-cases.ts';
export { holderCandidates, setHolder } from './assignee.ts';

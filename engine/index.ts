// The engine's public names. Other folders import the engine through this file only.
export type * from './types.ts';
export { Severity, CaseStatus, RejectionCode, SYSTEM_ACTOR } from './types.ts';
export { validateProcedure } from './validate.ts';
export { startCase, applyEvent, availableActions, replay, summarize, OPEN_EVENT } from './run.ts';
export type { LogEntry, CaseSummary } from './run.ts';
export { guardRegistry, actionRegistry, delayRegistry } from './registry.ts';
export { parseDuration, addDuration, formatDuration } from './duration.ts';

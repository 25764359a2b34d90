// The engine's public names. Other folders import the engine through this file only.
export type * from './types.ts';
export { Severity, CaseStatus, RejectionCode, SYSTEM_ACTOR, OPEN_EVENT, SLA_EVENT, MIGRATED_EVENT } from './types.ts';
export { validateProcedure } from './validate.ts';
export { startCase, applyEvent, availableActions, eventForm, replay, summarize } from './run.ts';
export type { LogEntry, CaseSummary, ReplayOptions } from './run.ts';
export { proposeMapping, migrateCase } from './migrate.ts';
export type { StateMapping, MigrationProblem, MigrationResult } from './migrate.ts';
export { guardRegistry, actionRegistry, delayRegistry } from './registry.ts';
export { parseDuration, addDuration, durationMs, formatDuration } from './duration.ts';
export { CaseSimulation } from './simulate.ts';
export type { PendingTimer } from './simulate.ts';
export { leafPaths, activePaths, stateConfigAt, eachState, resolveTarget, statePointer, normalizeTransitions } from './paths.ts';
export { namedFiles, validateFormData } from './forms.ts';
export { describeGuard } from './guards.ts';
export { ProblemCode } from './validate.ts';
export { exportMachine, xstateBindings } from './compile.ts';
export { schemaCheck } from './json-schema.ts';
export type { SchemaError, SchemaCheck } from './json-schema.ts';

export type * from './types.ts';
export { ApiError, ErrorCode, errorField, errorFromBody, isApiError } from './errors.ts';
export type { FieldProblem } from './errors.ts';
export { api, attachmentUrl, casesCsvUrl, reportCsvUrl, newIdempotencyKey, setApiLanguage, setUnauthenticatedHandler } from './client.ts';
export { LiveConnection, LiveStatus, live } from './live.svelte.ts';

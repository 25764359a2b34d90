// The designer's calls (docs/api.md): a procedure with its draft and versions, save a draft,
// publish, validate. Errors come back as the shared ApiError.
import type { Procedure, Text, ValidationResult } from '../../../../engine/types.ts';
import type {
  DraftSaved,
  MachineImportResult,
  MigrationBody,
  MigrationResult,
  ProcedureDetail,
  ProcedureList,
  ProcedureVersion,
} from '../../../../schemas/api/types.ts';
import { ApiError, ErrorCode, errorFromBody } from '../api/errors.ts';
import { currentLang } from '../i18n/index.ts';

export type { ProcedureDetail };
export type VersionInfo = ProcedureDetail['versions'][number];
export type MigratedCase = MigrationResult['cases'][number];

const enc = encodeURIComponent;

async function send(method: string, path: string, body?: unknown): Promise<{ res: Response; json: unknown }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': currentLang(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, ErrorCode.Network, (e as Error).message || 'Network error');
  }
  const text = await res.text();
  return { res, json: text ? (JSON.parse(text) as unknown) : null };
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const { res, json } = await send(method, path, body);
  if (!res.ok) throw errorFromBody(res.status, json);
  return json as T;
}

/** A running case whose state the mapping does not move (422 QT_MIGRATION_UNMAPPED). */
export interface UnmappedCase {
  caseId: string;
  number: string;
  state: string;
  message: Text;
}
export type MigrationAnswer =
  | ({ ok: true } & MigrationResult)
  | { ok: false; unmapped: UnmappedCase[] };

/** Runs (or with dryRun, plans) a migration; the cases that do not map come back as a value. */
async function migrate(key: string, body: MigrationBody): Promise<MigrationAnswer> {
  const { res, json } = await send('POST', `/api/procedures/${enc(key)}/migrations`, body);
  const error = (json as { error?: { code?: string; details?: UnmappedCase[] } } | null)?.error;
  if (res.status === 422 && error?.code === 'QT_MIGRATION_UNMAPPED') return { ok: false, unmapped: error.details ?? [] };
  if (!res.ok) throw errorFromBody(res.status, json);
  return { ok: true, ...(json as MigrationResult) };
}

/** A machine refused by the import: each problem in words (its path is for programs, not people). */
export type MachineImportAnswer = ({ ok: true } & MachineImportResult) | { ok: false; message: Text; problems: Text[] };

/** Imports a plain XState machine as a draft; a refusal (422, 409) comes back as a value. */
async function importMachine(machine: unknown, key?: string): Promise<MachineImportAnswer> {
  const { res, json } = await send('POST', '/api/procedures/import', key ? { machine, key } : { machine });
  if (res.ok) return { ok: true, ...(json as MachineImportResult) };
  const error = (json as { error?: { code?: string; messages?: Text; details?: { message?: Text }[] } } | null)?.error;
  if ((res.status === 422 || res.status === 409) && error?.messages) {
    return { ok: false, message: error.messages, problems: (error.details ?? []).flatMap((d) => (d.message && typeof d.message === 'object' ? [d.message] : [])) };
  }
  throw errorFromBody(res.status, json);
}

export const designerApi = {
  list: () => call<ProcedureList>('GET', '/api/procedures'),
  get: (key: string) => call<ProcedureDetail>('GET', `/api/procedures/${enc(key)}`),
  version: (key: string, n: number) => call<ProcedureVersion>('GET', `/api/procedures/${enc(key)}/versions/${n}`),
  saveDraft: (key: string, procedure: Procedure, baseRevision: number | undefined) =>
    call<DraftSaved>('PUT', `/api/procedures/${enc(key)}/draft`, { procedure, baseRevision }),
  publish: (key: string, note: string) => call<ProcedureVersion>('POST', `/api/procedures/${enc(key)}/publish`, { note }),
  validate: (procedure: unknown) => call<ValidationResult>('POST', '/api/procedures/validate', procedure),
  migrate,
  importMachine,
};

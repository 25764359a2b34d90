// A plain XState machine becomes a draft procedure: the engine checks, upgrades and wraps it; this
// saves the draft (audited) under a key no procedure has yet. The route and `npm run import` share it.
import type { Kysely } from 'kysely';
import { importMachine } from '../engine/index.ts';
import type { MachineImportResult } from '../schemas/api/types.ts';
import type { Database } from './db/schema.ts';
import { qtError } from './errors.ts';
import { appendAudit } from './stores/audit.ts';
import { procedureExists, saveDraft } from './stores/procedures.ts';

export async function importMachineAsDraft(db: Kysely<Database>, machine: unknown, key: string | undefined, by: string, now: Date): Promise<MachineImportResult> {
  const r = importMachine(machine, { key });
  if (!r.ok) throw qtError('QT_MACHINE_INVALID', { details: r.problems.map(({ path, code, message }) => ({ path, code, message })) });
  const { procedure, changes, problems } = r;
  return db.transaction().execute(async (tx) => {
    if (await procedureExists(tx, procedure.key)) throw qtError('QT_PROCEDURE_EXISTS', { details: [{ key: procedure.key }] });
    const saved = await saveDraft(tx, procedure.key, procedure, undefined, by, now);
    if (!saved.ok) throw qtError('QT_DRAFT_CONFLICT');
    await appendAudit(tx, { at: now, actorId: by, action: 'procedure.imported', caseId: null, detail: { key: procedure.key, revision: saved.revision, changes: changes.length } });
    return { key: procedure.key, revision: saved.revision, procedure: procedure as unknown as MachineImportResult['procedure'], changes, problems };
  });
}

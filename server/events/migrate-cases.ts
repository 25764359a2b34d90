// Moving the running cases of one procedure version to another with a state mapping. Checked
// first (every case must map, else 422 and nothing changes), then one transaction: each case is
// locked, moved by the engine, recorded in its log (`quytrinh.migrated`) and the audit log, its
// timers replaced; after the commit, chained and NOTIFYed like every other change of a case.
import { sql } from 'kysely';
import { MIGRATED_EVENT, migrateCase, type CaseState } from '../../engine/index.ts';
import type { SessionUser } from '../access.ts';
import type { MigrationBody, MigrationResult as MigrationAnswer } from '../../schemas/api/types.ts';
import type { FlowContext } from './flow.ts';
import { caseColumns, caseQuery } from '../stores/cases.ts';
import { appendEvent, applyTimerEffects } from './write-event.ts';
import { qtError } from '../errors.ts';
import { appendAudit } from '../stores/audit.ts';

export type MigrationRequest = MigrationBody & { key: string };

export async function migrateCases(ctx: FlowContext, user: SessionUser, req: MigrationRequest, now: Date): Promise<MigrationAnswer> {
  if (req.fromVersion === req.toVersion) {
    throw qtError('QT_VALIDATION', { details: [{ field: 'body/toVersion', message: 'toVersion must differ from fromVersion' }] });
  }
  const dryRun = req.dryRun === true;
  const answer = await ctx.db.transaction().execute(async (tx): Promise<MigrationAnswer> => {
    const [from, to] = await Promise.all([ctx.procedures.get(tx, req.key, req.fromVersion), ctx.procedures.get(tx, req.key, req.toVersion)]);
    if (!from || !to) throw qtError('QT_NOT_FOUND');

    let q = caseQuery(tx)
      .where('c.procedure_key', '=', req.key)
      .where('c.procedure_version', '=', req.fromVersion)
      .where('c.status', '=', 'active')
      .orderBy('c.opened_at')
      .orderBy('c.number');
    if (!dryRun) q = q.modifyEnd(sql`FOR UPDATE OF c`);
    const rows = await q.execute();

    const planned = rows.map((row) => ({ row, result: migrateCase(from.procedure, to.procedure, row.snapshot as CaseState, req.mapping, now) }));
    const problems = planned.flatMap(({ row, result }) =>
      result.ok ? [] : result.problems.map((p) => ({ caseId: row.id, number: row.number, state: p.state, message: p.message })),
    );
    if (problems.length) throw qtError('QT_MIGRATION_UNMAPPED', { details: problems });

    const cases: MigrationAnswer['cases'] = [];
    for (const { row, result } of planned) {
      if (!result.ok) continue;
      const { summary, columns } = caseColumns(to.procedure, result.state);
      cases.push({ id: row.id, number: row.number, from: row.state, to: summary.state, toTitle: summary.title });
      if (dryRun) continue;

      const nextVersion = row.version + 1;
      const actor = { id: user.id, roles: user.roles, unitId: user.unitId };
      const seq = await appendEvent(tx, {
        case_id: row.id, case_seq: nextVersion, type: MIGRATED_EVENT, data: JSON.stringify({ fromVersion: req.fromVersion, toVersion: req.toVersion, mapping: req.mapping }),
        actor_id: user.id, actor: JSON.stringify(actor), at: now, from_state: row.state, to_state: summary.state,
      });
      await tx
        .updateTable('cases')
        .set({ ...columns, procedure_version: req.toVersion, updated_at: now, version: nextVersion, last_seq: seq })
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .execute();
      await applyTimerEffects(tx, row.id, result.effects, now);
      await appendAudit(tx, {
        at: now,
        actorId: user.id,
        action: 'case.migrated',
        caseId: row.id,
        detail: { procedure: req.key, fromVersion: req.fromVersion, toVersion: req.toVersion, from: row.state, to: summary.state, version: nextVersion },
      });
    }
    return { dryRun, migrated: dryRun ? 0 : cases.length, cases };
  });
  if (answer.migrated) {
    ctx.chainer?.kick();
    for (const c of answer.cases) ctx.cases?.delete(c.id);
    ctx.feed?.cases(answer.cases.map((c) => c.id));
  }
  return answer;
}

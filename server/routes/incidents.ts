// Incidents: automated steps that failed after their last attempt with no onError. An
// administrator lists them, retries one (a new round of attempts, the same Idempotency-Key)
// or skips it (the step counts as done without its service: the case moves on by its onDone).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { SERVICE_DONE_PREFIX, serviceLabel } from '../../engine/index.ts';
import type { IncidentQuery } from '../../schemas/api/types.ts';
import { isAdmin } from '../access.ts';
import { qtError } from '../errors.ts';
import { errorResponses, ref } from '../route-schemas.ts';
import { appendAudit } from '../stores/audit.ts';
import { afterCommit, applyInTransaction } from '../events/index.ts';
import { CallStatus, listIncidents } from '../outbox/store.ts';

export const incidentRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock, flow } = app.qt;
  const tags = ['incidents'];
  const requireAdmin = async (req: FastifyRequest) => {
    if (!isAdmin(req.user!)) throw qtError('QT_FORBIDDEN');
  };
  const admin = [app.authenticate, requireAdmin];

  app.get<{ Querystring: IncidentQuery }>(
    '/api/incidents',
    {
      preHandler: admin,
      schema: { tags, summary: 'Open incidents: automated steps that failed after their last attempt', querystring: ref('incident-query'), response: { 200: ref('incident-list'), ...errorResponses } },
    },
    async (req) => ({ incidents: (await listIncidents(store.db, req.query.case)).map((i) => ({ ...i, serviceLabel: serviceLabel(i.service) })) }),
  );

  /** The incident locked with its case (case first, as every event locks them), or 404/409. */
  const openIncident = async (tx: typeof store.db, id: string) => {
    const row = await tx.selectFrom('outbox').select(['case_id']).where('id', '=', id).executeTakeFirst();
    if (!row) throw qtError('QT_NOT_FOUND');
    // a digest (no case) is never an incident: one that failed is logged and audited (outbox/worker.ts)
    if (row.case_id === null) throw qtError('QT_INCIDENT_CLOSED');
    await tx.selectFrom('cases').select('id').where('id', '=', row.case_id).forUpdate().executeTakeFirst();
    const call = await tx.selectFrom('outbox').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (call.status !== CallStatus.Incident) throw qtError('QT_INCIDENT_CLOSED');
    return { ...call, case_id: row.case_id };
  };

  app.post<{ Params: { id: string } }>(
    '/api/incidents/:id/retry',
    { preHandler: admin, schema: { tags, summary: 'Runs the step again: a new round of attempts with the same Idempotency-Key', params: ref('id-params'), response: { 204: { type: 'null', description: 'Queued' }, ...errorResponses } } },
    async (req, reply) => {
      const now = clock.now();
      const caseId = await store.db.transaction().execute(async (tx) => {
        const call = await openIncident(tx, req.params.id);
        await tx.updateTable('outbox').set({ status: CallStatus.Pending, attempts: 0, next_at: now, finished_at: null }).where('id', '=', call.id).execute();
        await appendAudit(tx, { at: now, actorId: req.user!.id, action: 'service.retried', caseId: call.case_id, detail: { call: call.id, service: call.service, invoke: call.invoke_id }, requestId: req.id });
        return call.case_id;
      });
      flow.chainer?.kick();
      flow.feed?.cases([caseId]);
      app.qt.calls.kick();
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/incidents/:id/skip',
    { preHandler: admin, schema: { tags, summary: 'Skips the step: it counts as done without its service, and the case moves on', params: ref('id-params'), response: { 204: { type: 'null', description: 'Skipped' }, ...errorResponses } } },
    async (req, reply) => {
      const now = clock.now();
      const sent = await store.db.transaction().execute(async (tx) => {
        const call = await openIncident(tx, req.params.id);
        await tx.updateTable('outbox').set({ status: CallStatus.Skipped, finished_at: now }).where('id', '=', call.id).execute();
        await appendAudit(tx, { at: now, actorId: req.user!.id, action: 'service.skipped', caseId: call.case_id, detail: { call: call.id, service: call.service, invoke: call.invoke_id }, requestId: req.id });
        const event = { type: SERVICE_DONE_PREFIX + call.invoke_id, data: { service: call.service, call: call.id, attempts: call.attempts, skipped: true, skippedBy: req.user!.id } };
        return applyInTransaction(flow, tx, { caseId: call.case_id, event, acting: { system: true }, requestId: req.id }, now);
      });
      afterCommit(flow, sent);
      flow.chainer?.kick();
      return reply.status(204).send();
    },
  );
};

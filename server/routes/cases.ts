// Cases: open, list, read (with this user's actions), send an event, read the history.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AssigneeBody, Case, CaseQuery, EventBody, IdempotencyHeaders, IdParams, NewCase } from '../../schemas/api/types.ts';
import { availableActions, type CaseState, type Text } from '../../engine/index.ts';
import { errorResponses, inlineSchema, ref } from '../route-schemas.ts';
import { langOf, qtError } from '../errors.ts';
import { casesCsv } from '../csv.ts';
import type { Procedure } from '../../engine/index.ts';
import { canReadCase, type SessionUser } from '../access.ts';
import { answerDataBytes, holderCandidates, joinBytes, openCase, sendEvent, SessionChanged, setHolder } from '../events/index.ts';
import { caseAudit } from '../stores/audit.ts';
import { caseEvents, caseView, decodeCursor, listCases, loadCase, type CaseRowJoined, type CaseView, type ViewProcedure } from '../stores/cases.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
/** The most cases one CSV of the case list holds. */
const CASES_CSV_LIMIT = 5000;
const flag = (v: string | undefined) => (v === undefined ? undefined : v === '1' || v === 'true');

/** limit has its default */
type ListQuery = CaseQuery & { limit: number };

const NO_DATA = {};
const DATA_FIELD = ',"data":{}';
/**
 * A case as the route's answer schema writes it, as bytes, its data encoded once (events/encode-data.ts:
 * the event's statement did it). The schema's serializer writes the view with an empty data;
 * that field is the first `,"data":{}` of the text, since a string value cannot hold a bare `"`
 * and no field before it has a `data` of its own.
 */
function caseAnswer(reply: FastifyReply, view: CaseView) {
  const text = reply.serialize({ ...view, data: NO_DATA }) as string;
  const at = text.indexOf(DATA_FIELD);
  if (at < 0) return view;
  const body = joinBytes([text.slice(0, at), ',"data":', answerDataBytes(view), text.slice(at + DATA_FIELD.length)]);
  return reply.type('application/json; charset=utf-8').send(body);
}

export const caseRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock, procedures, flow } = app.qt;
  const db = store.db;
  const tags = ['cases'];
  app.addHook('preHandler', app.authenticate);

  async function procedureOf(row: CaseRowJoined): Promise<ViewProcedure> {
    const v = await procedures.get(db, row.procedure_key, row.procedure_version);
    return v?.procedure ?? { title: { vi: row.procedure_key, en: row.procedure_key } };
  }

  /** The case if this user may read it; a case they may not read does not exist for them. */
  async function readable(user: SessionUser, id: string): Promise<CaseRowJoined> {
    const row = await loadCase(db, id);
    if (!row || !canReadCase(user, row)) throw qtError('QT_NOT_FOUND');
    return row;
  }

  app.post<{ Body: NewCase }>(
    '/api/cases',
    { schema: { tags, summary: 'Open a case', body: ref('new-case'), response: { 201: ref('case'), ...errorResponses } } },
    async (req, reply) => {
      const view = await openCase(flow, req.user!, req.body.procedure, req.body.data, clock.now(), req.id);
      return reply.status(201).send(view);
    },
  );

  /** The filters of GET /api/cases (and its CSV) from the query. */
  const filtersOf = (q: ListQuery) => {
    if (q.cursor && !decodeCursor(q.cursor)) throw qtError('QT_VALIDATION', { details: [{ field: 'querystring/cursor', message: 'not a cursor from this API' }] });
    return {
      state: q.state,
      procedure: q.procedure,
      unit: q.unit,
      overdue: flag(q.overdue),
      q: q.q,
      category: q.category,
      platform: q.platform,
      mine: flag(q.mine),
      sort: q.sort,
      limit: q.limit,
      cursor: q.cursor,
    };
  };

  app.get<{ Querystring: ListQuery }>(
    '/api/cases',
    { schema: { tags, summary: 'A page of cases, due first', querystring: ref('case-query'), response: { 200: ref('case-list'), ...errorResponses } } },
    async (req) => {
      const page = await listCases(db, req.user!, filtersOf(req.query));
      const cases = [];
      for (const row of page.rows) cases.push(caseView(row, await procedureOf(row)));
      return { cases, nextCursor: page.nextCursor, counts: page.counts };
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/api/cases.csv',
    {
      schema: {
        tags,
        summary: `The cases of a filter (as GET /api/cases, every page up to ${CASES_CSV_LIMIT}) as CSV: headings and names in the reader's language, UTF-8 with BOM`,
        querystring: ref('case-query'),
        produces: ['text/csv'],
        response: { 200: { type: 'string', description: 'CSV, UTF-8 with BOM' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const page = await listCases(db, req.user!, { ...filtersOf(req.query), cursor: undefined, limit: CASES_CSV_LIMIT });
      const cases = [];
      for (const row of page.rows) {
        const procedure = await procedureOf(row);
        cases.push({ view: caseView(row, procedure) as Case, procedure: 'machine' in procedure ? (procedure as Procedure) : undefined });
      }
      const day = clock.now().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="quytrinh-cases-${day}.csv"`)
        .send(casesCsv(cases, req.query.lang ?? langOf(req.headers['accept-language'])));
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/cases/:id',
    { schema: { tags, summary: 'A case with the actions this user may take now', params: ref('id-params'), response: { 200: ref('case'), ...errorResponses } } },
    async (req) => {
      const row = await readable(req.user!, req.params.id);
      const version = await procedures.get(db, row.procedure_key, row.procedure_version);
      if (!version) throw qtError('QT_INTERNAL');
      const user = req.user!;
      return {
        ...caseView(row, version.procedure),
        actions: availableActions(version.procedure, row.snapshot as CaseState, { id: user.id, roles: user.roles, unitId: user.unitId }),
      };
    },
  );

  app.post<{ Params: IdParams; Body: EventBody; Headers: IdempotencyHeaders }>(
    '/api/cases/:id/events',
    {
      config: { sessionCheckedInWrite: true, countsEvents: true },
      schema: {
        tags,
        summary: 'Send an event (an action) to a case',
        params: ref('id-params'),
        headers: inlineSchema('idempotency-headers'),
        body: ref('event-body'),
        response: { 200: ref('case'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const send = (user: SessionUser) =>
        sendEvent(
          flow,
          {
            caseId: req.params.id,
            event: { type: req.body.type, data: req.body.data ?? {} },
            acting: { user },
            expectedVersion: req.body.expectedVersion,
            idempotencyKey: req.headers['idempotency-key'],
            requestId: req.id,
          },
          clock.now(),
          // A case this user may not read does not exist for them; the session is checked in the write.
          { canRead: (row) => canReadCase(user, row), session: { tokenId: req.sessionId!, user } },
        );
      try {
        return caseAnswer(reply, await send(req.user!));
      } catch (err) {
        if (!(err instanceof SessionChanged)) throw err;
        // Signed out, or the user's roles or unit changed, since the session was cached: look again.
        const user = await app.reauthenticate(req);
        try {
          return caseAnswer(reply, await send(user));
        } catch (again) {
          throw again instanceof SessionChanged ? qtError('QT_UNAUTHENTICATED') : again;
        }
      }
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/cases/:id/assignee',
    {
      schema: { tags, summary: 'Whether this user may take the case, and the officials they may hand it to', params: ref('id-params'), response: { 200: ref('holder-candidates'), ...errorResponses } },
    },
    async (req) => holderCandidates(flow, req.user!, req.params.id),
  );

  app.post<{ Params: IdParams; Body: AssigneeBody }>(
    '/api/cases/:id/assignee',
    {
      schema: {
        tags,
        summary: 'Take the case (userId: oneself), hand it to a named official of its role, or release it (null)',
        params: ref('id-params'),
        body: ref('assignee-body'),
        response: { 200: ref('case'), ...errorResponses },
      },
    },
    async (req) => setHolder(flow, req.user!, req.params.id, req.body, clock.now()),
  );

  app.get<{ Params: IdParams }>(
    '/api/cases/:id/history',
    { schema: { tags, summary: "A case's events and audit rows", params: ref('id-params'), response: { 200: ref('history'), ...errorResponses } } },
    async (req) => {
      await readable(req.user!, req.params.id);
      const [events, audit] = await Promise.all([caseEvents(db, req.params.id), caseAudit(db, req.params.id)]);
      const systemName = 'Hệ thống';
      return {
        events: events.map((e) => {
          const actor = e.actor as { id: string; roles?: string[] };
          return {
            seq: e.case_seq,
            type: e.type,
            data: e.data as Record<string, unknown>,
            actor: { id: e.actor_id, displayName: e.display_name ?? (e.actor_id === 'system' ? systemName : e.actor_id), roles: actor.roles ?? [] },
            at: iso(e.at),
            fromState: e.from_state,
            toState: e.to_state,
          };
        }),
        audit: audit.map((a) => ({
          seq: Number(a.seq),
          at: iso(a.at),
          actor: { id: a.actor_id, displayName: a.display_name ?? (a.actor_id === 'system' ? systemName : a.actor_id), roles: a.roles ?? (a.actor_id === 'system' ? ['system'] : []) },
          action: a.action,
          detail: a.detail as Record<string, unknown>,
        })),
      };
    },
  );
};

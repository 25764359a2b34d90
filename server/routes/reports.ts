// The Standing Committee's report (JSON and CSV) and the live dashboard.
import type { FastifyPluginAsync } from 'fastify';
import type { ReportQuery } from '../../schemas/api/types.ts';
import { errorResponses, ref } from '../route-schemas.ts';
import { qtError } from '../errors.ts';
import { dashboard, defaultPeriod, summaryReport } from '../reports.ts';
import { reportCsv } from '../csv.ts';
import { langOf } from '../errors.ts';

export const reportRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock, procedures } = app.qt;
  const tags = ['reports'];
  app.addHook('preHandler', app.authenticate);

  function period(q: { from?: string; to?: string }) {
    const d = defaultPeriod(clock.now());
    const p = { from: q.from ?? d.from, to: q.to ?? d.to };
    if (p.from > p.to) throw qtError('QT_VALIDATION', { details: [{ field: 'querystring/from', message: 'from is after to' }] });
    return p;
  }

  app.get<{ Querystring: ReportQuery }>(
    '/api/reports/summary',
    { schema: { tags, summary: 'Figures for a period (dates on Vietnamese time)', querystring: ref('report-query'), response: { 200: ref('report'), ...errorResponses } } },
    async (req) => summaryReport(store.db, procedures, req.user!, period(req.query), clock.now()),
  );

  app.get<{ Querystring: ReportQuery }>(
    '/api/reports/summary.csv',
    {
      schema: {
        tags,
        summary: 'The same figures as CSV: headings and names in the reader\'s language (lang, else Accept-Language), UTF-8 with BOM',
        querystring: ref('report-query'),
        produces: ['text/csv'],
        response: { 200: { type: 'string', description: 'CSV, UTF-8 with BOM' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = period(req.query);
      const report = await summaryReport(store.db, procedures, req.user!, p, clock.now());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="quytrinh-report-${p.from}-${p.to}.csv"`)
        .send(await reportCsv(store.db, report, req.query.lang ?? langOf(req.headers['accept-language'])));
    },
  );

  app.get(
    '/api/dashboard',
    { schema: { tags, summary: 'Live counts', response: { 200: ref('dashboard'), ...errorResponses } } },
    async (req) => dashboard(store.db, req.user!, clock.now()),
  );
};

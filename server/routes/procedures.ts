// Procedures: read them, validate a file, save a draft, publish it as the next version.
import type { FastifyPluginAsync } from 'fastify';
import type { MachineImportBody, MigrationBody, ProcedureKeyParams, ProcedureVersionParams, PublishBody } from '../../schemas/api/types.ts';
import { validateProcedure, type Procedure } from '../../engine/index.ts';
import { errorResponses, ref } from '../route-schemas.ts';
import { qtError } from '../errors.ts';
import { isAdmin } from '../access.ts';
import { appendAudit } from '../stores/audit.ts';
import { migrateCases } from '../events/index.ts';
import { importMachineAsDraft } from '../machine-import.ts';
import {
  deleteDraft,
  getDraft,
  getSummary,
  latestVersion,
  listSummaries,
  listVersions,
  publishVersion,
  saveDraft,
} from '../stores/procedures.ts';

export const procedureRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock, procedures } = app.qt;
  const db = store.db;
  const tags = ['procedures'];
  app.addHook('preHandler', app.authenticate);
  const requireAdmin = async (req: { user: { roles: string[] } | null }) => {
    if (!req.user || !isAdmin(req.user as never)) throw qtError('QT_FORBIDDEN');
  };

  // Drafts are work in progress of administrators: nobody else reads them, nor a procedure never published.
  app.get('/api/procedures', { schema: { tags, summary: 'Procedures with their latest published version', response: { 200: ref('procedure-list'), ...errorResponses } } }, async (req) => ({
    procedures: await listSummaries(db, isAdmin(req.user!)),
  }));

  app.get<{ Params: ProcedureKeyParams }>(
    '/api/procedures/:key',
    { schema: { tags, summary: 'One procedure: versions, latest, draft (the draft for admin only)', params: ref('procedure-key-params'), response: { 200: ref('procedure-detail'), ...errorResponses } } },
    async (req) => {
      const drafts = isAdmin(req.user!);
      const summary = await getSummary(db, req.params.key, drafts);
      if (!summary) throw qtError('QT_NOT_FOUND');
      const [versions, latest, draft] = await Promise.all([
        listVersions(db, req.params.key),
        latestVersion(db, req.params.key),
        drafts ? getDraft(db, req.params.key) : null,
      ]);
      return { procedure: summary, versions, latest, draft };
    },
  );

  app.get<{ Params: ProcedureVersionParams }>(
    '/api/procedures/:key/versions/:n',
    { schema: { tags, summary: 'One published version', params: ref('procedure-version-params'), response: { 200: ref('procedure-version'), ...errorResponses } } },
    async (req) => {
      const v = await procedures.get(db, req.params.key, req.params.n);
      if (!v) throw qtError('QT_NOT_FOUND');
      return v;
    },
  );

  app.post<{ Body: unknown }>(
    '/api/procedures/validate',
    { schema: { tags, summary: 'Validate a procedure file: every problem at once', body: ref('procedure-file'), response: { 200: ref('validation-result'), ...errorResponses } } },
    async (req) => validateProcedure(req.body),
  );

  app.post<{ Body: MachineImportBody }>(
    '/api/procedures/import',
    {
      preHandler: requireAdmin,
      schema: { tags, summary: 'A plain XState machine becomes a draft procedure (admin)', body: ref('machine-import-body'), response: { 201: ref('machine-import-result'), ...errorResponses } },
    },
    async (req, reply) => reply.status(201).send(await importMachineAsDraft(db, req.body.machine, req.body.key, req.user!.id, clock.now())),
  );

  app.put<{ Params: ProcedureKeyParams; Body: { procedure: Record<string, unknown>; baseRevision?: number } }>(
    '/api/procedures/:key/draft',
    {
      preHandler: requireAdmin,
      schema: { tags, summary: 'Save the working draft (admin)', params: ref('procedure-key-params'), body: ref('draft-body'), response: { 200: ref('draft-saved'), ...errorResponses } },
    },
    async (req) => {
      const now = clock.now();
      const result = await db.transaction().execute(async (tx) => {
        const r = await saveDraft(tx, req.params.key, req.body.procedure, req.body.baseRevision, req.user!.id, now);
        if (r.ok) {
          await appendAudit(tx, { at: now, actorId: req.user!.id, action: 'procedure.draft_saved', requestId: req.id, caseId: null, detail: { key: req.params.key, revision: r.revision } });
        }
        return r;
      });
      if (!result.ok) {
        throw qtError('QT_DRAFT_CONFLICT', { details: [{ baseRevision: req.body.baseRevision, currentRevision: result.currentRevision }] });
      }
      return { revision: result.revision, savedAt: result.savedAt };
    },
  );

  app.post<{ Params: ProcedureKeyParams; Body: PublishBody | undefined }>(
    '/api/procedures/:key/publish',
    {
      preHandler: requireAdmin,
      schema: { tags, summary: 'Publish the draft as the next version (admin)', params: ref('procedure-key-params'), body: ref('publish-body'), response: { 201: ref('procedure-version'), ...errorResponses } },
    },
    async (req, reply) => {
      const now = clock.now();
      const key = req.params.key;
      const published = await db.transaction().execute(async (tx) => {
        const note = req.body?.note?.trim() ?? '';
        const draft = await getDraft(tx, key);
        if (!draft) throw qtError('QT_NO_DRAFT');
        if (!note) throw qtError('QT_PUBLISH_NOTE_REQUIRED');
        const result = validateProcedure(draft.procedure);
        const problems = result.errors.filter((e) => e.severity !== 'warning');
        if ((draft.procedure as Partial<Procedure>).key !== key) {
          problems.unshift({
            path: '/key',
            code: 'QT_KEY_MISMATCH',
            severity: 'error',
            message: { vi: `Mã quy trình trong tệp phải là "${key}".`, en: `The procedure's key in the file must be "${key}".` },
          });
        }
        if (!result.valid || problems.length) throw qtError('QT_PROCEDURE_INVALID', { details: problems });
        const v = await publishVersion(tx, draft.procedure, req.user!.id, note, now);
        await deleteDraft(tx, key);
        await appendAudit(tx, { at: now, actorId: req.user!.id, action: 'procedure.published', requestId: req.id, caseId: null, detail: { key, version: v.version } });
        return v;
      });
      return reply.status(201).send(published);
    },
  );

  app.post<{ Params: ProcedureKeyParams; Body: MigrationBody }>(
    '/api/procedures/:key/migrations',
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        summary: 'Move the running cases of one version to another with a state mapping (admin); dryRun answers the plan',
        params: ref('procedure-key-params'),
        body: ref('migration-body'),
        response: { 200: ref('migration-result'), ...errorResponses },
      },
    },
    async (req) => migrateCases(app.qt.flow, req.user!, { key: req.params.key, ...req.body }, clock.now()),
  );
};

// Evidence files: multipart upload (size and type checked), served only to readers of the case.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { IdParams } from '../../schemas/api/types.ts';
import { errorResponses, ref } from '../route-schemas.ts';
import { qtError } from '../errors.ts';
import { canReadCase, mayWrite } from '../access.ts';
import { loadCase } from '../stores/cases.ts';
import { byteRange } from '../http-range.ts';
import { acceptedType, getAttachment, listAttachments, saveAttachment, servedAs, storedType } from '../stores/attachments.ts';
import { appendAudit } from '../stores/audit.ts';

const multipartSchema = { consumes: ['multipart/form-data'] };

export const attachmentRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock } = app.qt;
  const db = store.db;
  const tags = ['attachments'];
  app.addHook('preHandler', app.authenticate);

  async function receive(req: FastifyRequest, caseId: string | null) {
    if (!mayWrite(req.user!)) throw qtError('QT_FORBIDDEN');
    if (!req.isMultipart()) throw qtError('QT_UNSUPPORTED_MEDIA_TYPE');
    const part = await req.file();
    if (!part || part.fieldname !== 'file') {
      throw qtError('QT_VALIDATION', { details: [{ field: 'file', message: 'a multipart field named "file" is required' }] });
    }
    const content = await part.toBuffer(); // throws 413 past the size limit
    if (content.length === 0) throw qtError('QT_VALIDATION', { details: [{ field: 'file', message: 'the file is empty' }] });
    const contentType = storedType(part.mimetype, part.filename ?? '');
    if (!acceptedType(contentType, content)) throw qtError('QT_UNSUPPORTED_MEDIA_TYPE', { details: [{ field: 'file', message: contentType }] });
    const now = clock.now();
    return db.transaction().execute(async (tx) => {
      const a = await saveAttachment(tx, { caseId, filename: part.filename || 'file', contentType, content, uploadedBy: req.user!.id }, now);
      await appendAudit(tx, { at: now, actorId: req.user!.id, action: 'attachment.uploaded', requestId: req.id, caseId, detail: { id: a.id, filename: a.filename, size: a.size } });
      return a;
    });
  }

  app.post<{ Params: IdParams }>(
    '/api/cases/:id/attachments',
    { schema: { tags, summary: 'Attach a file to a case (multipart, field "file")', ...multipartSchema, params: ref('id-params'), response: { 201: ref('attachment'), ...errorResponses } } },
    async (req, reply) => {
      const row = await loadCase(db, req.params.id);
      if (!row || !canReadCase(req.user!, row)) throw qtError('QT_NOT_FOUND');
      if (row.status !== 'active') throw qtError('QT_CASE_CLOSED');
      return reply.status(201).send(await receive(req, row.id));
    },
  );

  app.post(
    '/api/attachments',
    {
      schema: {
        tags,
        summary: 'Upload a file before its case exists (e.g. evidence for the opening form); linked when a case names its id',
        ...multipartSchema,
        response: { 201: ref('attachment'), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await receive(req, null)),
  );

  app.get<{ Params: IdParams }>(
    '/api/cases/:id/attachments',
    { schema: { tags, summary: "A case's files", params: ref('id-params'), response: { 200: ref('attachment-list'), ...errorResponses } } },
    async (req) => {
      const row = await loadCase(db, req.params.id);
      if (!row || !canReadCase(req.user!, row)) throw qtError('QT_NOT_FOUND');
      return { attachments: await listAttachments(db, row.id) };
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/attachments/:id',
    // sent as stored: a range is of the stored bytes, never of a compressed copy
    { compress: false, schema: { tags, summary: 'The file itself', params: ref('id-params'), produces: ['application/octet-stream'], response: { ...errorResponses } } },
    async (req, reply) => {
      const a = await getAttachment(db, req.params.id);
      if (!a) throw qtError('QT_NOT_FOUND');
      if (a.caseId) {
        const row = await loadCase(db, a.caseId);
        if (!row || !canReadCase(req.user!, row)) throw qtError('QT_NOT_FOUND');
      } else if (a.uploadedBy !== req.user!.id) {
        throw qtError('QT_NOT_FOUND');
      }
      const served = servedAs(a.contentType);
      reply
        .header('content-type', served.type)
        .header('content-disposition', `${served.disposition}; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header('etag', `"${a.sha256}"`)
        .header('accept-ranges', 'bytes');
      // a download opened by mistake in the app's origin still runs nothing
      if (served.disposition === 'attachment') reply.header('content-security-policy', "default-src 'none'; sandbox");
      // a range of the file (a resumed download, a video seeking); If-Range with another tag: the whole file
      const ifRange = req.headers['if-range'];
      const range = ifRange && ifRange !== `"${a.sha256}"` ? ({ kind: 'whole' } as const) : byteRange(req.headers.range, a.content.length);
      if (range.kind === 'unsatisfiable') {
        return reply.status(416).header('content-range', `bytes */${a.content.length}`).send();
      }
      if (range.kind === 'part') {
        return reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${a.content.length}`)
          .send(a.content.subarray(range.start, range.end + 1));
      }
      return reply.send(a.content);
    },
  );
};

// The bell: notifications for the user's roles on cases the user may read, and marking them read.
import type { FastifyPluginAsync } from 'fastify';
import type { MySettingsBody, NotificationQuery, NotificationReadBody } from '../../schemas/api/types.ts';
import { errorResponses, ref } from '../route-schemas.ts';
import { listNotifications, markRead } from '../stores/notifications.ts';
import { getSettings, setContact, setEmailDigest } from '../stores/digest.ts';
import { normaliseEmail } from '../../engine/index.ts';
import { qtError } from '../errors.ts';
import { appendAudit } from '../stores/audit.ts';

export const notificationRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock } = app.qt;
  const tags = ['notifications'];
  app.addHook('preHandler', app.authenticate);

  app.get<{ Querystring: Required<NotificationQuery> }>(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: "The user's notifications, newest first, and how many are unread",
        querystring: ref('notification-query'),
        response: { 200: ref('notification-list'), ...errorResponses },
      },
    },
    async (req) => listNotifications(store.db, req.user!, req.query.limit),
  );

  app.post<{ Body: NotificationReadBody }>(
    '/api/notifications/read',
    {
      schema: {
        tags,
        summary: 'Marks these notifications read (no ids: all of them)',
        body: ref('notification-read-body'),
        response: { 204: { type: 'null', description: 'Marked' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      await markRead(store.db, req.user!, req.body?.ids, clock.now());
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me/settings',
    { schema: { tags: ['auth'], summary: "The official's own settings (the e-mail digest) and the limits that apply to them", response: { 200: ref('my-settings'), ...errorResponses } } },
    async (req) => getSettings(store.db, req.user!.id, app.qt.maxUploadBytes),
  );

  app.patch<{ Body: MySettingsBody }>(
    '/api/me/settings',
    { schema: { tags: ['auth'], summary: 'Change one\'s own settings', body: ref('my-settings-body'), response: { 200: ref('my-settings'), ...errorResponses } } },
    async (req) => {
      const now = clock.now();
      const { emailDigest, lang } = req.body;
      const email = req.body.email === undefined ? undefined : normaliseEmail(req.body.email);
      if (email === 'invalid') throw qtError('QT_EMAIL_INVALID', { details: [{ field: 'email' }] });
      await store.db.transaction().execute(async (tx) => {
        if (emailDigest !== undefined) await setEmailDigest(tx, req.user!.id, emailDigest, now);
        await setContact(tx, req.user!.id, { email, lang }, now);
        await appendAudit(tx, { at: now, actorId: req.user!.id, action: 'user.settings_changed', requestId: req.id, caseId: null, detail: { emailDigest, email, lang } });
      });
      app.qt.chainer.kick();
      return getSettings(store.db, req.user!.id, app.qt.maxUploadBytes);
    },
  );
};

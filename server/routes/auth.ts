// Sign in and out. Sessions live in the database; the cookie carries only a random token.
import type { FastifyPluginAsync } from 'fastify';
import type { Login } from '../../schemas/api/types.ts';
import { errorResponses, ref, SESSION_COOKIE, sessionCookie } from '../route-schemas.ts';
import { qtError } from '../errors.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { createSession, deleteSession, findUserByUsername, recordSignIn, toSessionUser } from '../stores/users.ts';
import { appendAudit } from '../stores/audit.ts';

// Compared against when the user name is unknown, so both cases take as long.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export const authRoutes: FastifyPluginAsync<{ loginRateLimit: { max: number; timeWindowMs: number } }> = async (app, opts) => {
  const { store, clock } = app.qt;

  app.post<{ Body: Login }>(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in', body: ref('login'), response: { 200: ref('user-answer'), ...errorResponses } },
      config: {
        rateLimit: {
          max: opts.loginRateLimit.max,
          timeWindow: opts.loginRateLimit.timeWindowMs,
          hook: 'preHandler',
          keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: string })?.username ?? '').toLowerCase()}`,
        },
      },
    },
    async (req, reply) => {
      const row = await findUserByUsername(store.db, req.body.username);
      const ok = await verifyPassword(req.body.password, row?.password_hash ?? DUMMY_HASH);
      if (!row || !ok || !row.active) throw qtError('QT_LOGIN_FAILED');
      const now = clock.now();
      // A new token at every sign-in; the one this browser held before (perhaps planted) ends.
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) await deleteSession(store.db, previous);
      const token = await createSession(store.db, row.id, now, app.qt.sessionTtlMs);
      await store.db.transaction().execute(async (tx) => {
        await recordSignIn(tx, row.id, now);
        await appendAudit(tx, { at: now, actorId: row.id, action: 'auth.login', caseId: null, detail: { ip: req.ip } });
      });
      reply.setCookie(SESSION_COOKIE, token, sessionCookie(req.protocol === 'https', app.qt.sessionTtlMs));
      return { user: toSessionUser(row) };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: { type: 'null' }, ...errorResponses } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deleteSession(store.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me',
    {
      preHandler: app.authenticate,
      schema: { tags: ['auth'], summary: 'The signed-in user (mustChangePassword: only /api/me/password and logout answer until then)', response: { 200: ref('user-answer'), ...errorResponses } },
    },
    async (req) => ({ user: req.user! }),
  );
};

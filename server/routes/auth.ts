// Sign in and out. Sessions live in the database; the cookie carries only a random token.
import type { FastifyPluginAsync } from 'fastify';
import type { Login } from '../../schemas/api/types.ts';
import { errorResponses, ref, SESSION_COOKIE, sessionCookie } from '../route-schemas.ts';
import { qtError } from '../errors.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { createSession, deleteSession, deleteUserSessions, findUserByUsername, recordSignIn, tokenId, toSessionUser } from '../stores/users.ts';
import { appendAudit, recentLoginFailures } from '../stores/audit.ts';

// Compared against when the user name is unknown, so both cases take as long.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface LoginLimits {
  /** attempts per user name and address per window */
  loginRateLimit: { max: number; timeWindowMs: number };
  /** attempts per address per window, whatever the name (one address trying many names) */
  loginIpRateLimit: { max: number; timeWindowMs: number };
  /** a user name is refused, even with the right password, after this many failures in the window (from any address) */
  loginLockout: { failures: number; windowMs: number };
}

export const authRoutes: FastifyPluginAsync<LoginLimits> = async (app, opts) => {
  const { store, clock } = app.qt;
  const perAddress = app.createRateLimit({ max: opts.loginIpRateLimit.max, timeWindow: opts.loginIpRateLimit.timeWindowMs, keyGenerator: (req) => req.ip });
  const { failures: lockAfter, windowMs: lockWindowMs } = opts.loginLockout;

  /** A failed or refused sign-in, in the audit log (never the password). */
  async function auditFailure(requestId: string, action: string, actorId: string, detail: Record<string, unknown>) {
    await appendAudit(store.db, { at: clock.now(), actorId, action, requestId, caseId: null, detail });
    app.qt.chainer.kick();
  }

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
      preHandler: async (req) => {
        const limit = await perAddress(req);
        if (!limit.isAllowed && limit.isExceeded) {
          const retryAfterSeconds = limit.ttlInSeconds;
          throw qtError('QT_RATE_LIMITED', { details: [{ retryAfterSeconds }], headers: { 'retry-after': String(retryAfterSeconds) } });
        }
      },
    },
    async (req, reply) => {
      const { username } = req.body;
      const lockedFor = await lockedSeconds(username);
      if (lockedFor > 0) {
        await auditFailure(req.id, 'auth.login_locked', 'anonymous', { username, ip: req.ip });
        throw qtError('QT_LOGIN_LOCKED', { details: [{ retryAfterSeconds: lockedFor }], headers: { 'retry-after': String(lockedFor) } });
      }
      const row = await findUserByUsername(store.db, username);
      const ok = await verifyPassword(req.body.password, row?.password_hash ?? DUMMY_HASH);
      if (!row || !ok || !row.active) {
        const reason = !row ? 'unknown user' : !ok ? 'wrong password' : 'deactivated';
        await auditFailure(req.id, 'auth.login_failed', row?.id ?? 'anonymous', { username, ip: req.ip, reason });
        throw qtError('QT_LOGIN_FAILED');
      }
      const now = clock.now();
      // A new token at every sign-in; the one this browser held before (perhaps planted) ends.
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) {
        await deleteSession(store.db, previous);
        app.qt.hub.closeSession(tokenId(previous));
      }
      const token = await createSession(store.db, row.id, now, app.qt.sessionTtlMs);
      await store.db.transaction().execute(async (tx) => {
        await recordSignIn(tx, row.id, now);
        await appendAudit(tx, { at: now, actorId: row.id, action: 'auth.login', requestId: req.id, caseId: null, detail: { ip: req.ip } });
      });
      reply.setCookie(SESSION_COOKIE, token, sessionCookie(req.protocol === 'https', app.qt.sessionTtlMs));
      return { user: toSessionUser(row) };
    },
  );

  /** Seconds until the name may try again: 0 unless `lockAfter` failures fall in the window. */
  async function lockedSeconds(username: string): Promise<number> {
    const now = clock.now().getTime();
    const recent = await recentLoginFailures(store.db, username, new Date(now - lockWindowMs), lockAfter);
    if (recent.length < lockAfter) return 0;
    // the lock ends when the lockAfter-th most recent failure leaves the window
    return Math.max(1, Math.ceil((recent[lockAfter - 1]!.getTime() + lockWindowMs - now) / 1000));
  }

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: { type: 'null' }, ...errorResponses } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        await deleteSession(store.db, token);
        // sockets of this session on other processes close at their next push (live.ts)
        app.qt.hub.closeSession(tokenId(token));
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/logout-everywhere',
    {
      preHandler: app.authenticate,
      schema: { tags: ['auth'], summary: 'Sign out on every device: all of the user\'s sessions end, their open sockets close', response: { 204: { type: 'null' }, ...errorResponses } },
    },
    async (req, reply) => {
      const me = req.user!;
      const ended = await deleteUserSessions(store.db, me.id);
      // sockets on other processes close at their next push or sweep (live.ts)
      app.qt.hub.closeUser(me.id, 'QT_UNAUTHENTICATED');
      await appendAudit(store.db, { at: clock.now(), actorId: me.id, action: 'auth.logout_everywhere', requestId: req.id, caseId: null, detail: { ip: req.ip, sessions: ended } });
      app.qt.chainer.kick();
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

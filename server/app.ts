// The Fastify app, built apart from the listener: tests `inject` into it, main.ts listens.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyError } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import { durationMs } from '../engine/index.ts';
import type { Store } from './db/connect.ts';
import { systemClock, type Clock } from './clock.ts';
import { errorBody, langOf, qtError, QtError } from './errors.ts';
import { ProcedureCache } from './stores/procedures.ts';
import { sessionUser, tokenId } from './stores/users.ts';
import { SessionCache } from './auth/session-cache.ts';
import { AuditChainer, CaseCache, CaseReader, ChangeFeed, EventWriter, type FlowContext } from './events/index.ts';
import { securityHeaders } from './security-headers.ts';
import { loadApiSchemas, SCHEMA_BASE, SESSION_COOKIE } from './route-schemas.ts';
import { Scheduler } from './scheduler.ts';
import { LiveHub } from './live.ts';
import type { SessionUser } from './access.ts';
import { authRoutes } from './routes/auth.ts';
import { procedureRoutes } from './routes/procedures.ts';
import { caseRoutes } from './routes/cases.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { reportRoutes } from './routes/reports.ts';
import { systemRoutes } from './routes/system.ts';
import { liveRoutes } from './routes/live.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { accountRoutes } from './routes/accounts.ts';
import { Housekeeping } from './housekeeping.ts';

export interface AppOptions {
  store: Store;
  clock?: Clock;
  logger?: boolean | Record<string, unknown>;
  /** Built UI to serve (dist/ui); null: none. */
  uiDir?: string | null;
  /** Idle lifetime of a session (ISO 8601 duration), default PT12H. */
  sessionTtl?: string;
  /** Login attempts per user name and address per window. */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Largest upload, bytes; default 10 MB. */
  maxUploadBytes?: number;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* (cookies become Secure). */
  trustProxy?: boolean;
  /** Fire due timers every N ms; omitted: only when runDue() is called (tests). */
  schedulerIntervalMs?: number;
  /** With the scheduler: delete expired sessions and never-linked uploads every N ms; default 10 minutes. */
  housekeepingIntervalMs?: number;
  /** The memory the CaseCache's rows may take, estimated (events/case-cache.ts rowWeight), bytes; default 24 MiB, 0: no cache. */
  caseCacheBytes?: number;
}

export interface Services {
  store: Store;
  clock: Clock;
  procedures: ProcedureCache;
  flow: FlowContext;
  scheduler: Scheduler;
  housekeeping: Housekeeping;
  hub: LiveHub;
  chainer: AuditChainer;
  /** sessions of routes that check the session again in their write (config.sessionCheckedInWrite) */
  sessions: SessionCache;
  sessionTtlMs: number;
  maxUploadBytes: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    qt: Services;
    /** preHandler: 401 unless signed in; sets request.user */
    authenticate: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** looks the session up again, past the cache (after SessionChanged); 401 if it ended */
    reauthenticate: (req: FastifyRequest) => Promise<SessionUser>;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    /** the session row's key (the token's hash) */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** the route's write statement checks the session itself: a cached lookup may serve */
    sessionCheckedInWrite?: boolean;
  }
}

/** What a user whose password an administrator set may still reach (logout needs no session). */
const OPEN_BEFORE_PASSWORD_CHANGE = new Set(['/api/me', '/api/me/password']);

// SQLSTATE: invalid text representation, numeric out of range, NUL in text, untranslatable
// character (\u0000 in jsonb), bad or out-of-range datetime, string too long.
const PG_BAD_VALUE = ['22P02', '22003', '22021', '22P05', '22007', '22008', '22001'];

/** Maps anything thrown to the catalog's error, with the right status. */
function toQtError(err: FastifyError & { validation?: unknown[]; validationContext?: string }): QtError {
  if (err instanceof QtError) return err;
  if (err.validation) {
    const details = (err.validation as { instancePath?: string; message?: string; params?: Record<string, unknown> }[]).map((v) => {
      const missing = v.params?.missingProperty ? `/${String(v.params.missingProperty)}` : '';
      return { field: `${err.validationContext ?? 'body'}${v.instancePath ?? ''}${missing}`, message: v.message ?? 'invalid' };
    });
    return qtError('QT_VALIDATION', { details });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return qtError('QT_PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return qtError('QT_UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return qtError('QT_VALIDATION', { details: [{ field: 'body', message: err.message }] });
  }
  if (err.statusCode === 413) return qtError('QT_PAYLOAD_TOO_LARGE');
  if (err.statusCode === 415) return qtError('QT_UNSUPPORTED_MEDIA_TYPE');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return qtError('QT_VALIDATION', { details: [{ field: 'request', message: err.message }] });
  }
  const code = String((err as { code?: unknown }).code ?? '');
  // PostgreSQL data exceptions come from values a client sent that the database cannot store
  // (a NUL character in text, a number out of range such as `limit=1e400` coerced to Infinity).
  if (PG_BAD_VALUE.includes(code)) {
    return qtError('QT_VALIDATION', { details: [{ field: 'request', message: 'a value the database cannot store (e.g. a NUL character, a number out of range)' }] });
  }
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001'].includes(code) ||
    /PGlite is clos|^Connection terminated|Client has encountered a connection error/.test(err.message)
  ) {
    return qtError('QT_DATABASE_UNAVAILABLE');
  }
  return qtError('QT_INTERNAL');
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: 5 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    // A URL the router cannot decode, or a path segment over its length limit: coded like any 400.
    frameworkErrors: (err, req, reply) => {
      const qe = qtError('QT_VALIDATION', { details: [{ field: 'url', message: err.message }] });
      (reply as FastifyReply).status(qe.status).send(errorBody(qe, langOf(req.headers['accept-language'])));
    },
  });
  const log = (msg: string, err?: unknown) => app.log.error({ err }, msg);
  const procedures = new ProcedureCache();
  const chainer = new AuditChainer(opts.store.db, log);
  const feed = new ChangeFeed(opts.store.db, log);
  const flow: FlowContext = {
    db: opts.store.db,
    procedures,
    chainer,
    feed,
    cases: new CaseCache(5_000, opts.caseCacheBytes),
    writer: new EventWriter(opts.store.db, { prepared: opts.store.prepared, gather: true }),
    reader: new CaseReader(opts.store.db, { prepared: opts.store.prepared }),
  };
  const services: Services = {
    store: opts.store,
    clock,
    procedures,
    flow,
    chainer,
    sessions: new SessionCache(),
    scheduler: new Scheduler(flow, clock, log),
    housekeeping: new Housekeeping(opts.store.db, clock, log),
    hub: new LiveHub(opts.store, procedures, log, feed),
    sessionTtlMs: durationMs(opts.sessionTtl ?? 'PT12H'),
    maxUploadBytes: opts.maxUploadBytes ?? 10 * 1024 * 1024,
  };
  app.decorate('qt', services);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);

  for (const schema of loadApiSchemas()) app.addSchema(schema as never);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const qe = toQtError(err);
    if (qe.status >= 500) req.log.error({ err }, 'request failed');
    for (const [k, v] of Object.entries(qe.headers)) reply.header(k, v);
    reply.status(qe.status).send(errorBody(qe, langOf(req.headers['accept-language'])));
  });
  app.setNotFoundHandler((req, reply) => {
    const qe = qtError('QT_NOT_FOUND');
    reply.status(404).send(errorBody(qe, langOf(req.headers['accept-language'])));
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'quytrinh API', version: '0.1.0', description: 'Cases, procedures, reports. Shapes: docs/api.md; errors: docs/errors.md.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    refResolver: {
      buildLocalReference: (json: { $id?: string }, _base: unknown, _frag: unknown, i: number) =>
        json.$id ? json.$id.replace(SCHEMA_BASE, '').replace(/\.json$/, '') : `def-${i}`,
    },
  });
  await app.register(cookie);
  const headers = securityHeaders({
    contentSecurityPolicy: {
      // 'unsafe-eval': Ajv compiles JSON Schemas to functions in the browser (the engine's
      // validation in the designer and simulator, and the form validator of @sjsf/ajv8-validator).
      directives: { 'connect-src': ["'self'", 'ws:', 'wss:'], 'img-src': ["'self'", 'data:', 'blob:'], 'script-src': ["'self'", "'unsafe-eval'"] },
    },
    // The UI is served over plain HTTP on 127.0.0.1 by default; let TLS proxies add HSTS.
    hsts: false,
  });
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => qtError('QT_RATE_LIMITED', { details: [{ retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }] }),
  });
  await app.register(multipart, { limits: { fileSize: services.maxUploadBytes, files: 1, fields: 10, parts: 12 } });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  // CSRF (besides the SameSite=Strict cookie): browsers send Origin on every cross-origin
  // state-changing request and WebSocket handshake; one from a page of another origin is refused.
  // A cross-site HTML form can only send urlencoded, multipart or text/plain bodies: the API reads
  // JSON (multipart only for uploads), so text/plain gets no parser and is refused with 415.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (req) => {
    const changes = !['GET', 'HEAD', 'OPTIONS'].includes(req.method) || req.headers.upgrade?.toLowerCase() === 'websocket';
    if (!changes) return;
    const origin = req.headers.origin;
    const crossSite = req.headers['sec-fetch-site'] === 'cross-site';
    if (crossSite || (origin !== undefined && !sameHost(origin, req.host))) {
      throw qtError('QT_FORBIDDEN', { details: [{ field: 'headers/origin', message: 'A request from another site is refused.' }] });
    }
  });

  /** The request's session from the database (or, where the route allows it, the cache). */
  async function signIn(req: FastifyRequest, useCache: boolean): Promise<SessionUser> {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) throw qtError('QT_UNAUTHENTICATED');
    const id = tokenId(token);
    const now = clock.now();
    let user = useCache ? services.sessions.get(id, now.getTime()) : null;
    if (!user) {
      services.sessions.delete(id);
      user = await sessionUser(opts.store.db, token, now, services.sessionTtlMs);
      if (!user) throw qtError('QT_UNAUTHENTICATED');
      if (useCache) services.sessions.set(id, user, now.getTime());
    }
    req.user = user;
    req.sessionId = id;
    if (user.mustChangePassword && !OPEN_BEFORE_PASSWORD_CHANGE.has(req.routeOptions.url ?? '')) {
      throw qtError('QT_PASSWORD_CHANGE_REQUIRED');
    }
    return user;
  }
  app.decorate('authenticate', async (req: FastifyRequest) => {
    await signIn(req, req.routeOptions.config.sessionCheckedInWrite === true);
  });
  app.decorate('reauthenticate', (req: FastifyRequest) => signIn(req, false));

  await app.register(authRoutes, { loginRateLimit: opts.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 } });
  await app.register(procedureRoutes);
  await app.register(caseRoutes);
  await app.register(attachmentRoutes);
  await app.register(reportRoutes);
  await app.register(systemRoutes);
  await app.register(liveRoutes);
  await app.register(notificationRoutes);
  await app.register(accountRoutes, { passwordRateLimit: opts.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 } });
  await registerUi(app, opts.uiDir ?? null);

  await services.hub.start();
  if (opts.schedulerIntervalMs) {
    services.scheduler.start(opts.schedulerIntervalMs);
    services.housekeeping.start(opts.housekeepingIntervalMs ?? 10 * 60_000);
  }
  // Rows another process wrote and did not chain (it stopped) are picked up within a second.
  chainer.start(1000);
  app.addHook('onClose', async () => {
    await services.scheduler.stop();
    await services.housekeeping.stop();
    await feed.flush();
    await services.hub.stop();
    await chainer.stop();
  });
  return app;
}

/** Origin names the host this request was sent to (default ports compared as such). */
function sameHost(origin: string, host: string): boolean {
  try {
    const o = new URL(origin);
    return o.host === new URL(`${o.protocol}//${host}`).host;
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage match no host
  }
}

/** Serves the built UI with a fallback to index.html for client routes; says so when it is missing. */
async function registerUi(app: FastifyInstance, uiDir: string | null) {
  const index = uiDir ? join(uiDir, 'index.html') : null;
  if (uiDir && index && existsSync(index)) {
    await app.register(fastifyStatic, { root: resolve(uiDir), wildcard: false, index: 'index.html' });
    const html = readFileSync(index);
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/') || req.url.startsWith('/ws') || req.url.startsWith('/docs')) throw qtError('QT_NOT_FOUND');
      return reply.type('text/html; charset=utf-8').send(html);
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(
          'quytrinh server is running, but the UI is not built (dist/ui is missing).\n' +
            'Giao diện chưa được xây dựng (thiếu dist/ui). Run: npm run build\n\nAPI: /api/health · OpenAPI: /docs\n',
        ),
    );
  }
}

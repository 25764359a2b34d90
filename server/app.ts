// The Fastify app, built apart from the listener: tests `inject` into it, main.ts listens.
import { constants as zlib } from 'node:zlib';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyError } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import { durationMs } from '../engine/index.ts';
import type { Store } from './db/connect.ts';
import { systemClock, type Clock } from './clock.ts';
import { errorBody, langOf, qtError, QtError } from './errors.ts';
import { ProcedureCache } from './stores/procedures.ts';
import { shippedProcedures } from './shipped.ts';
import { sessionUser, tokenId } from './stores/users.ts';
import { SessionCache } from './auth/session-cache.ts';
import { appendAudit } from './stores/audit.ts';
import { AuditChainer, CaseCache, CaseReader, ChangeFeed, EventWriter, type FlowContext } from './events/index.ts';
import { securityHeaders } from './security-headers.ts';
import { answerClientError, toQtError } from './http-errors.ts';
import { registerUi } from './ui-static.ts';
import { loadApiSchemas, SCHEMA_BASE, SESSION_COOKIE } from './route-schemas.ts';
import { Scheduler } from './scheduler.ts';
import { LiveHub } from './live.ts';
import type { LiveLimits } from './live-limits.ts';
import type { SessionUser } from './access.ts';
import { authRoutes } from './routes/auth.ts';
import { procedureRoutes } from './routes/procedures.ts';
import { caseRoutes } from './routes/cases.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { reportRoutes } from './routes/reports.ts';
import { systemRoutes } from './routes/system.ts';
import { liveRoutes } from './routes/live.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { ServiceWorker } from './outbox/worker.ts';
import { DEFAULT_AUTOMATION, type AutomationSettings } from './outbox/types.ts';
import { accountRoutes } from './routes/accounts.ts';
import { BackgroundJob } from './background.ts';
import { Housekeeping } from './housekeeping.ts';
import { DEFAULT_DIGEST, DigestJob, type DigestSettings } from './digest.ts';
import { MAX_UPLOAD_BYTES } from './stores/attachments.ts';
import { installMetrics } from './ops/metrics.ts';
import { installRequestLog, requestId } from './ops/request-log.ts';

export interface AppOptions {
  store: Store;
  clock?: Clock;
  logger?: boolean | Record<string, unknown>;
  /** Built UI to serve (dist/ui); null: none. */
  uiDir?: string | null;
  /** Idle lifetime of a session (ISO 8601 duration), default PT12H. */
  sessionTtl?: string;
  /** Login attempts per user name and address per window; default 10 a minute. */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Login attempts per address per window, whatever the name; default 100 a minute. */
  loginIpRateLimit?: { max: number; timeWindowMs: number };
  /** Failed sign-ins of one user name within the window that lock it until they leave the window; default 10 in 15 minutes. */
  loginLockout?: { failures: number; windowMs: number };
  /** Largest upload, bytes; default 10 MB. */
  maxUploadBytes?: number;
  /** The proxies (IPs, CIDR ranges) whose X-Forwarded-For/-Proto are believed (QUYTRINH_TRUST_PROXY); none by default. */
  trustProxy?: string[];
  /** Fire due timers every N ms; omitted: only when runDue() is called (tests). */
  schedulerIntervalMs?: number;
  /** With the scheduler: delete expired sessions and never-linked uploads every N ms; default 10 minutes. */
  housekeepingIntervalMs?: number;
  /** The memory the CaseCache's rows may take, estimated (events/case-cache.ts rowWeight), bytes; default 24 MiB, 0: no cache. */
  caseCacheBytes?: number;
  /** What a WebSocket and a user may take (live.ts DEFAULT_LIVE_LIMITS for the rest). */
  live?: Partial<LiveLimits>;
  /** QUYTRINH_METRICS_TOKEN: GET /metrics answers a request bearing it; absent: no metrics at all. */
  metricsToken?: string | null;
  /** Automated steps: attempts, backoff, timeout, webhook allow-list and secret, SMTP (outbox/types.ts). */
  automation?: Partial<AutomationSettings>;
  /** The daily e-mail digest: its hour, the public URL of its links, how often it looks (digest.ts). */
  digest?: Partial<DigestSettings>;
}

export interface Services {
  store: Store;
  clock: Clock;
  procedures: ProcedureCache;
  flow: FlowContext;
  scheduler: Scheduler;
  /** runs automated steps from the outbox */
  calls: ServiceWorker;
  housekeeping: Housekeeping;
  /** queues each official's daily e-mail digest in the outbox */
  digest: DigestJob;
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
const OPEN_BEFORE_PASSWORD_CHANGE = new Set(['/api/me', '/api/me/password', '/api/auth/logout-everywhere']);

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: requestId,
    logController: new LogController({ disableRequestLogging: true }), // one line per request, from installRequestLog
    trustProxy: opts.trustProxy?.length ? opts.trustProxy : false,
    bodyLimit: 5 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    clientErrorHandler: answerClientError,
    // A URL the router cannot decode, or a path segment over its length limit: coded like any 400.
    frameworkErrors: (err, req, reply) => {
      const qe = qtError('QT_VALIDATION', { details: [{ field: 'url', message: err.message }] });
      (reply as FastifyReply).status(qe.status).send(errorBody(qe, langOf(req.headers['accept-language'])));
    },
  });
  const log = (msg: string, err?: unknown) => app.log.error({ err }, msg);
  const procedures = new ProcedureCache(shippedProcedures());
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
    calls: new ServiceWorker(flow, clock, { ...DEFAULT_AUTOMATION, ...opts.automation }, log),
    housekeeping: new Housekeeping(opts.store.db, clock, log),
    digest: new DigestJob(flow, clock, { ...DEFAULT_DIGEST, ...opts.digest }, log),
    hub: new LiveHub(opts.store, procedures, { clock, log, feed, limits: opts.live }),
    sessionTtlMs: durationMs(opts.sessionTtl ?? 'PT12H'),
    maxUploadBytes: opts.maxUploadBytes ?? MAX_UPLOAD_BYTES,
  };
  flow.calls = services.calls;
  app.decorate('qt', services);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('errorCode', null);
  installRequestLog(app);

  for (const schema of loadApiSchemas()) app.addSchema(schema as never);

  /** A refused authorization (403): in the server log and the audit log (ASVS 16.3.2). */
  async function recordRefusal(req: FastifyRequest, qe: QtError) {
    const detail = { method: req.method, url: req.url.slice(0, 500), code: qe.code, ip: req.ip };
    req.log.warn({ userId: req.user?.id ?? null, ...detail }, 'access refused');
    try {
      await appendAudit(opts.store.db, { at: clock.now(), actorId: req.user?.id ?? 'anonymous', action: 'access.refused', caseId: null, detail, requestId: req.id });
      chainer.kick();
    } catch (err) {
      req.log.error({ err }, 'audit: a refused access could not be recorded');
    }
  }
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const qe = toQtError(err);
    req.errorCode = qe.code;
    if (qe.status >= 500) req.log.error({ err }, 'request failed');
    if (qe.status === 403) await recordRefusal(req, qe);
    for (const [k, v] of Object.entries(qe.headers)) reply.header(k, v);
    return reply.status(qe.status).send(errorBody(qe, langOf(req.headers['accept-language'])));
  });
  app.setNotFoundHandler((req, reply) => {
    const qe = qtError('QT_NOT_FOUND');
    req.errorCode = qe.code;
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
  // Answers over 1 KB compressed for clients that ask (a page of the inbox, a case); brotli at a
  // quality that costs about what gzip does. Files already compressed are left as they are.
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(cookie);
  const policy = (https: boolean) =>
    securityHeaders({
      contentSecurityPolicy: {
        // No 'unsafe-eval': the browser validates with precompiled code and an interpreter
        // (engine/generated/schema-validators.js, engine/json-schema.ts).
        directives: {
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          'script-src': ["'self'"],
          // over plain HTTP a browser would ask for https:// assets no one serves (any host but localhost)
          'upgrade-insecure-requests': https ? [] : null,
        },
      },
      // The UI is served over plain HTTP on 127.0.0.1 by default; let TLS proxies add HSTS.
      hsts: false,
    });
  const headers = { plain: policy(false), tls: policy(true) };
  app.addHook('onRequest', (req, reply, done) => {
    // https: TLS here, or X-Forwarded-Proto from a trusted proxy
    reply.headers(req.protocol === 'https' ? headers.tls : headers.plain);
    // answers of the API are a user's data: never kept by a browser or a shared cache
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
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

  if (opts.metricsToken) installMetrics(app, opts.metricsToken);

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

  await app.register(authRoutes, {
    loginRateLimit: opts.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 },
    loginIpRateLimit: opts.loginIpRateLimit ?? { max: 100, timeWindowMs: 60_000 },
    loginLockout: opts.loginLockout ?? { failures: 10, windowMs: 15 * 60_000 },
  });
  await app.register(procedureRoutes);
  await app.register(caseRoutes);
  await app.register(attachmentRoutes);
  await app.register(reportRoutes);
  await app.register(systemRoutes);
  await app.register(liveRoutes);
  await app.register(notificationRoutes);
  await app.register(incidentRoutes);
  await app.register(accountRoutes, { passwordRateLimit: opts.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 } });
  await registerUi(app, opts.uiDir ?? null);

  await services.hub.start();
  // sockets of sessions that ended with nothing pushed since are closed within a minute
  const socketSweep = new BackgroundJob('live: session sweep', () => services.hub.sweep(), log);
  if (opts.schedulerIntervalMs) {
    services.scheduler.start(opts.schedulerIntervalMs);
    services.housekeeping.start(opts.housekeepingIntervalMs ?? 10 * 60_000);
    socketSweep.start(60_000);
  }
  services.calls.start();
  services.digest.start();
  // Rows another process wrote and did not chain (it stopped) are picked up within a second.
  chainer.start(1000);
  app.addHook('onClose', async () => {
    await services.scheduler.stop();
    await services.digest.stop();
    await services.calls.stop();
    await services.housekeeping.stop();
    await socketSweep.stop();
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

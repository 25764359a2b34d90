// Prometheus metrics (GET /metrics), only when QUYTRINH_METRICS_TOKEN is set and only for a
// request carrying it as a bearer token. Labels are bounded: a route's pattern, never its URL;
// an error code of the catalog; a procedure's key and its states. What can be read from the
// process at scrape time (sockets, the pool, timers fired) is read then, not counted on the way.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { qtError, errorBody, langOf } from '../errors.ts';
import { countIncidents } from '../outbox/store.ts';

/** The cases gauge is read from the counters table at most this often. */
export const CASES_REFRESH_MS = 30_000;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether an Authorization header carries the token, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** the catalog's code of the error this request was answered with (server/app.ts error handler) */
    errorCode: string | null;
  }
  interface FastifyContextConfig {
    /** the route takes an event of a case: counted as accepted or refused by code */
    countsEvents?: boolean;
  }
}

/** Adds the request hooks and GET /metrics; call on the root instance before the routes. */
export function installMetrics(app: FastifyInstance, token: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { qt } = app;

  const http = new Histogram({
    name: 'quytrinh_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status, with their latency',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const accepted = new Counter({ name: 'quytrinh_events_accepted_total', help: 'Events of cases accepted and written', registers: [registry] });
  const refused = new Counter({
    name: 'quytrinh_events_refused_total',
    help: 'Events of cases refused, by error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const batch = new Histogram({
    name: 'quytrinh_event_batch_size',
    help: 'Events written per statement of the event path',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  qt.flow.writer?.observe((events) => batch.observe(events));

  new Gauge({
    name: 'quytrinh_websocket_connections',
    help: 'WebSocket connections open on this process',
    registers: [registry],
    collect() {
      this.set(qt.hub.subscriberCount);
    },
  });
  new Gauge({
    name: 'quytrinh_websocket_buffered_bytes',
    help: 'Bytes waiting to be sent on this process\'s WebSockets',
    registers: [registry],
    collect() {
      this.set(qt.hub.bufferedBytes());
    },
  });
  const seen = { fired: 0, refused: 0 };
  new Counter({
    name: 'quytrinh_timers_fired_total',
    help: 'Timers fired by this process, by outcome (refused: the engine refused the timer\'s event)',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      for (const outcome of ['fired', 'refused'] as const) {
        const total = qt.scheduler.totals[outcome];
        if (total > seen[outcome]) this.inc({ outcome }, total - seen[outcome]);
        seen[outcome] = total;
      }
    },
  });
  new Gauge({
    name: 'quytrinh_timers_due',
    help: 'Timers due by now and not fired yet (all processes)',
    registers: [registry],
    async collect() {
      const row = await qt.store.db
        .selectFrom('timers')
        .select(sql<string>`count(*)`.as('n'))
        .where('fired_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .where('due_at', '<=', qt.clock.now())
        .executeTakeFirst();
      this.set(Number(row?.n ?? 0));
    },
  });
  const attemptsSeen = new Map<string, number>();
  new Counter({
    name: 'quytrinh_service_attempts_total',
    help: 'Attempts of automated steps made by this process, by service and result (done, retry, failed, incident, stale)',
    labelNames: ['service', 'result'] as const,
    registers: [registry],
    collect() {
      for (const [key, total] of qt.calls.totals) {
        const [service, result] = key.split('\t') as [string, string];
        const seen = attemptsSeen.get(key) ?? 0;
        if (total > seen) this.inc({ service, result }, total - seen);
        attemptsSeen.set(key, total);
      }
    },
  });
  new Gauge({
    name: 'quytrinh_incidents_open',
    help: 'Automated steps that failed after their last attempt and wait for an administrator (all processes)',
    registers: [registry],
    async collect() {
      this.set(await countIncidents(qt.store.db));
    },
  });
  new Gauge({
    name: 'quytrinh_db_pool_connections',
    help: 'Connections of this process\'s PostgreSQL pool: total, idle, and requests waiting for one (PGlite: one connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = qt.store.poolStats?.() ?? { total: 1, idle: 0, waiting: 0 };
      for (const [state, n] of Object.entries(pool)) this.set({ state }, n);
    },
  });
  let casesAt = -Infinity;
  new Gauge({
    name: 'quytrinh_cases',
    help: `Cases by procedure and state (all processes; refreshed at most every ${CASES_REFRESH_MS / 1000} s)`,
    labelNames: ['procedure', 'state'] as const,
    registers: [registry],
    async collect() {
      const now = qt.clock.now().getTime();
      if (now - casesAt < CASES_REFRESH_MS && now >= casesAt) return;
      casesAt = now;
      const rows = await qt.store.db
        .selectFrom('case_counts')
        .select(['procedure_key', 'state', sql<string>`sum(n)`.as('n')])
        .groupBy(['procedure_key', 'state'])
        .execute();
      this.reset();
      for (const r of rows) if (Number(r.n) > 0) this.set({ procedure: r.procedure_key, state: r.state }, Number(r.n));
    },
  });

  app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done) => {
    const route = req.routeOptions.url ?? '<unmatched>';
    const status = reply.statusCode;
    http.observe({ route, method: req.method, status: String(status) }, reply.elapsedTime / 1000);
    if (req.routeOptions.config?.countsEvents) {
      if (status === 200) accepted.inc();
      else refused.inc({ code: req.errorCode ?? `HTTP_${status}` });
    }
    done();
  });

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!bearerMatches(req.headers.authorization, token)) {
      const qe = qtError('QT_UNAUTHENTICATED');
      return reply.status(401).header('www-authenticate', 'Bearer').send(errorBody(qe, langOf(req.headers['accept-language'])));
    }
    return reply.type(registry.contentType).header('cache-control', 'no-store').send(await registry.metrics());
  });
  return registry;
}

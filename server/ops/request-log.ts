// One log line per request, with the request's id: the id comes from an x-request-id a proxy set
// (when it is a plain token) or is made here, is sent back in x-request-id and is written into
// the audit rows the request writes. JSON lines for a log collector; on a terminal, one readable line.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** The request's id: a proxy's x-request-id when it is a plain token, else a new UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** The log levels QUYTRINH_LOG_LEVEL takes. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** A JSON log line as one readable line: time, level, request, status, duration, then the message. */
export function readableLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json);
  } catch {
    return json;
  }
  const time = new Date(Number(o.time)).toISOString().slice(11, 19);
  const level = (LEVEL_NAMES[Number(o.level)] ?? String(o.level)).padEnd(5);
  if (o.msg === 'request') return `${time} ${level} ${o.method} ${o.url} ${o.status} ${o.ms} ms ${o.reqId}\n`;
  const err = o.err as { message?: string; stack?: string } | undefined;
  return `${time} ${level} ${o.msg ?? ''}${o.reqId ? ` ${o.reqId}` : ''}${err ? `\n${err.stack ?? err.message}` : ''}\n`;
}

/** Fastify's logger settings: JSON lines on stdout, or readable lines when `readable` (a terminal). */
export function loggerOptions(level: LogLevel, readable: boolean, out: { write(s: string): unknown } = process.stdout) {
  return readable ? { level, stream: { write: (line: string) => out.write(readableLine(line)) } } : { level, stream: out };
}

/** Sends the id back and logs each request once, when its answer is sent. */
export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const status = reply.statusCode;
    const line = {
      method: req.method,
      url: req.url.length > 300 ? req.url.slice(0, 300) + '…' : req.url,
      route: req.routeOptions.url ?? null,
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      userId: req.user?.id ?? null,
      ...(req.errorCode ? { code: req.errorCode } : {}),
    };
    if (status >= 500) req.log.error(line, 'request');
    else req.log.info(line, 'request');
    done();
  });
}

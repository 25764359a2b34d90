// What the HTTP layer answers when something goes wrong: anything thrown mapped to the error
// catalog (Fastify's own refusals, PostgreSQL's data exceptions, a database gone), and Node's
// answers to requests it could not read, in the same format.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import { errorBody, qtError, QtError } from './errors.ts';

// SQLSTATE: invalid text representation, numeric out of range, NUL in text, untranslatable
// character (\u0000 in jsonb), bad or out-of-range datetime, string too long.
const PG_BAD_VALUE = ['22P02', '22003', '22021', '22P05', '22007', '22008', '22001'];

/** Maps anything thrown to the catalog's error, with the right status. */
export function toQtError(err: FastifyError & { validation?: unknown[]; validationContext?: string }): QtError {
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

/**
 * Node's own answers to a request it could not read — too slow (408), headers too large (431),
 * not HTTP (400) — in the error format. No request exists yet, so no Accept-Language: Vietnamese.
 */
export function answerClientError(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const qe =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? qtError('QT_REQUEST_TIMEOUT')
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? qtError('QT_HEADERS_TOO_LARGE')
        : qtError('QT_VALIDATION', { details: [{ field: 'request', message: 'not a readable HTTP request' }] });
  this.log.debug({ err }, 'client error');
  const body = JSON.stringify(errorBody(qe, 'vi'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${qe.status} ${STATUS_CODES[qe.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

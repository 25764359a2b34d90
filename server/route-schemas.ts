// What app.ts and every route share: the API's JSON Schemas (schemas/api/) and the session cookie's name.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_BASE = 'https://quytrinh.dev/schemas/api/';
// relative to server/ and to dist/ alike: this file stays at server/'s top for the bundle
export const SCHEMAS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../schemas/api');
export const SESSION_COOKIE = 'qt_session';

/** The session cookie's settings: script cannot read it, other sites' requests do not carry it. */
export const sessionCookie = (secure: boolean, ttlMs: number) =>
  ({ path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: Math.floor(ttlMs / 1000) }) as const;

/** `$ref` to one of schemas/api/<name>.json */
export const ref = (name: string) => ({ $ref: `${SCHEMA_BASE}${name}.json#` });

/** The error answers every route may give. */
export const errorResponses = { '4xx': ref('error'), '5xx': ref('error') };

/**
 * A schema of schemas/api/ inlined, without its $id: Fastify lower-cases header names only in
 * inline header schemas (FSTSEC002).
 */
export function inlineSchema(name: string): Record<string, unknown> {
  const { $id: _id, $schema: _s, ...rest } = JSON.parse(readFileSync(join(SCHEMAS_DIR, `${name}.json`), 'utf8'));
  return rest;
}

export function loadApiSchemas(): Record<string, unknown>[] {
  return readdirSync(SCHEMAS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(SCHEMAS_DIR, f), 'utf8')));
}

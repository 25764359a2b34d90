// The error catalog is documented, and the system routes answer in shape: health, 404, /docs, UI.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../server/db/connect.ts';
import { ErrorCatalog } from '../../server/errors.ts';
import { RejectionCode } from '../../engine/index.ts';
import { closeTestStore, dbLabel, makeApp, openTestStore, START, TestClock } from './helpers.ts';

describe('error catalog', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^## (QT_[A-Z_]+)$/gm)].map((m) => m[1]);

  it('documents every code in docs/errors.md, with its status and both messages', () => {
    for (const [code, def] of Object.entries(ErrorCatalog)) {
      const section = doc.split(`## ${code}\n`)[1]?.split('\n## ')[0] ?? '';
      expect(section, code).toContain(`HTTP ${def.status}`);
      expect(section, code).toContain(def.message.vi);
      expect(section, code).toContain(def.message.en);
    }
    expect(documented.sort()).toEqual(Object.keys(ErrorCatalog).sort());
  });

  it('has every code the engine refuses with', () => {
    for (const code of Object.values(RejectionCode)) expect(Object.keys(ErrorCatalog)).toContain(code);
  });

  it('keeps the statuses docs/api.md gives', () => {
    const status = (c: keyof typeof ErrorCatalog) => ErrorCatalog[c].status;
    expect({
      QT_EVENT_NOT_AVAILABLE: status('QT_EVENT_NOT_AVAILABLE'),
      QT_ROLE_NOT_ALLOWED: status('QT_ROLE_NOT_ALLOWED'),
      QT_FORM_INVALID: status('QT_FORM_INVALID'),
      QT_GUARD_REFUSED: status('QT_GUARD_REFUSED'),
      QT_CASE_CLOSED: status('QT_CASE_CLOSED'),
      QT_VALIDATION: status('QT_VALIDATION'),
      QT_UNAUTHENTICATED: status('QT_UNAUTHENTICATED'),
      QT_FORBIDDEN: status('QT_FORBIDDEN'),
      QT_NOT_FOUND: status('QT_NOT_FOUND'),
      QT_CASE_VERSION_CONFLICT: status('QT_CASE_VERSION_CONFLICT'),
      QT_PAYLOAD_TOO_LARGE: status('QT_PAYLOAD_TOO_LARGE'),
      QT_PROCEDURE_INVALID: status('QT_PROCEDURE_INVALID'),
      QT_DATABASE_UNAVAILABLE: status('QT_DATABASE_UNAVAILABLE'),
      QT_LOGIN_FAILED: status('QT_LOGIN_FAILED'),
      QT_RATE_LIMITED: status('QT_RATE_LIMITED'),
    }).toEqual({
      QT_EVENT_NOT_AVAILABLE: 422,
      QT_ROLE_NOT_ALLOWED: 403,
      QT_FORM_INVALID: 422,
      QT_GUARD_REFUSED: 422,
      QT_CASE_CLOSED: 422,
      QT_VALIDATION: 400,
      QT_UNAUTHENTICATED: 401,
      QT_FORBIDDEN: 403,
      QT_NOT_FOUND: 404,
      QT_CASE_VERSION_CONFLICT: 409,
      QT_PAYLOAD_TOO_LARGE: 413,
      QT_PROCEDURE_INVALID: 422,
      QT_DATABASE_UNAVAILABLE: 503,
      QT_LOGIN_FAILED: 401,
      QT_RATE_LIMITED: 429,
    });
  });
});

describe(`system routes on ${dbLabel}`, () => {
  let store: Store;
  let app: FastifyInstance;
  const clock = new TestClock(START);

  beforeAll(async () => {
    store = await openTestStore();
    app = await makeApp(store, clock);
  });
  afterAll(async () => {
    await app.close();
    await closeTestStore(store);
  });

  it('reports health', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect([res.statusCode, res.json()]).toEqual([200, { status: 'ok', database: 'ok' }]);
  });

  it('answers an unknown route with QT_NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'QT_NOT_FOUND', message: 'Không tìm thấy.', messages: { vi: 'Không tìm thấy.', en: 'Not found.' }, details: [] },
    });
  });

  it('requires a session on every /api route but health', async () => {
    for (const [method, url] of [
      ['GET', '/api/procedures'],
      ['GET', '/api/cases'],
      ['GET', '/api/cases.csv'],
      ['GET', '/api/cases/7d3c2f0e-2b1a-4c5d-9e8f-0a1b2c3d4e5f'],
      ['POST', '/api/cases/7d3c2f0e-2b1a-4c5d-9e8f-0a1b2c3d4e5f/events'],
      ['GET', '/api/reports/summary'],
      ['GET', '/api/reports/summary.csv'],
      ['GET', '/api/dashboard'],
      ['GET', '/api/attachments/7d3c2f0e-2b1a-4c5d-9e8f-0a1b2c3d4e5f'],
      ['GET', '/api/units'],
      ['GET', '/api/me'],
      ['GET', '/api/me/settings'],
    ] as const) {
      const res = await app.inject({ method, url, payload: method === 'POST' ? { type: 'X' } : undefined });
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 401, 'QT_UNAUTHENTICATED']);
    }
  });

  it('describes the API as OpenAPI at /docs/json and shows it at /docs', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(spec.openapi).toBe('3.0.3');
    for (const path of [
      '/api/auth/login',
      '/api/auth/logout',
      '/api/me',
      '/api/procedures',
      '/api/procedures/{key}',
      '/api/procedures/{key}/versions/{n}',
      '/api/procedures/validate',
      '/api/procedures/{key}/draft',
      '/api/procedures/{key}/publish',
      '/api/cases',
      '/api/cases/{id}',
      '/api/cases/{id}/events',
      '/api/cases/{id}/history',
      '/api/cases/{id}/attachments',
      '/api/attachments/{id}',
      '/api/reports/summary',
      '/api/reports/summary.csv',
      '/api/dashboard',
      '/api/health',
    ]) {
      expect(Object.keys(spec.paths), path).toContain(path);
    }
    expect(Object.keys(spec.components.schemas)).toEqual(expect.arrayContaining(['case', 'error', 'procedure-version']));
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('/docs/json');
  });

  it('says so at / when the UI is not built, and serves it with a client-route fallback when it is', async () => {
    const bare = await app.inject({ method: 'GET', url: '/' });
    expect(bare.statusCode).toBe(200);
    expect(bare.body).toContain('dist/ui is missing');

    const dir = mkdtempSync(join(tmpdir(), 'quytrinh-ui-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>quytrinh</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const withUi = await makeApp(store, clock, { uiDir: dir });
    expect((await withUi.inject({ method: 'GET', url: '/' })).body).toContain('<title>quytrinh</title>');
    expect((await withUi.inject({ method: 'GET', url: '/cases/123' })).body).toContain('<title>quytrinh</title>');
    expect((await withUi.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe('console.log(1)');
    const api = await withUi.inject({ method: 'GET', url: '/api/nothing' });
    expect([api.statusCode, api.json().error.code]).toEqual([404, 'QT_NOT_FOUND']);
    await withUi.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

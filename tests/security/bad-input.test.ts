// Bad input: whatever a client sends — arbitrary JSON bodies, query strings, path segments,
// mangled procedure files, bytes that are not JSON, bodies too large or too deep — the server
// answers with a coded error (never 500) and keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Store } from '../../server/db/connect.ts';
import { connect } from 'node:net';
import { closeTestStore, dbLabel, errorBody, loginAll, makeApp, openTestStore, referenceProcedure, seedWorld, START, TestClock, type UserName } from '../server/helpers.ts';

const RUNS = 40;

describe(`bad input on ${dbLabel}`, () => {
  let store: Store;
  let app: FastifyInstance;
  let cookies: Record<UserName, string>;
  let caseId: string;
  let userId: string;
  const clock = new TestClock(START);

  beforeAll(async () => {
    store = await openTestStore();
    userId = (await seedWorld(store, { reference: true })).ids.monitorBis;
    app = await makeApp(store, clock);
    cookies = await loginAll(app);
    const res = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies.monitor }, payload: { procedure: 'mini', data: { title: 'Hồ sơ thử' } } });
    caseId = res.json().id;
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await closeTestStore(store);
  });

  /** Sends the request and checks the answer: below 500, and if an error, a coded one with a message. */
  async function answersSanely(req: InjectOptions, who: UserName = 'admin') {
    const res = await app.inject({ ...req, headers: { cookie: cookies[who], ...(req.headers ?? {}) } });
    const label = `${req.method} ${req.url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
    expect(res.statusCode, label).toBeLessThan(500);
    if (res.statusCode >= 400) {
      const body = res.json();
      expect(body.error.code, label).toMatch(/^QT_[A-Z_]+$/);
      expect(body.error.message, label).toMatch(/\S/);
      expect(body.error.messages, label).toEqual({ vi: expect.any(String), en: expect.any(String) });
    }
    return res;
  }

  // Strings that have broken servers before: SQL, path tricks, NUL, lone surrogates, huge numbers.
  const nasty = fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE cases; --',
    '../../etc/passwd',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '%00',
    '%',
    '__proto__',
    'constructor',
    '1e999',
    '-0',
    '9'.repeat(400),
    '<img src=x onerror=alert(1)>',
    '${7*7}',
    'x'.repeat(5000),
  );
  const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nasty);
  const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(anyString, fc.jsonValue({ maxDepth: 3 })));
  /** Objects shaped like a route's body: its keys (sometimes), with values of any kind. */
  const shaped = (keys: string[]) =>
    fc.oneof(
      fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(anyJson, anyString)])), { requiredKeys: [] }),
      fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(anyJson, anyString)]))),
      anyJson,
    );

  const JSON_ROUTES: { method: 'POST' | 'PUT' | 'PATCH'; url: () => string; label?: string; keys: string[]; who: UserName }[] = [
    { method: 'POST', url: () => '/api/auth/login', keys: ['username', 'password'], who: 'monitor' },
    { method: 'POST', url: () => '/api/cases', keys: ['procedure', 'data'], who: 'monitor' },
    { method: 'POST', url: () => `/api/cases/${caseId}/events`, label: '/api/cases/:id/events', keys: ['type', 'data', 'expectedVersion'], who: 'verifier' },
    { method: 'POST', url: () => '/api/procedures/validate', keys: ['key', 'title', 'machine', 'start', 'roles'], who: 'admin' },
    { method: 'PUT', url: () => '/api/procedures/fuzz/draft', keys: ['procedure', 'baseRevision'], who: 'admin' },
    { method: 'POST', url: () => '/api/procedures/fuzz/publish', keys: ['note'], who: 'admin' },
    { method: 'POST', url: () => '/api/users', keys: ['username', 'displayName', 'unitId', 'roles', 'password'], who: 'admin' },
    { method: 'PATCH', url: () => `/api/users/${userId}`, label: '/api/users/:id', keys: ['displayName', 'unitId', 'roles', 'active', 'resetPassword'], who: 'admin' },
    { method: 'POST', url: () => '/api/units', keys: ['name'], who: 'admin' },
    { method: 'POST', url: () => '/api/users/import', keys: ['csv', 'dryRun'], who: 'admin' },
    { method: 'POST', url: () => '/api/me/password', keys: ['current', 'next'], who: 'lead' },
  ];

  for (const route of JSON_ROUTES) {
    it(`${route.method} ${route.label ?? route.url()}: any JSON body gets a coded answer`, async () => {
      await fc.assert(
        fc.asyncProperty(shaped(route.keys), async (body) => {
          await answersSanely({ method: route.method, url: route.url(), payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, route.who);
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  }

  it('well-formed bodies carrying hostile strings and numbers in every field get a coded answer', async () => {
    const leaf = fc.oneof(nasty, anyString, fc.constantFrom(1e308, -1e308, 2 ** 63, -0, 0.1));
    await fc.assert(
      fc.asyncProperty(leaf, leaf, fc.constantFrom('title', 'text', 'note', '__proto__', 'constructor'), async (a, b, field) => {
        await answersSanely({ method: 'POST', url: '/api/cases', payload: { procedure: 'mini', data: { title: a, [field]: b } } }, 'monitor');
        await answersSanely({ method: 'POST', url: `/api/cases/${caseId}/events`, payload: { type: 'COMMENT', data: { text: a, [field]: b } } }, 'monitor');
        await answersSanely({ method: 'POST', url: '/api/auth/login', payload: { username: a, password: b } }, 'monitor');
        await answersSanely({ method: 'PUT', url: '/api/procedures/fuzz/draft', payload: { procedure: { key: 'fuzz', title: { vi: a, en: b } }, baseRevision: typeof b === 'number' ? b : 0 } });
      }),
      { numRuns: RUNS },
    );
    // the ones that broke it once, each on its own
    for (const value of ['a\u0000b', '\u0000']) {
      const res = await answersSanely({ method: 'POST', url: '/api/cases', payload: { procedure: 'mini', data: { title: `tiêu đề ${value}` } } }, 'monitor');
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'QT_VALIDATION']);
    }
    for (const url of ['/api/cases?limit=1e400', '/api/procedures/mini/versions/1e400', `/api/cases/${'9'.repeat(400)}`, '/api/cases/%E0%A4%A']) {
      const res = await answersSanely({ method: 'GET', url }, 'monitor');
      expect([res.statusCode, res.json().error.code], url).toEqual([400, 'QT_VALIDATION']);
    }
  }, 120_000);

  it('bytes that are not JSON, or not what the header says, get a coded 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"__proto__":{"x":1}}', '\ufeff{}', '')),
        fc.constantFrom('application/json', 'application/json; charset=latin1', 'application/xml', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'),
        fc.constantFrom('/api/cases', '/api/auth/login', '/api/procedures/validate'),
        async (payload, type, url) => {
          await answersSanely({ method: 'POST', url, payload, headers: { 'content-type': type } });
        },
      ),
      { numRuns: RUNS * 2 },
    );
  }, 120_000);

  it('any query string and path segment gets a coded answer', async () => {
    const key = fc.oneof(fc.constantFrom('state', 'procedure', 'unit', 'overdue', 'q', 'category', 'platform', 'mine', 'limit', 'cursor', 'from', 'to'), anyString);
    const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd')); // lone surrogates cannot be encoded
    const query = fc.array(fc.tuple(key, anyString), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&'));
    const rawQuery = fc.string({ unit: 'binary' }).map((s) => s.replace(/[#\s]/g, ''));
    const segment = fc.oneof(anyString.map(enc), fc.uuid(), fc.constantFrom('%E0%A4%A', '%', '1e400', '-1', '0x10'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(query, rawQuery),
        segment,
        fc.constantFrom('/api/cases?', '/api/reports/summary?', '/api/reports/summary.csv?', '/api/dashboard?', '/api/procedures?'),
        fc.constantFrom('/api/cases/', '/api/procedures/', '/api/attachments/', '/api/procedures/mini/versions/'),
        async (qs, seg, listUrl, itemUrl) => {
          await answersSanely({ method: 'GET', url: listUrl + qs }, 'monitor');
          await answersSanely({ method: 'GET', url: itemUrl + seg }, 'monitor');
          await answersSanely({ method: 'GET', url: `/api/cases/${seg}/history` }, 'monitor');
          await answersSanely({ method: 'POST', url: `/api/cases/${seg}/events`, payload: { type: 'COMMENT', data: { text: 'x' } } }, 'monitor');
        },
      ),
      { numRuns: RUNS * 2 },
    );
  }, 180_000);

  it('mangled procedure files are validated, saved as drafts or refused at publish, never a 500', async () => {
    const base = referenceProcedure() as unknown as Record<string, unknown>;
    // paths into the file: a key at some depth gets a value of any kind, or is deleted
    function paths(v: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
      if (v && typeof v === 'object') {
        for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
          out.push([...prefix, k]);
          if (prefix.length < 6) paths(child, [...prefix, k], out);
        }
      }
      return out;
    }
    const all = paths(base);
    const mutation = fc.tuple(fc.constantFrom(...all), fc.option(fc.oneof(anyJson, anyString, fc.constantFrom('#nowhere', 'unknownGuard', { type: 'nope' }, [], {}, null))));
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const file = structuredClone(base);
        for (const [path, value] of mutations) {
          let at = file as Record<string, unknown>;
          for (const k of path.slice(0, -1)) {
            const next = at?.[k];
            if (!next || typeof next !== 'object') break;
            at = next as Record<string, unknown>;
          }
          if (at && typeof at === 'object') {
            if (value === null) delete at[path.at(-1)!];
            // a copy: fast-check's constants are shared between runs and places, and writing into one made a cycle
            else at[path.at(-1)!] = structuredClone(value);
          }
        }
        const validated = await answersSanely({ method: 'POST', url: '/api/procedures/validate', payload: file });
        if (validated.statusCode === 200) expect(validated.json()).toMatchObject({ valid: expect.any(Boolean), errors: expect.any(Array) });
        const key = typeof file.key === 'string' && /^[a-z][a-z0-9-]{0,40}$/.test(file.key) ? file.key : 'harmful-content';
        await answersSanely({ method: 'PUT', url: `/api/procedures/${key}/draft`, payload: { procedure: file } });
        const published = await answersSanely({ method: 'POST', url: `/api/procedures/${key}/publish`, payload: { note: 'fuzz' } });
        if (published.statusCode === 201) {
          // a file that passed validation really runs: a case opens on it or is refused with a code
          await answersSanely({ method: 'POST', url: '/api/cases', payload: { procedure: key, data: {} } }, 'monitor');
        }
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it('refuses a body over the limit with 413', async () => {
    const big = JSON.stringify({ procedure: 'mini', data: { title: 'x'.repeat(6 * 1024 * 1024) } });
    const res = await answersSanely({ method: 'POST', url: '/api/cases', payload: big, headers: { 'content-type': 'application/json' } }, 'monitor');
    expect([res.statusCode, res.json().error.code]).toEqual([413, 'QT_PAYLOAD_TOO_LARGE']);
    const claimed = await answersSanely({ method: 'POST', url: '/api/cases', payload: '{}', headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) } }, 'monitor');
    expect(claimed.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('answers a form flooded with 200,000 unknown fields with at most 50 problems', async () => {
    const data = Object.fromEntries([['title', 'Hồ sơ thử'], ...Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i])]);
    const res = await answersSanely({ method: 'POST', url: '/api/cases', payload: { procedure: 'mini', data } }, 'monitor');
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'QT_FORM_INVALID']);
    expect(res.json().error.details).toHaveLength(50);
    expect(res.body.length).toBeLessThan(20_000);
  }, 120_000);

  it('refuses a list of 70,000 evidence ids as a form problem, before the database sees it', async () => {
    const evidence = Array.from({ length: 70_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const res = await answersSanely({ method: 'POST', url: '/api/cases', payload: { procedure: 'mini', data: { title: 'Hồ sơ thử', evidence } } }, 'monitor');
    expect([res.statusCode, res.json().error.code, res.json().error.details]).toEqual([
      422,
      'QT_FORM_INVALID',
      [{ field: 'evidence', message: 'must NOT have more than 1000 items' }],
    ]);
  }, 120_000);

  it('answers deep and wide JSON with a coded error or a result, and keeps answering others meanwhile', async () => {
    const deepArray = '['.repeat(200_000) + ']'.repeat(200_000);
    let deepObject = '{"title":"sâu"}';
    for (let i = 0; i < 5_000; i++) deepObject = `{"a":${deepObject}}`;
    const wide = JSON.stringify({ type: 'COMMENT', data: { text: 'rộng', list: Array.from({ length: 150_000 }, (_, i) => i) } });
    const manyKeys = JSON.stringify({ type: 'SUBMIT', data: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, i])) });
    const bodies: [string, string][] = [
      ['/api/cases', deepArray],
      ['/api/cases', `{"procedure":"mini","data":${deepObject}}`],
      [`/api/cases/${caseId}/events`, `{"type":"COMMENT","data":${deepObject}}`],
      ['/api/procedures/validate', `{"key":"x","machine":${deepObject}}`],
      [`/api/cases/${caseId}/events`, wide],
      [`/api/cases/${caseId}/events`, manyKeys],
    ];
    for (const [url, payload] of bodies) {
      const health = app.inject({ method: 'GET', url: '/api/health' });
      const res = await answersSanely({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } }, url.includes('validate') ? 'admin' : 'monitor');
      expect(res.statusCode, url).toBeGreaterThanOrEqual(200);
      expect((await health).statusCode).toBe(200);
    }
    // and the case is still readable and replayable afterwards
    expect((await app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: { cookie: cookies.lead } })).statusCode).toBe(200);
  }, 120_000);

  it('answers what Node cannot read as a request — headers too large, too slow, not HTTP — in the error format', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = (text: string) =>
      new Promise<{ head: string; body: unknown }>((resolve) => {
        let out = '';
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
        socket.on('data', (d) => (out += d));
        socket.on('error', () => {});
        socket.on('close', () => {
          const [head = '', body = ''] = out.split('\r\n\r\n');
          resolve({ head, body: JSON.parse(body) });
        });
      });
    const tooLarge = await raw(`GET /api/health HTTP/1.1\r\nHost: localhost\r\nCookie: qt_session=${'a'.repeat(20_000)}\r\n\r\n`);
    expect(tooLarge.head.split('\r\n')).toEqual(expect.arrayContaining(['HTTP/1.1 431 Request Header Fields Too Large', 'Content-Type: application/json; charset=utf-8', 'Cache-Control: no-store']));
    expect(tooLarge.body).toEqual(errorBody('QT_HEADERS_TOO_LARGE', { vi: 'Phần đầu (header) của yêu cầu quá lớn.', en: "The request's headers are too large." }));
    const notHttp = await raw('HELLO THERE\r\n\r\n');
    expect(notHttp.head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(notHttp.body).toMatchObject({ error: { code: 'QT_VALIDATION', details: [{ field: 'request', message: 'not a readable HTTP request' }] } });

    // a request that arrives too slowly: Node's timeout, told to the same handler (no waiting on a real clock)
    let written = '';
    const socket = { destroyed: false, writable: true, write: (s: string) => ((written += s), true), destroy: () => {} };
    const timeout = Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    app.server.emit('clientError', timeout, socket);
    const [head = '', body = ''] = written.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(JSON.parse(body)).toEqual(errorBody('QT_REQUEST_TIMEOUT', { vi: 'Yêu cầu gửi đến quá chậm nên đã bị ngắt.', en: 'The request took too long to arrive and was cut off.' }));
  });
});

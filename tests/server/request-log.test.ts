// One JSON line per request with its id; the id goes back in x-request-id and into the audit rows
// the request wrote (hashed with them); a terminal gets the same line readable.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { chainAllAudit, verifyAudit } from '../../server/stores/audit.ts';
import { loggerOptions, readableLine } from '../../server/ops/request-log.ts';
import { dbLabel, useTestApp } from './helpers.ts';

const lines: Record<string, unknown>[] = [];
const capture = { write: (line: string) => lines.push(JSON.parse(line)) };

describe(`request log on ${dbLabel}`, () => {
  const t = useTestApp({ app: { logger: loggerOptions('info', false, capture) } });

  it('writes one line per request, with the id it sends back', async () => {
    lines.length = 0;
    const res = await t.app.inject({ method: 'GET', url: '/api/cases?limit=5', headers: { cookie: t.cookies.monitor } });
    expect(res.statusCode).toBe(200);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request',
      reqId: id,
      method: 'GET',
      url: '/api/cases?limit=5',
      route: '/api/cases',
      status: 200,
      userId: t.world.ids.monitor,
    });
    expect(typeof lines[0]!.ms).toBe('number');
  });

  it('keeps a proxy\'s request id when it is a plain token, and makes one otherwise', async () => {
    const kept = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'caddy-7f3a9b21' } });
    expect(kept.headers['x-request-id']).toBe('caddy-7f3a9b21');
    const bad = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'x\u0000<script>' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    lines.length = 0;
    const refused = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(refused.headers['x-request-id']).toBeTruthy();
    expect(lines).toEqual([expect.objectContaining({ msg: 'request', status: 404, route: null, code: 'QT_NOT_FOUND' })]);
  });

  it('writes the request id into the audit rows of the request, and the chain still verifies', async () => {
    const opened = await t.app.inject({ method: 'POST', url: '/api/cases', payload: { procedure: 'mini', data: { title: 'Trang giả mạo' } }, headers: { cookie: t.cookies.monitor } });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id;
    const sent = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/events`, payload: { type: 'COMMENT', data: { text: 'Ghi chú' } }, headers: { cookie: t.cookies.monitor, 'x-request-id': 'proxy-req-000123' } });
    expect(sent.statusCode).toBe(200);
    const rows = await sql<{ action: string; request_id: string | null }>`SELECT action, request_id FROM audit_log WHERE case_id = ${id} ORDER BY seq`.execute(t.store.db);
    expect(rows.rows).toEqual([
      { action: 'case.opened', request_id: opened.headers['x-request-id'] },
      { action: 'case.event', request_id: 'proxy-req-000123' },
    ]);
    await chainAllAudit(t.store.db);
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true, pending: 0 });
  });

  it('reads as one line on a terminal', () => {
    const out: string[] = [];
    const opts = loggerOptions('info', true, { write: (s: string) => out.push(s) });
    opts.stream.write(JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 5, 2, 3, 4), msg: 'request', reqId: 'r-1', method: 'POST', url: '/api/cases', status: 201, ms: 12.5 }) + '\n');
    opts.stream.write(JSON.stringify({ level: 50, time: Date.UTC(2026, 0, 5, 2, 3, 5), msg: 'request failed', reqId: 'r-2', err: { message: 'boom', stack: 'Error: boom\n    at x' } }) + '\n');
    expect(out).toEqual(['02:03:04 INFO  POST /api/cases 201 12.5 ms r-1\n', '02:03:05 ERROR request failed r-2\nError: boom\n    at x\n']);
    expect(readableLine('not json')).toBe('not json');
  });
});

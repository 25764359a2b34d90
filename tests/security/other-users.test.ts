// What one user must not get from another's work: the answer to another user's Idempotency-Key
// (it shows that user's actions), and the administrators' procedure drafts.
import { describe, expect, it } from 'vitest';
import { publishVersion } from '../../server/stores/procedures.ts';
import { dbLabel, errorBody, fixture, START, type UserName, useTestApp } from '../server/helpers.ts';

describe(`other users' work on ${dbLabel}`, () => {
  const t = useTestApp();
  const call = (who: UserName, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, payload: payload as never, headers: { cookie: t.cookies[who], ...headers } });

  it("refuses another user's Idempotency-Key instead of answering with the first sender's answer", async () => {
    const id = (await call('monitor', 'POST', '/api/cases', { procedure: 'mini', data: { title: 'Hồ sơ có khóa' } })).json().id as string;
    const comment = { type: 'COMMENT', data: { text: 'Đã xem.' } };
    const first = await call('monitor', 'POST', `/api/cases/${id}/events`, comment, { 'idempotency-key': 'khoa-chung' });
    expect(first.statusCode).toBe(200);
    // the same request under the same key, by a colleague of the same unit who may read the case
    const other = await call('monitorBis', 'POST', `/api/cases/${id}/events`, comment, { 'idempotency-key': 'khoa-chung' });
    expect([other.statusCode, other.json()]).toEqual([
      422,
      errorBody('QT_IDEMPOTENCY_KEY_REUSED', { vi: 'Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.', en: 'This Idempotency-Key was already used for a different request.' }),
    ]);
    // the sender's own retry still gets its first answer, and one event was written
    const retry = await call('monitor', 'POST', `/api/cases/${id}/events`, comment, { 'idempotency-key': 'khoa-chung' });
    expect([retry.statusCode, retry.json()]).toEqual([200, first.json()]);
    expect((await call('monitor', 'GET', `/api/cases/${id}`)).json().version).toBe(2);
  });

  it('shows procedure drafts, and procedures never published, to administrators only', async () => {
    const draft = { ...fixture('mini'), key: 'moi', title: { vi: 'Quy trình BÍ-MẬT đang soạn', en: 'Secret draft' } };
    expect((await call('admin', 'PUT', '/api/procedures/moi/draft', { procedure: draft })).statusCode).toBe(200);
    const changed = { ...fixture('mini'), title: { vi: 'Bản nháp BÍ-MẬT của mini', en: 'Secret mini draft' } };
    expect((await call('admin', 'PUT', '/api/procedures/mini/draft', { procedure: changed })).statusCode).toBe(200);

    const admin = (await call('admin', 'GET', '/api/procedures/mini')).json();
    expect(admin.draft.procedure.title.vi).toBe('Bản nháp BÍ-MẬT của mini');
    expect(admin.procedure.hasDraft).toBe(true);
    expect((await call('admin', 'GET', '/api/procedures')).json().procedures.map((p: { key: string }) => p.key)).toEqual(['mini', 'moi']);
    expect((await call('admin', 'GET', '/api/procedures/moi')).statusCode).toBe(200);

    for (const who of ['monitor', 'verifier', 'observer', 'lead'] as const) {
      const one = await call(who, 'GET', '/api/procedures/mini');
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({ draft: null, procedure: { key: 'mini', hasDraft: false, latestVersion: 1 } });
      const list = await call(who, 'GET', '/api/procedures');
      expect(list.json().procedures.map((p: { key: string }) => p.key), who).toEqual(['mini']);
      expect(list.body + one.body).not.toContain('BÍ-MẬT');
      const unpublished = await call(who, 'GET', '/api/procedures/moi');
      expect([unpublished.statusCode, unpublished.json().error.code]).toEqual([404, 'QT_NOT_FOUND']);
    }
    // once published, everyone sees it
    await publishVersion(t.store.db, draft, 'system', 'v1', new Date(START));
    expect((await call('monitor', 'GET', '/api/procedures')).json().procedures.map((p: { key: string }) => p.key)).toEqual(['mini', 'moi']);
  });
});

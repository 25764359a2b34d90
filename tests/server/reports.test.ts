// First start (procedures, admin, demo province) and the figures drawn from it: the report for
// the Standing Committee (JSON, CSV) and the dashboard, each scoped to what the reader may read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../server/db/connect.ts';
import { ensureAdmin, installProcedures, seedDemo } from '../../server/seed.ts';
import { sql } from 'kysely';
import { percentile, summaryReport } from '../../server/reports.ts';
import { findUserByUsername, getUser, toSessionUser } from '../../server/stores/users.ts';
import { verifyAudit } from '../../server/stores/audit.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { openCase, sendEvent } from '../../server/events/index.ts';
import { backfill } from '../../server/db/migrations/0008_report_percentiles.ts';
import type { SessionUser } from '../../server/access.ts';
import { OUTCOMES } from '../../engine/index.ts';
import { closeTestStore, dbLabel, fixture, login, makeApp, openTestStore, seedWorld, START, TestClock } from './helpers.ts';

const zero = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<string, number>;

describe(`first start and reports on ${dbLabel}`, () => {
  let store: Store;
  let app: FastifyInstance;
  let observer: string;
  let monitor: string;
  let units: { id: string; name: string }[];
  const clock = new TestClock(START);

  beforeAll(async () => {
    store = await openTestStore();
    app = await makeApp(store, clock);
    const now = clock.now();
    expect(await installProcedures(store.db, now, () => {})).toContain('harmful-content');
    expect(await installProcedures(store.db, now, () => {})).toEqual([]); // once
    expect(await ensureAdmin(store.db, now, 'quản-trị-tỉnh-nhà')).toEqual({ created: true });
    expect(await ensureAdmin(store.db, now, 'quản-trị-tỉnh-nhà')).toEqual({ created: false });
    expect(await seedDemo(app.qt.flow, app.qt.scheduler, now, 'demo')).toEqual({ created: true });
    expect(await seedDemo(app.qt.flow, app.qt.scheduler, now, 'demo')).toEqual({ created: false });
    observer = await login(app, 'observer', 'demo');
    monitor = await login(app, 'monitor', 'demo');
    units = (await app.inject({ method: 'GET', url: '/api/units', headers: { cookie: observer } })).json().units;
  });
  afterAll(async () => {
    await app.close();
    await closeTestStore(store);
  });

  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const unit = (name: string) => units.find((u) => u.name === name)!.id;

  it('creates the admin, two demo units with one account per role each, and cases in several states', async () => {
    expect(units.map((u) => u.name).sort()).toEqual(['Ban Chỉ đạo 35 Tỉnh ủy', 'Ban Tuyên giáo và Dân vận Tỉnh ủy', 'Đảng ủy phường Rạch Giá']);
    const noDemoAdmin = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin2', password: 'demo' } });
    expect(noDemoAdmin.statusCode).toBe(401);
    const users = (await get(await login(app, 'admin', 'quản-trị-tỉnh-nhà'), '/api/users')).json().users.map((u: { username: string }) => u.username);
    expect(users).toEqual([
      'admin', 'lead', 'lead2', 'liaison', 'liaison2', 'monitor', 'monitor2',
      'observer', 'observer2', 'secretariat', 'secretariat2', 'verifier', 'verifier2',
    ]);
    const { counts } = (await get(observer, '/api/cases')).json();
    expect(counts).toEqual({
      closed_no_violation: 1,
      deciding: 1,
      detected: 1,
      done: 1,
      referred: 1,
      'removal.following_up': 1,
      verifying: 1,
    });
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
  });

  it('reports the period’s figures by category, platform and unit, and the time spent per step', async () => {
    const res = await get(observer, '/api/reports/summary?from=2025-12-01&to=2026-01-31');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.from).toBe('2025-12-01');
    expect(r.to).toBe('2026-01-31');
    expect(r.generatedAt).toBe(START);
    expect(r.totals).toEqual({ ...zero, detected: 7, verified: 4, rejected: 1, removal_requested: 2, removed: 1, referred: 1, reported: 1, overdue: 1 });
    expect(r.byCategory).toEqual([
      { key: 'fraud', ...zero, detected: 2, verified: 1, referred: 1 },
      { key: 'defamation', ...zero, detected: 1, verified: 1, removal_requested: 1 },
      { key: 'false_advertising', ...zero, detected: 1, verified: 1, removal_requested: 1, removed: 1, reported: 1 },
      { key: 'false_information', ...zero, detected: 1, verified: 1, overdue: 1 },
      { key: 'impersonation', ...zero, detected: 1 },
      { key: 'indecency', ...zero, detected: 1, rejected: 1 },
    ]);
    expect(r.byUnit).toEqual([
      { key: unit('Ban Tuyên giáo và Dân vận Tỉnh ủy'), name: 'Ban Tuyên giáo và Dân vận Tỉnh ủy', ...zero, detected: 4, verified: 1, rejected: 1, removal_requested: 1 },
      { key: unit('Đảng ủy phường Rạch Giá'), name: 'Đảng ủy phường Rạch Giá', ...zero, detected: 3, verified: 3, removal_requested: 1, removed: 1, referred: 1, reported: 1, overdue: 1 },
    ]);
    expect(r.byPlatform.map((g: { key: string; detected: number }) => [g.key, g.detected])).toEqual([
      ['facebook', 2],
      ['zalo', 2],
      ['tiktok', 1],
      ['website', 1],
      ['youtube', 1],
    ]);
    expect(r.stepDurations.find((s: { state: string }) => s.state === 'verifying')).toEqual({
      state: 'verifying',
      title: { vi: 'Xác minh', en: 'Verification' },
      count: 5,
      medianHours: 23,
      p90Hours: 23,
    });
    // a monitor's figures cover their own unit only
    const mine = (await get(monitor, '/api/reports/summary?from=2025-12-01&to=2026-01-31')).json();
    expect(mine.totals).toEqual({ ...zero, detected: 4, verified: 1, rejected: 1, removal_requested: 1 });
    // an empty period
    expect((await get(observer, '/api/reports/summary?from=2020-01-01&to=2020-01-31')).json()).toEqual({
      from: '2020-01-01',
      to: '2020-01-31',
      generatedAt: START,
      totals: zero,
      byCategory: [],
      byPlatform: [],
      byUnit: [],
      stepDurations: [],
      cases: [],
      casesTotal: 0,
    });
    const bad = await get(observer, '/api/reports/summary?from=2026-02-01&to=2026-01-01');
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'QT_VALIDATION']);
    const notDate = await get(observer, '/api/reports/summary?from=yesterday');
    expect(notDate.statusCode).toBe(400);
  });

  it('gives the same figures as CSV', async () => {
    const res = await get(observer, '/api/reports/summary.csv?from=2025-12-01&to=2026-01-31');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="quytrinh-report-2025-12-01-2026-01-31.csv"');
    const lines = res.body.split('\r\n');
    // headings in Vietnamese (the default), names rather than keys, dates dd/mm/yyyy on Vietnamese time
    expect(lines[0]).toBe('\uFEFFKỳ báo cáo,Từ ngày,01/12/2025,Đến ngày,31/01/2026,Lập lúc,05/01/2026 09:00');
    expect(lines[2]).toMatch(/^Nhóm,Tên,Phát hiện,Xác minh có vi phạm,Không vi phạm,Đề nghị gỡ bỏ,Đã gỡ bỏ,.*,Quá hạn$/);
    expect(lines[3]).toBe('Tổng cộng,,7,4,1,2,1,0,1,0,1,0,0,0,0,0,1');
    expect(lines).toContain('Loại vi phạm,"Lừa đảo, chiếm đoạt tài sản",2,1,0,0,0,0,1,0,0,0,0,0,0,0,0');
    expect(lines).toContain('Nền tảng,"Trang thông tin điện tử, website",1,1,0,1,1,0,0,0,1,0,0,0,0,0,0');
    expect(lines).toContain('Đơn vị,Đảng ủy phường Rạch Giá,3,3,0,1,1,0,1,0,1,0,0,0,0,0,1');
    expect(lines).toContain('Bước xử lý,Số lượt,Thời gian trung vị (giờ),Phân vị 90 (giờ)');
    expect(lines).toContain('Xác minh,5,23,23');
    // no key, UUID or ISO time anywhere
    expect(res.body).not.toMatch(/fraud|verifying|[0-9a-f]{8}-[0-9a-f]{4}-|T\d\d:\d\d/);
    const en = (await get(observer, '/api/reports/summary.csv?from=2025-12-01&to=2026-01-31&lang=en')).body.split('\r\n');
    expect(en[0]).toBe('\uFEFFPeriod,From,01/12/2025,To,31/01/2026,Generated at,05/01/2026 09:00');
    expect(en).toContain('Category,Fraud and scams,2,1,0,0,0,0,1,0,0,0,0,0,0,0,0');
    expect(en).toContain('Verification,5,23,23');
    const byHeader = await app.inject({ method: 'GET', url: '/api/reports/summary.csv?from=2025-12-01&to=2026-01-31', headers: { cookie: observer, 'accept-language': 'en-GB,en;q=0.8' } });
    expect(byHeader.body.startsWith('\uFEFFPeriod,')).toBe(true);
  });

  it('shows live counts on the dashboard', async () => {
    const d = (await get(observer, '/api/dashboard')).json();
    expect(d).toEqual({
      generatedAt: START,
      total: 7,
      active: 5,
      overdue: 1,
      byState: [
        { key: 'closed_no_violation', title: { vi: 'Kết thúc: không vi phạm', en: 'Closed: no violation' }, count: 1 },
        { key: 'deciding', title: expect.any(Object), count: 1 },
        { key: 'detected', title: expect.any(Object), count: 1 },
        { key: 'done', title: expect.any(Object), count: 1 },
        { key: 'referred', title: expect.any(Object), count: 1 },
        { key: 'removal.following_up', title: expect.any(Object), count: 1 },
        { key: 'verifying', title: { vi: 'Xác minh', en: 'Verification' }, count: 1 },
      ],
      byCategory: [
        { key: 'fraud', count: 2 },
        { key: 'defamation', count: 1 },
        { key: 'false_advertising', count: 1 },
        { key: 'false_information', count: 1 },
        { key: 'impersonation', count: 1 },
        { key: 'indecency', count: 1 },
      ],
      byPlatform: [{ key: 'facebook', count: 2 }, { key: 'zalo', count: 2 }, { key: 'tiktok', count: 1 }, { key: 'website', count: 1 }, { key: 'youtube', count: 1 }],
      byUnit: [{ key: unit('Ban Tuyên giáo và Dân vận Tỉnh ủy'), name: 'Ban Tuyên giáo và Dân vận Tỉnh ủy', count: 4 }, { key: unit('Đảng ủy phường Rạch Giá'), name: 'Đảng ủy phường Rạch Giá', count: 3 }],
      weekly: [
        { week: '2025-12-22', opened: 2, closed: 0 },
        { week: '2025-12-29', opened: 4, closed: 2 },
        { week: '2026-01-05', opened: 1, closed: 0 },
      ],
      medianDetectionToRemovalHours: 96,
    });
    const mine = (await get(monitor, '/api/dashboard')).json();
    expect([mine.total, mine.byUnit.length]).toEqual([4, 1]);
  });

  it('answers province readers from the rollups exactly as counting every event would', async () => {
    const reader = toSessionUser((await findUserByUsername(store.db, 'observer'))!);
    const now = clock.now();
    for (const period of [{ from: '2025-12-01', to: '2026-01-31' }, { from: '2026-01-05', to: '2026-01-05' }, { from: '2020-01-01', to: '2030-12-31' }]) {
      const rolled = await summaryReport(store.db, app.qt.procedures, reader, period, now);
      const live = await summaryReport(store.db, app.qt.procedures, reader, period, now, { live: true });
      expect(rolled, JSON.stringify(period)).toEqual(live);
    }
    const whole = await summaryReport(store.db, app.qt.procedures, reader, { from: '2020-01-01', to: '2030-12-31' }, now);
    expect(whole.totals.detected).toBeGreaterThan(0);
    expect(whole.stepDurations.length).toBeGreaterThan(0);
  });

  it('lists the cases opened in the period that the reader may read, oldest first', async () => {
    const all = (await get(observer, '/api/reports/summary?from=2020-01-01&to=2030-12-31')).json();
    expect(all.casesTotal).toBe(all.cases.length);
    expect(all.casesTotal).toBe(all.totals.detected);
    const opened = all.cases.map((c: { openedAt: string }) => c.openedAt);
    expect(opened).toEqual([...opened].sort());
    expect(all.cases[0]).toEqual(expect.objectContaining({ number: expect.stringMatching(/^HC-/), unitName: expect.any(String), stateTitle: { vi: expect.any(String), en: expect.any(String) } }));
    const mine = (await get(monitor, '/api/reports/summary?from=2020-01-01&to=2030-12-31')).json();
    expect(mine.casesTotal).toBeGreaterThan(0);
    expect(mine.casesTotal).toBeLessThan(all.casesTotal);
    expect(new Set(mine.cases.map((c: { unitName: string }) => c.unitName)).size).toBe(1);
  });
});

describe(`time per step from the rollups on ${dbLabel}`, () => {
  let store: Store;
  let app: FastifyInstance;
  let reader: SessionUser;
  const clock = new TestClock(START);
  const T0 = Date.parse('2026-03-02T00:00:00.000Z');
  const hour = 3_600_000;
  // How long each case stays in draft (seconds): a few under a minute, 36 within 0.6 h of 10 h
  // (a 5% bucket holds several of them, each shown differently), then whole days.
  const draftSeconds = [1, 20, 40, 90, ...Array.from({ length: 36 }, (_, i) => 36_000 + i * 61), ...Array.from({ length: 8 }, (_, i) => 86_400 * (i + 2))];

  beforeAll(async () => {
    store = await openTestStore();
    app = await makeApp(store, clock);
    const { ids } = await seedWorld(store);
    // A procedure with an action that happens to be called OPEN: it opens no case.
    const reopening = fixture('mini');
    reopening.key = 'mini-reopen';
    reopening.machine.states!.review!.on!.OPEN = { target: 'waiting', meta: { label: { vi: 'Mở lại', en: 'Open' }, roles: ['verifier'], outcome: 'detected' } };
    await publishVersion(store.db, reopening, 'system', 'fixture', new Date(START));
    const as = async (name: 'monitor' | 'verifier') => (await getUser(store.db, ids[name]))!;
    const [monitor, verifier] = [await as('monitor'), await as('verifier')];
    const send = (caseId: string, user: SessionUser, type: string, at: number, data: Record<string, unknown> = {}) =>
      sendEvent(app.qt.flow, { caseId, event: { type, data }, acting: { user } }, new Date(at));
    for (const [i, seconds] of draftSeconds.entries()) {
      const opened = T0 + i * 2 * hour;
      const c = await openCase(app.qt.flow, monitor, i % 12 === 0 ? 'mini-reopen' : 'mini', { title: `Hồ sơ ${i}` }, new Date(opened));
      const submitted = opened + seconds * 1000;
      await send(c.id, monitor, 'SUBMIT', submitted);
      if (i % 12 === 0) await send(c.id, verifier, 'OPEN', submitted + 24 * hour);
      else if (i % 2 === 0) await send(c.id, verifier, 'APPROVE', submitted + 24 * hour, { note: 'Đã xem' });
    }
    reader = toSessionUser((await findUserByUsername(store.db, 'observer'))!);
  });
  afterAll(async () => {
    await app.close();
    await closeTestStore(store);
  });

  const report = (from: string, to: string, live = false) => summaryReport(store.db, app.qt.procedures, reader, { from, to }, clock.now(), { live });
  const buckets = async () => (await sql`SELECT * FROM report_stay_buckets ORDER BY day, state, procedure_key, procedure_version, bucket`.execute(store.db)).rows;

  it('gives the median and 90th percentile of every stay, as sorting them all does', async () => {
    const whole = await report('2026-03-01', '2026-03-31');
    const hours = draftSeconds.map((s) => s / 3600).sort((a, b) => a - b);
    const round2 = (n: number) => Math.round(n * 100) / 100;
    expect(whole.stepDurations.find((s) => s.state === 'draft')).toEqual({
      state: 'draft',
      title: { vi: 'Nháp', en: 'Draft' },
      count: draftSeconds.length,
      medianHours: round2(percentile(hours, 50)),
      p90Hours: round2(percentile(hours, 90)),
    });
    expect(whole.stepDurations.find((s) => s.state === 'review')).toMatchObject({ count: draftSeconds.length / 2, medianHours: 24, p90Hours: 24 });
    // The median's bucket holds stays shown as different hours: it is read from the stays.
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM report_stay_buckets WHERE state = 'draft' AND round(min_hours::numeric, 2) <> round(max_hours::numeric, 2)`.execute(store.db);
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    for (const [from, to] of [['2026-03-01', '2026-03-31'], ['2026-03-03', '2026-03-03'], ['2026-03-03', '2026-03-04'], ['2026-03-05', '2026-03-09'], ['2026-04-01', '2026-04-30']]) {
      expect(await report(from!, to!), `${from}..${to}`).toEqual(await report(from!, to!, true));
    }
    // an action called OPEN opens no case; it counts as what it declares (the four reopened)
    expect(whole.casesTotal).toBe(draftSeconds.length);
    expect(whole.totals.detected).toBe(4);
  });

  it('keeps the buckets as a roll-up of every stay would, through inserts, deletes and truncation', async () => {
    const kept = await buckets();
    expect(kept.length).toBeGreaterThan(0);
    await backfill(store.db as never);
    expect(await buckets()).toEqual(kept);
    await sql`DELETE FROM case_stays WHERE state = 'review' OR hours < 1`.execute(store.db);
    const afterDelete = await buckets();
    expect(afterDelete.length).toBeLessThan(kept.length);
    await backfill(store.db as never);
    expect(await buckets()).toEqual(afterDelete);
    await store.db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE case_events DISABLE TRIGGER case_events_no_truncate`.execute(tx);
      await sql`TRUNCATE case_events CASCADE`.execute(tx);
      await sql`ALTER TABLE case_events ENABLE TRIGGER case_events_no_truncate`.execute(tx);
    });
    expect(await buckets()).toEqual([]);
  });
});

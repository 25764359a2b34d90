// Scenario 5: lists and reports at size. Seeds N cases (default 1,000,000) in bulk into a
// PostgreSQL schema of its own, then times the inbox query with filters and the quarterly report
// through the real server, and the live catch-up query: p50/p95.
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { startCase, summarize, type Procedure } from '../engine/index.ts';
import { BENCH_USER, login, percentile, prepare, startServer, type Target } from './lib/server.ts';
import { casesChangedSince } from '../server/stores/cases.ts';
import { getUser } from '../server/stores/users.ts';
import { openStore } from '../server/db/connect.ts';
import { backfill as backfillCounts } from '../server/db/migrations/0003_inbox_at_scale.ts';
import { backfill as backfillReports } from '../server/db/migrations/0004_report_rollups.ts';
import { backfill as backfillPercentiles } from '../server/db/migrations/0008_report_percentiles.ts';
import { backfill as backfillOutcomes } from '../server/db/migrations/0018_outcomes.ts';
import { backfill as backfillSearch } from '../server/db/migrations/0009_case_search.ts';

async function seed(url: string, schema: string, n: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SET search_path TO ${schema}`);
  const procedure = JSON.parse(readFileSync('workflows/harmful-content.json', 'utf8')) as Procedure;
  const opened = startCase(procedure, { urls: ['https://facebook.com/x'], platform: 'facebook', category: 'fraud', description: 'Hồ sơ mẫu để đo hiệu năng', evidence: [] }, { id: 'seed', roles: ['monitor'], unitId: 'u' }, new Date('2026-01-01T00:00:00Z'));
  if (!opened.ok) throw new Error(opened.rejection.code);
  const s = summarize(procedure, opened.state);
  const { rows: users } = await client.query(`SELECT id, unit_id FROM users WHERE username = 'bench'`);
  const { rows: units } = await client.query(`INSERT INTO units (id, name, created_at) SELECT 'bench-unit-' || g, 'Đơn vị ' || g, now() FROM generate_series(1, 20) g RETURNING id`);
  const unitList = [users[0].unit_id, ...units.map((u) => u.id)];
  const t0 = performance.now();
  // Bulk load without row triggers, then roll up once, as the migrations do for existing data.
  await client.query(`SET session_replication_role = replica`);
  const batch = 100_000;
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch) - 1;
    // One year of cases; states, categories, platforms and units spread evenly.
    await client.query(
      `INSERT INTO cases (id, number, procedure_key, procedure_version, snapshot, state, state_title, status, work_roles, data, category, platform,
                          unit_id, opened_by, opened_at, updated_at, due_at, overdue, version, last_seq)
       SELECT 'bench-' || g, 'HC-B-' || lpad(g::text, 7, '0'), 'harmful-content', 1, $1::jsonb,
              (ARRAY['detected','verifying','deciding','removal.requested','removal.following_up','reporting_back','done','closed_no_violation'])[1 + g % 8],
              $2::jsonb,
              CASE WHEN g % 8 >= 6 THEN 'done' ELSE 'active' END,
              ARRAY[(ARRAY['monitor','verifier','lead','liaison','liaison','secretariat','',''])[1 + g % 8]],
              jsonb_build_object('description', 'Nội dung vi phạm số ' || g, 'category', (ARRAY['fraud','impersonation','defamation','false_information','false_advertising','indecency'])[1 + g % 6]),
              (ARRAY['fraud','impersonation','defamation','false_information','false_advertising','indecency'])[1 + g % 6],
              (ARRAY['facebook','youtube','tiktok','zalo','website','other'])[1 + (g / 7) % 6],
              ($3::text[])[1 + g % array_length($3::text[], 1)], $4,
              timestamptz '2026-01-01' + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second',
              timestamptz '2026-01-01' + (g % 365) * interval '1 day' + interval '2 days',
              CASE WHEN g % 8 >= 6 THEN NULL ELSE timestamptz '2026-01-01' + (g % 365) * interval '1 day' + interval '3 days' END,
              g % 13 = 0, 2, 2 * g::bigint
       FROM generate_series($5::int, $6::int) g`,
      [JSON.stringify(opened.state), JSON.stringify(s.title), unitList, users[0].id, from, to],
    );
    await client.query(
      `INSERT INTO case_events (seq, case_id, case_seq, type, data, actor_id, actor, at, from_state, to_state, outcomes)
       SELECT 2 * g::bigint - 1, 'bench-' || g, 1, 'OPEN', '{}'::jsonb, $1, '{}'::jsonb, timestamptz '2026-01-01' + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second', '', 'detected', ARRAY['detected']
       FROM generate_series($2::int, $3::int) g
       UNION ALL
       SELECT 2 * g::bigint, 'bench-' || g, 2, (ARRAY['SUBMIT','CONFIRM','REQUEST_REMOVAL','REMOVED','REJECT','REFER'])[1 + g % 6], '{}'::jsonb, $1, '{}'::jsonb,
              timestamptz '2026-01-01' + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second' + (1 + g % 48) * interval '1 hour',
              'detected', (ARRAY['verifying','deciding','removal.requested','reporting_back','closed_no_violation','referred'])[1 + g % 6],
              string_to_array((ARRAY['','verified','removal_requested','removed','rejected','referred'])[1 + g % 6], ',')
       FROM generate_series($2::int, $3::int) g`,
      [users[0].id, from, to],
    );
    process.stdout.write(`\r  seeded ${to + 1} cases`);
  }
  await client.query(`SELECT setval('case_events_seq_seq', (SELECT max(seq) FROM case_events))`);
  await client.query(`SET session_replication_role = origin`);
  await client.end();
  const store = await openStore({ url, schema });
  await backfillCounts(store.db as never);
  await backfillReports(store.db as never);
  await backfillOutcomes(store.db as never);
  await backfillPercentiles(store.db as never);
  await backfillSearch(store.db as never);
  await store.close();
  const analyze = new pg.Client({ connectionString: url });
  await analyze.connect();
  await analyze.query(`SET search_path TO ${schema}`);
  await analyze.query('VACUUM ANALYZE');
  await analyze.end();
  return Math.round((performance.now() - t0) / 1000);
}

async function timeRequests(base: string, cookie: string, paths: string[], rounds: number) {
  const lat: number[] = [];
  const each = new Map<string, number[]>(paths.map((p) => [p, []]));
  // one untimed round first: the server's pool connections and the database's caches warm up
  for (let r = -1; r < rounds; r++) {
    for (const path of paths) {
      const t0 = performance.now();
      const res = await fetch(base + path, { headers: { cookie } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      if (r < 0) continue;
      lat.push(performance.now() - t0);
      each.get(path)!.push(performance.now() - t0);
    }
  }
  const figures = (l: number[]) => {
    l.sort((a, b) => a - b);
    return { requests: l.length, p50: percentile(l, 50), p95: percentile(l, 95) };
  };
  // all requests together, and each path on its own (which filter mix is the slow one)
  return { ...figures(lat), byPath: Object.fromEntries([...each].map(([p, l]) => [p, figures(l)])) };
}

/** The live catch-up query (WebSocket `since`) for a client away for 1,000 / 100,000 events and since 0. */
async function timeCatchUp(url: string, schema: string) {
  const store = await openStore({ url, schema });
  try {
    const db = store.db;
    const { id } = await db.selectFrom('users').select('id').where('username', '=', BENCH_USER.username).executeTakeFirstOrThrow();
    const user = (await getUser(db, id))!;
    const { max } = await db.selectFrom('case_events').select((e) => e.fn.max('seq').as('max')).executeTakeFirstOrThrow();
    const out: Record<string, { rows: number; p50: number; p95: number }> = {};
    // the bench user reads every case (province-level roles); a monitor reads their unit's (1 in 21)
    const readers: [string, typeof user][] = [['province', user], ['unit', { ...user, roles: ['monitor'] }]];
    const sinces = [['away 1,000 events', Number(max) - 1_000], ['away 100,000 events', Number(max) - 100_000], ['since 0', 0]] as const;
    for (const [who, reader] of readers) {
      for (const [label, since] of sinces) {
        const lat: number[] = [];
        let rows = 0;
        for (let i = 0; i < 10; i++) {
          const t0 = performance.now();
          rows = (await casesChangedSince(db, reader, since, 'all', 500)).length;
          lat.push(performance.now() - t0);
        }
        lat.sort((a, b) => a - b);
        out[`${who} reader, ${label}`] = { rows, p50: percentile(lat, 50), p95: percentile(lat, 95) };
      }
    }
    return out;
  } finally {
    await store.close();
  }
}

export async function benchScale(n: number) {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  // BENCH_SCHEMA keeps the seeded schema between runs (seeded once, never dropped).
  const keep = process.env.BENCH_SCHEMA;
  const schema = keep ?? `bench_scale_${Date.now()}`;
  const target: Target = { name: 'postgres', env: { DATABASE_URL: url, QUYTRINH_DB_SCHEMA: schema }, store: { url, schema } };
  try {
    await prepare(target);
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    const { rows } = await probe.query(`SELECT count(*)::int AS n FROM ${schema}.cases`);
    await probe.end();
    const seedSeconds = rows[0].n >= n ? 0 : await seed(url, schema, n);
    console.log(`\n  seeded in ${seedSeconds}s`);
    const server = await startServer(target, 'scale');
    try {
      const cookie = await login(server.base);
      const inbox = await timeRequests(server.base, cookie, [
        '/api/cases?limit=50',
        '/api/cases?limit=50&state=verifying',
        '/api/cases?limit=50&overdue=1',
        '/api/cases?limit=50&category=fraud&procedure=harmful-content',
        '/api/cases?limit=50&q=HC-B-0012345',
      ], 20);
      const report = await timeRequests(server.base, cookie, ['/api/reports/summary?from=2026-04-01&to=2026-06-30'], 20);
      return { cases: n, seedSeconds, inbox, report, catchUp: await timeCatchUp(url, schema) };
    } finally {
      await server.stop();
    }
  } finally {
    if (!keep) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
}

export function printScale(r: Awaited<ReturnType<typeof benchScale>>) {
  const row = (what: string, x: { p50: number; p95: number; requests?: number; rows?: number }) => ({
    what,
    ...(x.requests !== undefined ? { requests: x.requests } : { 'cases sent': x.rows }),
    p50: `${x.p50.toFixed(1)} ms`,
    p95: `${x.p95.toFixed(1)} ms`,
  });
  console.table([
    row('inbox (5 filter mixes)', r.inbox),
    ...Object.entries(r.inbox.byPath).map(([path, x]) => row(`  inbox ${path.replace('/api/cases?limit=50', '') || '(no filter)'}`, x)),
    row('quarterly report', r.report),
    ...Object.entries(r.catchUp).map(([k, v]) => row(`live catch-up, ${k}`, v)),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) printScale(await benchScale(Number(process.env.BENCH_CASES ?? 1_000_000)));

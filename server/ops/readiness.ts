// Readiness: whether a load balancer should send this process traffic — the database answers,
// its schema is the one this code expects, and this process's timers run on time. A newer release
// migrating the database under a running process (a rolling upgrade) leaves it ready: migrations
// only add, so the old code runs on the new schema until it is restarted; starting an older
// release on an upgraded database is what is refused (server/db/connect.ts migrate).
import { sql } from 'kysely';
import type { Store } from '../db/connect.ts';
import type { Clock } from '../clock.ts';
import type { Scheduler } from '../scheduler.ts';
import { migrationStatus } from '../db/migration-status.ts';
import { qtError, type ErrorCode } from '../errors.ts';
import type { Ready } from '../../schemas/api/types.ts';

/** Timers are late when no run finished for this many intervals (at least 30 s). */
const LATE_AFTER_INTERVALS = 3;

export async function readiness(qt: { store: Store; clock: Clock; scheduler: Scheduler }, lang: 'vi' | 'en'): Promise<Ready> {
  const checks: Ready['checks'] = { database: 'ok', migrations: 'current', timers: 'running' };
  const failed: ErrorCode[] = [];
  try {
    await sql`SELECT 1`.execute(qt.store.db);
    const status = await migrationStatus(qt.store);
    if (status.unknown.length) checks.migrations = 'newer';
    else if (status.pending.length) (checks.migrations = 'pending'), failed.push('QT_MIGRATIONS_PENDING');
  } catch {
    checks.database = 'unavailable';
    checks.migrations = 'unknown';
    failed.push('QT_DATABASE_UNAVAILABLE');
  }
  const { intervalMs, lastRunAt } = qt.scheduler;
  if (intervalMs === null) checks.timers = 'stopped';
  else if (!lastRunAt || qt.clock.now().getTime() - lastRunAt.getTime() > Math.max(LATE_AFTER_INTERVALS * intervalMs, 30_000)) checks.timers = 'late';
  if (checks.timers !== 'running') failed.push('QT_TIMERS_NOT_RUNNING');
  return {
    status: failed.length ? 'not_ready' : 'ready',
    checks,
    reasons: failed.map((code) => ({ code, message: qtError(code).messages[lang] })),
  };
}

// Starts the server: open the database, migrate, first-start setup, listen, fire timers.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openStore, optionsFromEnv } from './db/connect.ts';
import { buildApp } from './app.ts';
import { QtError } from './errors.ts';
import { systemClock } from './clock.ts';
import { adminPasswordProblem, ensureAdmin, installProcedures, seedDemo } from './seed.ts';
import { trustedProxies } from './trust-proxy.ts';
import { LOG_LEVELS, loggerOptions, type LogLevel } from './ops/request-log.ts';

const env = process.env;
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const say = (msg: string) => process.stdout.write(msg + '\n');

// Settings are checked before anything is opened or written.
const cacheMb = Number(env.QUYTRINH_CASE_CACHE_MB || 24);
if (!Number.isFinite(cacheMb) || cacheMb < 0) {
  console.error(
    `QUYTRINH_CASE_CACHE_MB="${env.QUYTRINH_CASE_CACHE_MB}" phải là một số MB (0: không dùng bộ nhớ đệm); máy chủ chưa khởi động.\n` +
      `QUYTRINH_CASE_CACHE_MB="${env.QUYTRINH_CASE_CACHE_MB}" must be a number of megabytes (0: no cache); the server was not started.`,
  );
  process.exit(1);
}
/** A whole number ≥ 1 from the environment, or its default; stops the server on anything else. */
function count(name: string, fallback: number): number {
  const raw = env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (Number.isInteger(n) && n >= 1) return n;
  console.error(
    `${name}="${raw}" phải là một số nguyên từ 1 trở lên; máy chủ chưa khởi động.\n` +
      `${name}="${raw}" must be a whole number, 1 or more; the server was not started.`,
  );
  process.exit(1);
}
const loginIpPerMinute = count('QUYTRINH_LOGIN_IP_PER_MINUTE', 100);
const lockoutFailures = count('QUYTRINH_LOGIN_LOCKOUT_FAILURES', 10);
const lockoutMinutes = count('QUYTRINH_LOGIN_LOCKOUT_MINUTES', 15);

const serviceAttempts = count('QUYTRINH_SERVICE_ATTEMPTS', 5);
const serviceRetryBaseMs = count('QUYTRINH_SERVICE_RETRY_BASE_MS', 2000);
const serviceTimeoutMs = count('QUYTRINH_SERVICE_TIMEOUT_MS', 30_000);
const servicePollMs = count('QUYTRINH_SERVICE_POLL_MS', 1000);

const digestHourRaw = env.QUYTRINH_DIGEST_HOUR;
const digestHour = digestHourRaw === undefined || digestHourRaw === '' ? 7 : Number(digestHourRaw);
if (!Number.isInteger(digestHour) || digestHour < 0 || digestHour > 23) {
  console.error(
    `QUYTRINH_DIGEST_HOUR="${digestHourRaw}" phải là một giờ trong ngày, từ 0 đến 23 (giờ Việt Nam); máy chủ chưa khởi động.\n` +
      `QUYTRINH_DIGEST_HOUR="${digestHourRaw}" must be an hour of the day, 0 to 23 (Vietnam time); the server was not started.`,
  );
  process.exit(1);
}
const publicUrl = env.QUYTRINH_PUBLIC_URL || `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 3000}`;
if (!/^https?:\/\/[^/\s]+/.test(publicUrl)) {
  console.error(
    `QUYTRINH_PUBLIC_URL="${publicUrl}" phải là địa chỉ http(s) cán bộ mở quytrinh, ví dụ https://quytrinh.tinh.gov.vn; máy chủ chưa khởi động.\n` +
      `QUYTRINH_PUBLIC_URL="${publicUrl}" must be the http(s) address officials open quytrinh at, e.g. https://quytrinh.tinh.gov.vn; the server was not started.`,
  );
  process.exit(1);
}

const logLevel = (env.QUYTRINH_LOG_LEVEL || env.LOG_LEVEL || 'info') as LogLevel;
if (!LOG_LEVELS.includes(logLevel)) {
  console.error(
    `QUYTRINH_LOG_LEVEL="${logLevel}" phải là một trong ${LOG_LEVELS.join(', ')}; máy chủ chưa khởi động.\n` +
      `QUYTRINH_LOG_LEVEL="${logLevel}" must be one of ${LOG_LEVELS.join(', ')}; the server was not started.`,
  );
  process.exit(1);
}

const proxies = trustedProxies(env.QUYTRINH_TRUST_PROXY);
if (!proxies.ok) {
  console.error(`${proxies.message.vi}\n${proxies.message.en}`);
  process.exit(1);
}
const weak = adminPasswordProblem(env.QUYTRINH_ADMIN_PASSWORD);
if (weak) {
  console.error(`${weak.vi}\n${weak.en}`);
  process.exit(1);
}

/** A WebSocket limit from the environment: a number of at least `min` (whole with `whole`), else the server stops. */
function wsSetting(name: string, fallback: number, min: number, whole: boolean): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (Number.isFinite(value) && value >= min && (!whole || Number.isInteger(value))) return value;
  console.error(
    `${name}="${raw}" phải là một số ${whole ? 'nguyên ' : ''}không nhỏ hơn ${min}; máy chủ chưa khởi động.\n` +
      `${name}="${raw}" must be a ${whole ? 'whole ' : ''}number of at least ${min}; the server was not started.`,
  );
  process.exit(1);
}
const live = {
  bufferBytes: Math.round(wsSetting('QUYTRINH_WS_BUFFER_MB', 4, 0.0625, false) * 1024 * 1024),
  catchUpEveryMs: Math.round(wsSetting('QUYTRINH_WS_CATCH_UP_SECONDS', 10, 0, false) * 1000),
  connectionsPerUser: wsSetting('QUYTRINH_WS_CONNECTIONS_PER_USER', 8, 1, true),
  messagesPerMinute: wsSetting('QUYTRINH_WS_MESSAGES_PER_MINUTE', 120, 1, true),
};

const dbOptions = optionsFromEnv(env);
const store = await openStore(dbOptions);
const migrated = await migrate(store);
if (!migrated.ok) {
  if (migrated.error instanceof QtError) {
    const names = migrated.error.details.map((d) => (d as { migration?: string }).migration).filter(Boolean).join(', ');
    console.error(`${migrated.error.code}: ${migrated.error.messages.vi}\n${migrated.error.messages.en}${names ? `\n(${names})` : ''}`);
  } else console.error('Không nâng cấp được cơ sở dữ liệu; máy chủ chưa khởi động.\nDatabase migration failed; nothing was started.', migrated.error);
  await store.close();
  process.exit(1);
}
if (migrated.applied.length) say(`Database migrated: ${migrated.applied.join(', ')}`);

const now = systemClock.now();
const installed = await installProcedures(store.db, now, (m) => say(m));
if (installed.length) say(`Installed procedures: ${installed.join(', ')}`);
const admin = await ensureAdmin(store.db, now, env.QUYTRINH_ADMIN_PASSWORD);
if (admin.password) say(`\nCreated user "admin" with password: ${admin.password}\n(shown once; set QUYTRINH_ADMIN_PASSWORD to choose it)\n`);

const uiDir = resolve(root, 'dist/ui');
const app = await buildApp({
  store,
  clock: systemClock,
  // a person at a terminal reads one line per request; a service manager's journal gets JSON
  logger: loggerOptions(logLevel, process.stdout.isTTY === true),
  uiDir: existsSync(uiDir) ? uiDir : null,
  trustProxy: proxies.proxies,
  loginIpRateLimit: { max: loginIpPerMinute, timeWindowMs: 60_000 },
  loginLockout: { failures: lockoutFailures, windowMs: lockoutMinutes * 60_000 },
  schedulerIntervalMs: Number(env.QUYTRINH_TIMER_INTERVAL_MS ?? 5000),
  caseCacheBytes: Math.round(cacheMb * 1024 * 1024),
  live,
  metricsToken: env.QUYTRINH_METRICS_TOKEN || null,
  automation: {
    attempts: serviceAttempts,
    retryBaseMs: serviceRetryBaseMs,
    timeoutMs: serviceTimeoutMs,
    intervalMs: servicePollMs,
    webhookAllow: (env.QUYTRINH_WEBHOOK_ALLOW ?? '').split(',').map((p) => p.trim()).filter(Boolean),
    webhookSecret: env.QUYTRINH_WEBHOOK_SECRET || null,
    smtpUrl: env.QUYTRINH_SMTP_URL || null,
    smtpFrom: env.QUYTRINH_SMTP_FROM || 'quytrinh@localhost',
  },
  // due digests are looked for every minute: one sent late by a minute, never twice (digest.ts)
  digest: { hour: digestHour, publicUrl, intervalMs: 60_000 },
});

const demoWanted = store.kind === 'pglite' && env.QUYTRINH_DEMO !== '0';
if (demoWanted) {
  const demo = await seedDemo(app.qt.flow, app.qt.scheduler, now, env.QUYTRINH_DEMO_PASSWORD);
  if (demo.created) {
    say('Demo data created: two units, accounts monitor, verifier, lead, liaison, secretariat, observer (and monitor2 … admin2).');
    if (demo.password) say(`Demo password for every demo account: ${demo.password}\n(set QUYTRINH_DEMO_PASSWORD to choose it; QUYTRINH_DEMO=0 for none)`);
  }
}

const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
await app.listen({ port, host });
say(`quytrinh listening on http://${host}:${port} (${store.kind}${store.kind === 'pglite' ? ` in ${dbOptions.dataDir}` : ''})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await store.close();
    process.exit(0);
  });
}

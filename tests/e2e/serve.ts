// The server as server/main.ts starts it, but serving the UI from QT_E2E_UI_DIR: a private copy
// of dist/ui, so a build running elsewhere meanwhile cannot pull the assets from under the test.
import { buildApp } from '../../server/app.ts';
import { migrate, openStore } from '../../server/db/connect.ts';
import { systemClock } from '../../server/clock.ts';
import { ensureAdmin, installProcedures, seedDemo } from '../../server/seed.ts';

const env = process.env;
const store = await openStore({ dataDir: 'memory://' });
const migrated = await migrate(store);
if (!migrated.ok) throw new Error(`migration failed: ${String(migrated.error)}`);
const now = systemClock.now();
await installProcedures(store.db, now, () => {});
await ensureAdmin(store.db, now, env.QUYTRINH_ADMIN_PASSWORD);
const app = await buildApp({
  store,
  clock: systemClock,
  logger: false,
  uiDir: env.QT_E2E_UI_DIR ?? null,
  schedulerIntervalMs: 1000,
  // automated steps run; no webhook address is allowed, so a webhook step becomes an incident
  automation: { intervalMs: 500, attempts: 1 },
  loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
  loginIpRateLimit: { max: 10_000, timeWindowMs: 60_000 },
});
await seedDemo(app.qt.flow, app.qt.scheduler, now, env.QUYTRINH_DEMO_PASSWORD);
await app.listen({ port: Number(env.PORT), host: '127.0.0.1' });
process.stdout.write(`listening on ${env.PORT}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void app
      .close()
      .then(() => store.close())
      .finally(() => process.exit(0));
  });
}

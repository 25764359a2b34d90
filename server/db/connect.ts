// Opens the database once at start-up: embedded PGlite without DATABASE_URL, PostgreSQL with it.
import { mkdirSync } from 'node:fs';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';
import { migrationStatus } from './migration-status.ts';
import { qtError } from '../errors.ts';

export const DatabaseKind = { PGlite: 'pglite', Postgres: 'postgres' } as const;
export type DatabaseKind = (typeof DatabaseKind)[keyof typeof DatabaseKind];

/** The database and the one thing Kysely cannot do: listen for NOTIFY. */
export interface Store {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** PostgreSQL schema the tables live in, when not the default (tests give each file its own) */
  schema?: string;
  /**
   * PostgreSQL only: runs a statement prepared once per connection under `name` (parsed and
   * planned once, not at every call) — for the event path's one statement, whose text never
   * changes. Never inside a transaction: it takes any connection of the pool.
   */
  prepared?: <R>(name: string, text: string, values: readonly unknown[]) => Promise<{ rows: R[] }>;
  /** Calls `onPayload` for each NOTIFY on `channel`, from any process on this database. */
  /** PostgreSQL only: the pool's connections, for metrics */
  poolStats?: () => { total: number; idle: number; waiting: number };
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… ; absent: embedded PGlite */
  url?: string;
  /** PGlite data directory, or `memory://` */
  dataDir?: string;
  /** PostgreSQL only: put the tables in this schema (created if missing) */
  schema?: string;
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return env.DATABASE_URL
    ? { url: env.DATABASE_URL, ...(env.QUYTRINH_DB_SCHEMA ? { schema: env.QUYTRINH_DB_SCHEMA } : {}) }
    : { dataDir: env.QUYTRINH_DATA_DIR ?? './data' };
}

export async function openStore(opts: OpenOptions): Promise<Store> {
  return opts.url ? openPostgres(opts.url, opts.schema) : openPGlite(opts.dataDir ?? './data');
}

async function openPGlite(dataDir: string): Promise<Store> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // Loaded only here: a server on PostgreSQL never carries the embedded database's code.
  const [{ PGlite }, { pg_trgm }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('kysely-pglite-dialect'),
  ]);
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  const channels = new Channels();
  pglite.onNotification((channel, payload) => channels.deliver(channel, payload));
  let closed = false;
  return {
    db,
    kind: DatabaseKind.PGlite,
    listen: (channel, onPayload) =>
      // through Kysely, so it waits for any open transaction on the one connection
      channels.add(channel, onPayload, () => sql`LISTEN ${sql.id(channel)}`.execute(db).then(() => {})),
    async close() {
      if (closed) return;
      closed = true;
      channels.clear();
      await db.destroy(); // closes PGlite too
    },
  };
}

async function openPostgres(url: string, schema?: string): Promise<Store> {
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`).finally(() => admin.end());
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.QUYTRINH_DB_POOL ?? 10),
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A connection the database dropped (restart, network): the pool discards it and opens a new
  // one when needed; a query on it fails (503). Unheard, its 'error' event would end the process —
  // idle ones through the pool, checked-out ones (between a transaction's queries) on the client.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const channels = new Channels();
  let listener: pg.Client | null = null;
  let closed = false;
  let reconnect: NodeJS.Timeout | null = null;

  // One dedicated connection LISTENs for the whole process; it reconnects if the server drops it.
  async function connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (msg) => channels.deliver(msg.channel, msg.payload ?? ''));
    client.on('error', () => scheduleReconnect());
    client.on('end', () => scheduleReconnect());
    await client.connect();
    for (const channel of channels.names()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    listener = client;
  }
  function scheduleReconnect() {
    if (closed || reconnect) return;
    listener = null;
    reconnect = setTimeout(() => {
      reconnect = null;
      connectListener().catch(() => scheduleReconnect());
    }, 1000);
  }

  return {
    db,
    kind: DatabaseKind.Postgres,
    schema,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    prepared: async <R>(name: string, text: string, values: readonly unknown[]) => {
      const { rows } = await pool.query({ name, text, values: [...values] });
      return { rows: rows as R[] };
    },
    listen: (channel, onPayload) =>
      channels.add(channel, onPayload, async () => {
        if (!listener) await connectListener();
        else await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }),
    async close() {
      if (closed) return;
      closed = true;
      if (reconnect) clearTimeout(reconnect);
      channels.clear();
      await listener?.end().catch(() => {});
      await db.destroy();
    },
  };
}

/** The process's listeners by channel; the first listener of a channel starts listening to it (`first`). */
class Channels {
  #handlers = new Map<string, Set<(payload: string) => void>>();

  deliver(channel: string, payload: string): void {
    for (const h of this.#handlers.get(channel) ?? []) h(payload);
  }

  names(): Iterable<string> {
    return this.#handlers.keys();
  }

  async add(channel: string, onPayload: (payload: string) => void, first: () => Promise<void>): Promise<() => Promise<void>> {
    let set = this.#handlers.get(channel);
    if (!set) {
      this.#handlers.set(channel, (set = new Set()));
      await first();
    }
    set.add(onPayload);
    return async () => {
      set.delete(onPayload);
    };
  }

  clear(): void {
    this.#handlers.clear();
  }
}

export interface MigrationReport {
  ok: boolean;
  applied: string[];
  error?: unknown;
}

/**
 * Brings the schema to the latest version. Never drops anything. A database that has migrations
 * this code does not know (a newer release ran them) is left as it is: QT_DATABASE_NEWER_THAN_CODE.
 */
export async function migrate(store: Store): Promise<MigrationReport> {
  const status = await migrationStatus(store);
  if (status.unknown.length) return { ok: false, applied: [], error: qtError('QT_DATABASE_NEWER_THAN_CODE', { details: status.unknown.map((name) => ({ migration: name })) }) };
  const migrator = new Migrator({
    db: store.db,
    provider: migrationProvider,
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return error ? { ok: false, applied, error } : { ok: true, applied };
}

// Backup and restore of the whole database, uploads included (they are rows of `attachments`).
// PGlite: its own dump of the data directory (a gzipped tar). PostgreSQL: pg_dump/pg_restore in
// their custom format, found on the PATH. A restore never writes over data without `force`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { qtError } from '../errors.ts';
import type { OpenOptions } from '../db/connect.ts';

/** What a backup file holds, from its first bytes. */
export function backupKind(head: Uint8Array): 'pglite' | 'postgres' | null {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite'; // gzip
  if (Buffer.from(head.subarray(0, 5)).toString('latin1') === 'PGDMP') return 'postgres';
  return null;
}

export interface ToolOptions {
  /** the environment the PostgreSQL tools are looked up and run in (PATH) */
  env?: NodeJS.ProcessEnv;
}

/** Writes a backup of the database to `file`. On PGlite, no server may have the directory open. */
export async function backup(db: OpenOptions, file: string, tools: ToolOptions = {}): Promise<void> {
  if (db.url) {
    const args = ['--format=custom', `--file=${file}`, ...(db.schema ? [`--schema=${db.schema}`] : []), `--dbname=${db.url}`];
    await run('pg_dump', args, tools);
    return;
  }
  const pglite = await openPGlite(db.dataDir!);
  try {
    const dump = await pglite.dumpDataDir('gzip');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
}

/** Restores `file` into the database; one that holds data is refused unless `force` (then replaced). */
export async function restore(db: OpenOptions, file: string, opts: ToolOptions & { force?: boolean } = {}): Promise<void> {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    throw qtError('QT_BACKUP_UNREADABLE', { details: [{ field: 'file', message: file }] });
  }
  const kind = backupKind(content);
  if (kind !== (db.url ? 'postgres' : 'pglite')) throw qtError('QT_BACKUP_UNREADABLE', { details: [{ field: 'file', message: `${file}: ${kind ?? 'unknown format'}` }] });
  if (db.url) {
    if (await postgresHoldsData(db.url, db.schema)) {
      if (!opts.force) throw qtError('QT_RESTORE_NOT_EMPTY');
      await dropEverything(db.url, db.schema);
    }
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${db.url}`, file], opts);
    return;
  }
  const dir = db.dataDir!;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!opts.force) throw qtError('QT_RESTORE_NOT_EMPTY');
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  const pglite = await openPGlite(dir, new Blob([new Uint8Array(content)]));
  await pglite.close();
}

async function openPGlite(dataDir: string, loadDataDir?: Blob) {
  const [{ PGlite }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);
  return PGlite.create(dataDir, { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Whether quytrinh's tables are there (its migrations table, in the schema when one is named). */
async function postgresHoldsData(url: string, schema?: string): Promise<boolean> {
  const name = schema ? `${pg.escapeIdentifier(schema)}.kysely_migration` : 'kysely_migration';
  return withClient(url, async (c) => (await c.query('SELECT to_regclass($1) AS t', [name])).rows[0].t !== null);
}

/** Empties the target: the named schema, or every schema of the database's user but the system's. */
async function dropEverything(url: string, schema?: string): Promise<void> {
  await withClient(url, async (c) => {
    const schemas = schema
      ? [schema]
      : (await c.query(`SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`)).rows.map((r) => r.nspname as string);
    for (const s of schemas) await c.query(`DROP SCHEMA ${pg.escapeIdentifier(s)} CASCADE`);
    if (!schema) await c.query('CREATE SCHEMA public');
  });
}

/** Runs a PostgreSQL tool; a tool not on the PATH is QT_BACKUP_TOOL_MISSING, a failure carries its output. */
function run(tool: string, args: string[], opts: ToolOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: opts.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? qtError('QT_BACKUP_TOOL_MISSING', { details: [{ field: 'tool', message: tool }] }) : e),
    );
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} exited with ${code}:\n${err.trim()}`))));
  });
}

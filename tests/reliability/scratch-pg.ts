// A PostgreSQL database of its own for tests that only make sense on PostgreSQL (several
// processes on one database, roles): created on the local server whether or not DATABASE_URL is
// set, dropped afterwards, so it never meets the DATABASE_URL run of the other suites.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The local server; the tests create and drop their own databases on it. */
export const LOCAL_PG = process.env.QUYTRINH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export function urlFor(database: string, user?: string): string {
  const u = new URL(LOCAL_PG);
  u.pathname = `/${database}`;
  if (user) u.username = user;
  return u.toString();
}

export async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: LOCAL_PG });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  return {
    name,
    url: urlFor(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

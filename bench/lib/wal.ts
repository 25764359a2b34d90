// PostgreSQL's write-ahead log in the state of a server under steady load, before anything is
// measured on it. A commit whose WAL crosses into a segment file that does not exist yet waits
// while the file is made: 16 MB written with zeros and synced (wal_init_zero), 60–90 ms on this
// machine. A server that has been running recycles the files of past segments as the next ones
// at each checkpoint, so under steady load it almost never makes one; a freshly initialised
// cluster (every machine of CI, and of a session, is one) has none to recycle, and at the ~10 MB
// of WAL a second of 32 clients it made one every ~1.6 s — all 32 clients held up together, the
// slowest 1 % of the requests.
import pg from 'pg';

/** Where the WAL is: its segment number, and how many segment files are ready after it (null: not allowed to list them). */
export interface WalPosition {
  lsn: number;
  segment: number;
  ahead: number | null;
}

export async function walPosition(client: pg.Client): Promise<WalPosition> {
  const { rows } = await client.query<{ lsn: string; seg: string; file: string }>(
    `SELECT pg_current_wal_lsn() - '0/0' AS lsn, (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size') AS seg, pg_walfile_name(pg_current_wal_lsn()) AS file`,
  );
  const { lsn, seg, file } = rows[0]!;
  let ahead: number | null = null;
  try {
    // the files after the current one: recycled segments waiting to be written (same timeline: names compare as text)
    const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$' AND name > $1`, [file]);
    ahead = Number(r.rows[0]!.n);
  } catch {
    // pg_ls_waldir needs a superuser or pg_monitor: the count is left out
  }
  return { lsn: Number(lsn), segment: Math.floor(Number(lsn) / Number(seg)), ahead };
}

/** Segment files made (not recycled) between two positions: the segments entered beyond those ready at the first. */
export function segmentsMade(from: WalPosition, to: WalPosition): number | null {
  return from.ahead === null ? null : Math.max(0, to.segment - from.segment - from.ahead);
}

/**
 * Brings the WAL to a steady state: switches to a new segment `count` times (each switch needs
 * some WAL since the last, hence the row written) and checkpoints, which recycles the segments
 * passed over as the next ones — the database is then like one that has been under load, with
 * that many files ready. Needs a superuser (pg_switch_wal, CHECKPOINT); otherwise it changes
 * nothing and returns why.
 */
export async function walSteadyState(url: string, schema: string, count = 32): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const su = await client.query<{ su: boolean }>(`SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`);
    if (!su.rows[0]?.su) return 'not a superuser: pg_switch_wal and CHECKPOINT are not allowed';
    const table = `${pg.escapeIdentifier(schema)}.bench_wal_switch`;
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (n int)`);
    for (let i = 0; i < count; i++) {
      await client.query(`INSERT INTO ${table} VALUES ($1)`, [i]);
      await client.query('SELECT pg_switch_wal()');
    }
    await client.query(`DROP TABLE ${table}`);
    await client.query('CHECKPOINT');
    return null;
  } finally {
    await client.end();
  }
}

// The read half of the event path for cases the CaseCache does not hold (more cases in work than
// it keeps, another process wrote them, a restart): the cases asked for in one turn of the event
// loop are read in one statement, prepared on PostgreSQL. Read one by one, every such event would pay
// a statement of its own beside its share of the batched write: at 32 clients over more cases than
// the cache holds, three times the database's CPU per event. The case's data is not read: it is its
// snapshot's `context.data` (caseValues), read once, not twice.
import { sql, type Kysely } from 'kysely';
import type { CasesTable, Database } from '../db/schema.ts';
import type { Prepared } from './write-event.ts';
import { Batches } from './batches.ts';
import { caseJoined, type CaseRowJoined } from '../stores/cases.ts';

type Db = Kysely<Database>;
type Pending = { id: string; resolve: (row: CaseRowJoined | undefined) => void; reject: (e: unknown) => void };

/** Every column of `cases` but `data` (a compile error when the table gains one and this does not). */
const COLUMNS = Object.keys({
  id: 1, number: 1, procedure_key: 1, procedure_version: 1, snapshot: 1, state: 1, state_title: 1, status: 1,
  work_roles: 1, category: 1, platform: 1, unit_id: 1, assignee: 1, assignee_user_id: 1, assignee_unit_id: 1,
  opened_by: 1, opened_at: 1, updated_at: 1, due_at: 1, overdue: 1, version: 1, last_seq: 1,
} satisfies Record<Exclude<keyof CasesTable, 'data'>, 1>) as Exclude<keyof CasesTable, 'data'>[];

/** The statement: the cases of `ids`, as caseQuery reads them but for `data`. */
function casesStatement(db: Db, ids: string[]) {
  return caseJoined(db)
    .select(COLUMNS.map((k) => `c.${k}` as const))
    .where('c.id', '=', sql<string>`ANY(${ids}::text[])`);
}

/** A row as read, completed with its data: the very object of its snapshot, as a cached row has it. */
function withData(row: Omit<CaseRowJoined, 'data'>): CaseRowJoined {
  const snapshot = row.snapshot as { context?: { data?: unknown } } | null;
  return { ...row, data: (snapshot?.context?.data ?? {}) as CaseRowJoined['data'] };
}

export class CaseReader extends Batches<Pending> {
  #db: Db;
  #prepared?: Prepared;
  #text: string | null = null;
  /** statements run and cases asked for so far (tests, the bench) */
  readonly stats = { statements: 0, reads: 0 };

  /**
   * At most `maxInFlight` statements at once; the reads asked for meanwhile wait and go together
   * in the next one (up to `maxBatch` cases each). The reads of one turn of the event loop always go together.
   */
  constructor(db: Db, opts: { prepared?: Prepared; maxInFlight?: number; maxBatch?: number } = {}) {
    super({ ...opts, gather: true });
    this.#db = db;
    this.#prepared = opts.prepared;
  }

  /** The case as it is in the database now, or undefined when there is none. */
  read(id: string): Promise<CaseRowJoined | undefined> {
    return new Promise((resolve, reject) => {
      this.stats.reads++;
      this.enqueue({ id, resolve, reject });
    });
  }

  protected async run(batch: Pending[]) {
    try {
      const ids = [...new Set(batch.map((p) => p.id))];
      this.stats.statements++;
      const rows = await this.#select(ids);
      const byId = new Map(rows.map((r) => [r.id, withData(r)]));
      for (const p of batch) p.resolve(byId.get(p.id));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  async #select(ids: string[]): Promise<Omit<CaseRowJoined, 'data'>[]> {
    type Row = Omit<CaseRowJoined, 'data'>;
    if (!this.#prepared) return (await casesStatement(this.#db, ids).execute()) as Row[];
    this.#text ??= casesStatement(this.#db, []).compile().sql;
    return (await this.#prepared<Row>('quytrinh_read_cases', this.#text, [ids])).rows;
  }
}

// The report's figures summed up by category, platform and unit, with the values an option
// replaced counted under the option that took their place.
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { ProcedureCache } from './stores/procedures.ts';
import type { Report } from '../schemas/api/types.ts';
import { OUTCOMES } from '../engine/index.ts';

type Db = Kysely<Database>;

/** The report's figures: the outcomes the procedures declare, which the engine stores with each event. */
export type Figure = (typeof OUTCOMES)[number] & keyof Report['totals'];
export const FIGURES = OUTCOMES as readonly Figure[];
export const isFigure = (f: string): f is Figure => (OUTCOMES as readonly string[]).includes(f);
type Counts = Report['totals'];
export const zero = (): Counts => Object.fromEntries(FIGURES.map((f) => [f, 0])) as Counts;
type ReportGroup = Report['byUnit'][number];

/**
 * Category and platform values an option of the latest procedures replaced (`formerly`, e.g. a
 * category withdrawn into "other"), each with the value that took its place.
 */
export async function replacedOptions(db: Db, procedures: ProcedureCache): Promise<{ category: Map<string, string>; platform: Map<string, string> }> {
  const out = { category: new Map<string, string>(), platform: new Map<string, string>() };
  const latest = await db.selectFrom('procedure_versions').select(['key', (eb) => eb.fn.max('version').as('v')]).groupBy('key').execute();
  for (const { key, v } of latest) {
    const fields = (await procedures.get(db, key, Number(v)))?.procedure.start.form.ui?.fields ?? {};
    for (const field of ['category', 'platform'] as const) {
      for (const o of fields[field]?.options ?? []) for (const old of o.formerly ?? []) if (typeof old === 'string' && !out[field].has(old)) out[field].set(old, o.value);
    }
  }
  return out;
}

/** The period's figures summed up, in total and by category, platform and unit. */
export class Tally {
  totals = zero();
  #groups = { category: new Map<string, ReportGroup>(), platform: new Map<string, ReportGroup>(), unit: new Map<string, ReportGroup>() };
  #replaced: { category: Map<string, string>; platform: Map<string, string> };
  constructor(replaced: { category: Map<string, string>; platform: Map<string, string> }) {
    this.#replaced = replaced;
  }

  add(figure: Figure, n: number, rawCategory: string, rawPlatform: string, unitId: string, unitName: string): void {
    const category = this.#replaced.category.get(rawCategory) ?? rawCategory;
    const platform = this.#replaced.platform.get(rawPlatform) ?? rawPlatform;
    this.totals[figure] += n;
    const bump = (map: Map<string, ReportGroup>, key: string, name?: string) => {
      let g = map.get(key);
      if (!g) map.set(key, (g = { key, ...(name !== undefined ? { name } : {}), ...zero() }));
      g[figure] += n;
    };
    bump(this.#groups.category, category);
    bump(this.#groups.platform, platform);
    bump(this.#groups.unit, unitId, unitName);
  }

  report(period: { from: string; to: string }, now: Date, rest: Pick<Report, 'stepDurations' | 'cases' | 'casesTotal'>): Report {
    const sorted = (m: Map<string, ReportGroup>) => [...m.values()].sort((a, b) => b.detected - a.detected || a.key.localeCompare(b.key));
    const { category, platform, unit } = this.#groups;
    const head = { from: period.from, to: period.to, generatedAt: now.toISOString(), totals: this.totals };
    return { ...head, byCategory: sorted(category), byPlatform: sorted(platform), byUnit: sorted(unit), ...rest };
  }
}


// Sample folders: tests/procedures/samples/<name>/_config.ts names a workflow from workflows/ and, for a
// broken sample, the patch that breaks it. checkSample() returns the failures rather than asserting, so
// the same checks can be run against a changed workflow (follow-workflows.test.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CaseSimulation, summarize, validateProcedure, type Actor, type Procedure } from '../../engine/index.ts';

export interface Step {
  actor?: Actor;
  open?: Record<string, unknown>;
  event?: { type: string; data?: Record<string, unknown> };
  advance?: string;
  expect?: { state?: string; rejected?: string; overdue?: boolean };
}

export interface Config {
  /** The workflow the sample starts from: workflows/<base>.json. */
  base: string;
  /** Edits a deep copy of the base. Typed loosely: a broken sample writes shapes `Procedure` refuses. */
  patch?: (p: any) => void;
  valid: boolean;
  description?: string;
  steps?: Step[];
  finalState?: string;
  errors?: { path: string; code: string }[];
}

export const defineSample = (config: Config): Config => config;

/** A sample that breaks `base` with `patch` and expects each `[path, code]` among the problems found. */
export const broken = (base: string, errors: [path: string, code: string][], patch: (p: any) => void): Config => ({
  base,
  valid: false,
  patch,
  errors: errors.map(([path, code]) => ({ path, code })),
});

type Expect = Step['expect'];
/** `actor` opens a case with the start form's `data`. */
export const open = (actor: Actor, data: Record<string, unknown>, expect?: Expect): Step => ({ actor, open: data, expect });
/** `actor` sends an event of `type` with `data`. */
export const send = (actor: Actor, type: string, data?: Record<string, unknown>, expect?: Expect): Step => ({ actor, event: { type, data }, expect });
/** The clock moves on by an ISO 8601 duration. */
export const wait = (duration: string, expect?: Expect): Step => ({ advance: duration, expect });

/** Where the simulated clock of every sample starts. */
export const START = new Date('2026-03-02T01:00:00Z');

export const monitor: Actor = { id: 'u-monitor', roles: ['monitor'], unitId: 'unit-huyen-chau-thanh' };
export const monitorVerifier: Actor = { id: 'u-monitor', roles: ['monitor', 'verifier'], unitId: 'unit-huyen-chau-thanh' };
export const verifier: Actor = { id: 'u-verifier', roles: ['verifier'], unitId: 'unit-stttt' };
export const lead: Actor = { id: 'u-lead', roles: ['lead'], unitId: 'unit-bcd35' };
export const liaison: Actor = { id: 'u-liaison', roles: ['liaison'], unitId: 'unit-stttt' };
export const secretariat: Actor = { id: 'u-secretariat', roles: ['secretariat'], unitId: 'unit-btgtu' };
export const admin: Actor = { id: 'u-admin', roles: ['admin'], unitId: 'unit-btgtu' };
export const press: Actor = { id: 'u-press', roles: ['monitor'], unitId: 'unit-bao-kien-giang' };
export const pressVerifier: Actor = { id: 'u-press', roles: ['monitor', 'verifier'], unitId: 'unit-bao-kien-giang' };
export const pressLead: Actor = { id: 'u-press', roles: ['monitor', 'lead'], unitId: 'unit-bao-kien-giang' };

export const workflowsDir = join(import.meta.dirname, '../../workflows');
export const samplesDir = join(import.meta.dirname, 'samples');

export const readWorkflow = (key: string): Procedure => JSON.parse(readFileSync(join(workflowsDir, `${key}.json`), 'utf8'));

export async function loadSamples(dir = samplesDir): Promise<{ name: string; config: Config }[]> {
  const names = readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, '_config.ts')))
    .sort();
  return Promise.all(names.map(async (name) => ({ name, config: (await import(pathToFileURL(join(dir, name, '_config.ts')).href)).default as Config })));
}

/** The sample's procedure: its base (from `bases` when given there, else workflows/), patched. */
export function buildProcedure(config: Config, bases: Record<string, Procedure> = {}): Procedure {
  const procedure = structuredClone(bases[config.base] ?? readWorkflow(config.base));
  config.patch?.(procedure);
  return procedure;
}

/** Runs the steps on a simulated clock; `each` sees every step with the rejection it got, if any. */
export function runSteps(procedure: Procedure, steps: Step[], each?: (step: Step, i: number, rejected: string | null, sim: CaseSimulation) => void) {
  const sim = new CaseSimulation(procedure, START);
  for (const [i, step] of steps.entries()) {
    if (step.advance) sim.advance(step.advance);
    let rejected: string | null = null;
    if (step.open) rejected = sim.open(step.open, step.actor!)?.code ?? null;
    else if (step.event) rejected = sim.send(step.event, step.actor!)?.code ?? null;
    each?.(step, i, rejected, sim);
  }
  return sim;
}

const show = (value: unknown) => JSON.stringify(value);

/** What the sample expects and did not get; empty when it passes. A patch or step that throws is a failure. */
export function checkSample(config: Config, bases: Record<string, Procedure> = {}): string[] {
  const failures: string[] = [];
  let procedure: Procedure;
  try {
    procedure = buildProcedure(config, bases);
  } catch (e) {
    return [`the patch of ${config.base} threw: ${(e as Error).message}`];
  }
  const result = validateProcedure(procedure);

  if (!config.valid) {
    if (result.valid) failures.push('valid, expected problems');
    const found = result.errors.map((e) => ({ path: e.path, code: e.code }));
    for (const want of config.errors ?? []) {
      if (!found.some((f) => f.path === want.path && f.code === want.code)) failures.push(`missing ${show(want)}; found ${show(found)}`);
    }
    for (const e of result.errors) {
      if (!e.message.vi?.length || !e.message.en?.length) failures.push(`${e.code} at ${e.path}: message without vi or en`);
    }
    return failures;
  }

  for (const e of result.errors.filter((e) => e.severity === 'error')) failures.push(`${e.code} at ${e.path}: ${e.message.en}`);
  try {
    const sim = runSteps(procedure, config.steps ?? [], (step, i, rejected, sim) => {
      const where = `step ${i} (${step.event?.type ?? (step.open ? 'open' : step.advance)})`;
      if (rejected !== (step.expect?.rejected ?? null)) failures.push(`${where}: rejected ${rejected}, expected ${step.expect?.rejected ?? null}`);
      if (step.expect?.state === undefined && step.expect?.overdue === undefined) return;
      const now = summarize(procedure, sim.state!);
      if (step.expect.state && now.state !== step.expect.state) failures.push(`${where}: in ${now.state}, expected ${step.expect.state}`);
      if (step.expect.overdue !== undefined && now.overdue !== step.expect.overdue) {
        failures.push(`${where}: overdue ${now.overdue}, expected ${step.expect.overdue}`);
      }
    });
    if (config.finalState) {
      const last = summarize(procedure, sim.state!).state;
      if (last !== config.finalState) failures.push(`ended in ${last}, expected ${config.finalState}`);
    }
  } catch (e) {
    failures.push(`the steps threw: ${(e as Error).message}`);
  }
  return failures;
}

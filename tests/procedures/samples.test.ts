// Fixture folders: tests/procedures/samples/<name>/{procedure.json,_config.json}. Valid ones are
// driven step by step with a simulated clock; invalid ones must report the expected problems.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSimulation, summarize, validateProcedure, type Actor, type Procedure } from '../../engine/index.ts';

interface Step {
  actor?: Actor;
  open?: Record<string, unknown>;
  event?: { type: string; data?: Record<string, unknown> };
  advance?: string;
  expect?: { state?: string; rejected?: string; overdue?: boolean };
}
interface Config {
  valid: boolean;
  steps?: Step[];
  finalState?: string;
  errors?: { path: string; code: string }[];
}

const root = join(import.meta.dirname, 'samples');
const samples = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, '_config.json'))) : [];

describe('procedure samples', () => {
  it('has samples to run', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  for (const name of samples) {
    const procedure = JSON.parse(readFileSync(join(root, name, 'procedure.json'), 'utf8')) as Procedure;
    const config = JSON.parse(readFileSync(join(root, name, '_config.json'), 'utf8')) as Config;

    if (!config.valid) {
      it(`${name}: rejected with the expected problems`, () => {
        const result = validateProcedure(procedure);
        expect(result.valid).toBe(false);
        const found = result.errors.map((e) => ({ path: e.path, code: e.code }));
        for (const want of config.errors ?? []) expect(found).toContainEqual(want);
        for (const e of result.errors) {
          expect(e.message.vi.length).toBeGreaterThan(0);
          expect(e.message.en.length).toBeGreaterThan(0);
        }
      });
      continue;
    }

    it(`${name}: valid, and its steps lead to ${config.finalState ?? 'the expected states'}`, () => {
      const result = validateProcedure(procedure);
      expect(result.errors.filter((e) => e.severity === 'error')).toEqual([]);
      const sim = new CaseSimulation(procedure, new Date('2026-03-02T01:00:00Z'));
      for (const [i, step] of (config.steps ?? []).entries()) {
        if (step.advance) sim.advance(step.advance);
        let rejected: string | null = null;
        if (step.open) rejected = sim.open(step.open, step.actor!)?.code ?? null;
        else if (step.event) rejected = sim.send(step.event, step.actor!)?.code ?? null;
        const where = `step ${i} (${step.event?.type ?? (step.open ? 'open' : step.advance)})`;
        expect(rejected, where).toBe(step.expect?.rejected ?? null);
        if (step.expect?.state) expect(summarize(procedure, sim.state!).state, where).toBe(step.expect.state);
        if (step.expect?.overdue !== undefined) expect(summarize(procedure, sim.state!).overdue, where).toBe(step.expect.overdue);
      }
      if (config.finalState) expect(summarize(procedure, sim.state!).state).toBe(config.finalState);
    });
  }
});

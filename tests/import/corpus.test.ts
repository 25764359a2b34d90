// The corpus of XState machines written for this project (tests/import/corpus, listed in SOURCES.md):
// each valid one imports as a draft that opens and simulates, each invalid one is refused where it
// is wrong, and exporting a draft then importing it gives the same procedure.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseSimulation, exportMachineJson, importMachine, validateProcedure, type Procedure } from '../../engine/index.ts';

const dir = join(import.meta.dirname, 'corpus');
const files = (kind: string) => readdirSync(join(dir, kind)).filter((f) => f.endsWith('.json')).sort();
const load = (kind: string, f: string): unknown => JSON.parse(readFileSync(join(dir, kind, f), 'utf8'));
const officer = { id: 'u-officer', roles: ['officer'] };

function imported(f: string): Procedure {
  const r = importMachine(load('valid', f));
  if (!r.ok) throw new Error(`${f} refused: ${r.problems.map((p) => `${p.path} ${p.message.en}`).join('; ')}`);
  return r.procedure;
}

describe('a corpus of XState machines', () => {
  it('holds at least 30 valid and 10 invalid machines, each recorded in SOURCES.md', () => {
    const sources = readFileSync(join(dir, 'SOURCES.md'), 'utf8');
    const all = [...files('valid').map((f) => `valid/${f}`), ...files('invalid').map((f) => `invalid/${f}`)];
    expect(files('valid').length).toBeGreaterThanOrEqual(30);
    expect(files('invalid').length).toBeGreaterThanOrEqual(10);
    for (const f of all) expect(sources, f).toContain(`| ${f} |`);
  });

  describe.each(files('valid'))('%s', (f) => {
    it('imports as a draft without errors; only publishing waits', () => {
      const r = importMachine(load('valid', f));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(validateProcedure(r.procedure).errors.filter((p) => p.severity === 'error')).toEqual([]);
      for (const c of [...r.changes, ...r.problems]) {
        expect(`${c.message.vi} ${c.message.en}`).not.toMatch(/\[object Object\]|#undefined|undefined\./);
      }
    });

    it('opens a case in the simulator', () => {
      const sim = new CaseSimulation(imported(f), new Date('2026-03-02T01:00:00Z'));
      expect(sim.open({}, officer)).toBeNull();
      expect(sim.state?.status).not.toBe('error');
    });

    it('comes back the same through export and import', () => {
      const p = imported(f);
      const again = importMachine(exportMachineJson(p));
      expect(again.ok && again.procedure).toEqual(p);
    });
  });

  const refusals: Record<string, [path: string, code: string][]> = {
    'approval-nested-no-initial-v5.json': [['/states/review/states/legal/initial', 'QT_MACHINE_INITIAL_MISSING']],
    'array-not-machine.json': [['', 'QT_MACHINE_NOT_OBJECT']],
    'bare-id-no-states.json': [['/states', 'QT_MACHINE_NO_STATES']],
    'history-bad-target-v5.json': [['/states/questions/states/lastPage/target', 'QT_MACHINE_TARGET_UNKNOWN']],
    'id-target-typos-v5.json': [
      ['/states/picking/always/0/target', 'QT_MACHINE_TARGET_UNKNOWN'],
      ['/states/packing/invoke/onError/target', 'QT_MACHINE_TARGET_UNKNOWN'],
    ],
    'initial-unknown-v4.json': [['/initial', 'QT_MACHINE_INITIAL_UNKNOWN']],
    'package-json-not-machine.json': [['/states', 'QT_MACHINE_NO_STATES']],
    'player-parent-target-v5.json': [['/states/playing/states/normalSpeed/on/stop', 'QT_MACHINE_TARGET_PARENT']],
    'procedure-file.json': [['', 'QT_MACHINE_IS_PROCEDURE']],
    'root-no-initial-v4.json': [['/initial', 'QT_MACHINE_INITIAL_MISSING']],
    'root-sibling-target-v5.json': [['/on/reset', 'QT_MACHINE_TARGET_UNKNOWN']],
    'serialized-definition.json': [['', 'QT_MACHINE_SERIALIZED']],
    'ticket-unknown-target-v4.json': [['/states/triage/on/ESCALATE', 'QT_MACHINE_TARGET_UNKNOWN']],
    'wrong-shapes-v5.json': [
      ['/states/third', 'QT_MACHINE_SHAPE'],
      ['/states/first/on/go', 'QT_MACHINE_SHAPE'],
      ['/states/second/states', 'QT_MACHINE_SHAPE'],
    ],
  };

  it('every invalid file has its expected refusal listed', () => {
    expect(Object.keys(refusals).sort()).toEqual(files('invalid'));
  });

  describe.each(files('invalid'))('%s', (f) => {
    it('is refused at the place that is wrong, with a message in both languages', () => {
      const r = importMachine(load('invalid', f));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems.map((p) => [p.path, p.code])).toEqual(refusals[f]);
      for (const p of r.problems) {
        expect(p.message.vi.length).toBeGreaterThan(20);
        expect(p.message.en.length).toBeGreaterThan(20);
        expect(p.message.en).not.toContain('/states/');
      }
    });
  });
});

// Samples hold no copy of a workflow, so they follow it: renaming a state of harmful-content must fail the
// samples that depend on that state, and only those.
import { describe, expect, it } from 'vitest';
import { validateProcedure, type Procedure } from '../../engine/index.ts';
import { checkSample, defineSample, loadSamples, readWorkflow } from './sample.ts';

const samples = await loadSamples();
const failing = (bases: Record<string, Procedure>) =>
  samples.filter(({ config }) => checkSample(config, bases).length > 0).map(({ name }) => name);

/** Renames a top-level state, with the targets and the layout node that name it when `everywhere`. */
function renameState(procedure: Procedure, from: string, to: string, everywhere: boolean): Procedure {
  const p = structuredClone(procedure);
  p.machine.states = Object.fromEntries(Object.entries(p.machine.states ?? {}).map(([k, v]) => [k === from ? to : k, v]));
  if (!everywhere) return p;
  const names = new Map(['', '.', `#${p.key}.`].map((prefix) => [prefix + from, prefix + to]));
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.target === 'string' && names.has(o.target)) o.target = names.get(o.target);
    Object.values(o).forEach(walk);
  };
  walk(p.machine);
  const nodes = p.layout?.nodes;
  if (nodes && from in nodes) {
    nodes[to] = nodes[from];
    delete nodes[from];
  }
  return p;
}

describe('samples follow the workflows', () => {
  const base = readWorkflow('harmful-content');
  const impersonation = samples.filter(({ name }) => name.startsWith('impersonation-')).map(({ name }) => name);
  const check = (name: string, bases: Record<string, Procedure>) => checkSample(samples.find((s) => s.name === name)!.config, bases);

  it('a state renamed throughout harmful-content fails the samples that use it, and only those', () => {
    const renamed = { 'harmful-content': renameState(base, 'referred', 'handed_to_police', true) };
    expect(validateProcedure(renamed['harmful-content']).errors.filter((e) => e.severity === 'error')).toEqual([]);
    expect(failing(renamed)).toEqual([
      'broken-state-no-actor',
      'broken-state-no-path-to-final',
      'broken-state-unreachable',
      'harmful-content-referred',
    ]);
    expect(check('harmful-content-referred', renamed)).toContain('step 3 (REFER): in handed_to_police, expected referred');
    expect(check('broken-state-unreachable', renamed)[0]).toMatch(
      /^missing \{"path":"\/machine\/states\/referred","code":"QT_STATE_UNREACHABLE"\}/,
    );
  });

  it('a state key renamed alone breaks harmful-content: all its valid samples fail, the impersonation ones pass', () => {
    const broken = failing({ 'harmful-content': renameState(base, 'referred', 'handed_to_police', false) });
    const valid = samples.filter(({ config }) => config.valid && config.base === 'harmful-content').map(({ name }) => name);
    expect(valid).toHaveLength(8);
    expect(broken).toEqual(expect.arrayContaining(valid));
    expect(impersonation).toHaveLength(3);
    for (const name of impersonation) expect(broken).not.toContain(name);
  });

  it('a patch that reaches for a missing state fails loudly', () => {
    const renamed = { 'harmful-content': renameState(base, 'referred', 'handed_to_police', true) };
    expect(check('broken-state-no-path-to-final', renamed)).toEqual([expect.stringMatching(/^the patch of harmful-content threw: /)]);
    const lost = defineSample({
      base: 'harmful-content',
      valid: false,
      patch: (p) => (p.machine.states.nowhere.meta.sla = 'P1D'),
      errors: [],
    });
    expect(checkSample(lost)).toEqual([expect.stringMatching(/^the patch of harmful-content threw: /)]);
  });
});

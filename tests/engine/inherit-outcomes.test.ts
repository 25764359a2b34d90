import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declaredOutcomes, inheritOutcomes, type Procedure } from '../../engine/index.ts';

const reference = (): Procedure => JSON.parse(readFileSync(new URL('../../workflows/harmful-content.json', import.meta.url), 'utf8'));
const strip = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(strip) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'outcome').map(([k, x]) => [k, strip(x)])) : v;

describe('inheritOutcomes', () => {
  it('gives a version without outcomes the declarations of the source, action by action', () => {
    const old = strip(reference()) as Procedure;
    expect(declaredOutcomes(old)).toEqual([]);
    const got = inheritOutcomes(old, reference());
    expect(got.machine).toEqual(reference().machine);
    expect(got.start).toEqual(reference().start);
    expect(old).toEqual(strip(reference())); // the old version itself is not changed
  });

  it('leaves a version that declares outcomes as it is, and takes nothing for an action the source lacks', () => {
    const own = reference();
    expect(inheritOutcomes(own, reference())).toBe(own);
    const old = strip(reference()) as Procedure;
    const source = reference();
    delete (source.machine.states!.deciding.on!.REFER as { meta: { outcome?: unknown } }).meta.outcome;
    const got = inheritOutcomes(old, source);
    expect((got.machine.states!.deciding.on!.REFER as { meta: { outcome?: unknown } }).meta.outcome).toBeUndefined();
    expect((got.machine.states!.deciding.on!.COUNTER as { meta: { outcome?: unknown } }).meta.outcome).toBe('countered');
  });
});

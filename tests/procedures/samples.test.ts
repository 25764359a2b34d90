// Fixture folders: tests/procedures/samples/<name>/_config.ts. Valid ones are driven step by step with a
// simulated clock; broken ones must report the expected problems (see sample.ts for the checks).
import { describe, expect, it } from 'vitest';
import { checkSample, loadSamples } from './sample.ts';

const samples = await loadSamples();

describe('procedure samples', () => {
  it('has samples to run', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  for (const { name, config } of samples) {
    const title = config.valid
      ? `${name}: valid, and its steps lead to ${config.finalState ?? 'the expected states'}`
      : `${name}: rejected with the expected problems`;
    it(title, () => expect(checkSample(config)).toEqual([]));
  }
});

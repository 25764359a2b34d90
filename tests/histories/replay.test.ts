// Recorded histories replayed through today's engine must give the recorded state.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../engine/index.ts';

const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('recorded histories', () => {
  it('are there', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s replays to its recorded state', (file) => {
    const { procedure, log, state } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    expect(replay(procedure, log)).toEqual(state);
  });
});

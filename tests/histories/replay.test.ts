// Recorded histories replayed through today's engine must give the recorded state.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../engine/index.ts';
import { readHistory, resolveProcedure } from './procedures.ts';

const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('recorded histories', () => {
  it('are there', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s replays to its recorded state', (file) => {
    const { procedure, log, state } = readHistory(join(dir, file));
    expect(replay(resolveProcedure(procedure), log)).toEqual(state);
  });
});

// Every machine of the import corpus opens in the designer: drawable, and laid out by ELK with a
// place for every state.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { eachState, importMachine } from '../../engine/index.ts';
import { autoLayout } from '../../ui/src/lib/designer/edit.ts';
import type { Elk } from '../../ui/src/lib/diagram/layout.ts';
import { drawable } from '../../ui/src/features/designer/file.ts';

const dir = join(import.meta.dirname, '../import/corpus/valid');
const elk = new ELK() as unknown as Elk;

describe.each(readdirSync(dir).filter((f) => f.endsWith('.json')).sort())('the imported %s', (f) => {
  it('is drawable and auto-layout places every state', async () => {
    const r = importMachine(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!r.ok) throw new Error(`${f} must import`);
    expect(drawable(r.procedure)).toBe(true);
    const laid = await autoLayout(r.procedure, elk);
    expect(Object.keys(laid.layout?.nodes ?? {}).sort()).toEqual(eachState(laid.machine).map((s) => s.path).sort());
  });
});

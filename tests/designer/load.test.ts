// Whatever JSON an administrator opens, the designer either draws it or says it is not a procedure:
// it never throws while loading.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateProcedure } from '../../engine/index.ts';
import { drawable } from '../../ui/src/features/designer/file.ts';
import { procedureGraph } from '../../ui/src/lib/diagram/graph.ts';
import { reference } from './support.ts';

/** What opening a file does before the canvas draws it. */
function open(value: unknown): 'refused' | 'drawn' {
  if (!drawable(value)) return 'refused';
  validateProcedure(value);
  procedureGraph(value);
  return 'drawn';
}

const states = fc.dictionary(fc.string({ maxLength: 6 }), fc.anything({ maxDepth: 3 }), { maxKeys: 4 });

describe('opening a file in the designer', () => {
  it('draws the reference procedure and refuses what is not one', () => {
    expect(open(reference())).toBe('drawn');
    for (const value of [null, 42, 'text', [], [reference()], {}, { machine: [] }, { machine: { states: [] } }, { states: { a: {} } }]) {
      expect(open(value), JSON.stringify(value)).toBe('refused');
    }
  });

  it('never throws on any JSON, nor on machines with arbitrary states', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => void open(v)), { numRuns: 300 });
    fc.assert(
      fc.property(states, fc.anything({ maxDepth: 2 }), fc.anything({ maxDepth: 2 }), (s, initial, extra) => {
        open({ key: extra, title: extra, machine: { id: 'm', initial, states: s }, roles: extra });
      }),
      { numRuns: 300 },
    );
  });
});

// A draft or version the designer opens may be any JSON (saved through the API, an old file):
// it opens on the canvas when it is a procedure, else in the JSON tab with its problems listed
// in words; nothing on the way throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateProcedure } from '../../engine/index.ts';
import { openInDesigner } from '../../ui/src/features/designer/file.ts';
import { fieldToFix, friendlyMessage } from '../../ui/src/lib/designer/problems.ts';
import { toFlow } from '../../ui/src/lib/diagram/flow.ts';
import { procedureGraph } from '../../ui/src/lib/diagram/graph.ts';
import { boxes } from '../../ui/src/lib/diagram/layout.ts';
import { reference } from './support.ts';

/** Everything the designer does with a stored value before a person touches it. */
function load(value: unknown): 'canvas' | 'json' {
  const opened = openInDesigner(value);
  const problems = validateProcedure(opened.procedure).errors;
  for (const p of problems) {
    const m = friendlyMessage(opened.procedure, p);
    if (typeof m.vi !== 'string' || typeof m.en !== 'string') throw new Error('a problem without words');
    fieldToFix(opened.procedure, p);
  }
  if (!opened.drawable) return 'json';
  const graph = procedureGraph(opened.procedure);
  toFlow(graph, boxes(graph, opened.procedure.layout), { lang: 'vi' });
  return 'canvas';
}

/** The reference procedure with one value somewhere inside it replaced. */
function mutate(path: (string | number)[], value: unknown): unknown {
  const p = reference() as unknown as Record<string, unknown>;
  let cur: unknown = p;
  for (const [i, k] of path.entries()) {
    if (!cur || typeof cur !== 'object') break;
    const obj = cur as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (!keys.length) break;
    const key = keys[Math.abs(typeof k === 'number' ? k : k.length) % keys.length];
    if (i === path.length - 1 || !obj[key] || typeof obj[key] !== 'object') {
      obj[key] = value;
      break;
    }
    cur = obj[key];
  }
  return p;
}

describe('opening a stored draft in the designer', () => {
  it('opens the reference on the canvas, and what is not a procedure in the JSON tab', () => {
    expect(load(reference())).toBe('canvas');
    for (const v of [null, 7, 'x', [], {}, { machine: 3 }, { key: 'a', machine: { states: { a: { on: 5 } } } }]) expect(load(v), JSON.stringify(v)).toBe('json');
  });

  it('draws a procedure whose new step has no title yet (the problems panel says so)', async () => {
    const { addState } = await import('../../ui/src/lib/designer/edit.ts');
    const untitled = addState(reference(), '', 'atomic').procedure;
    expect(validateProcedure(untitled).errors.some((e) => e.code === 'QT_SCHEMA' && e.path.includes('/meta/title'))).toBe(true);
    expect(load(untitled)).toBe('canvas');
  });

  it('never throws on random JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => void load(v)), { numRuns: 300 });
  });

  it('never throws on the reference procedure with a part replaced by anything', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(40), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 7 }), fc.jsonValue({ maxDepth: 2 }), (path, value) => void load(mutate(path, value))),
      { numRuns: 400 },
    );
  });
});

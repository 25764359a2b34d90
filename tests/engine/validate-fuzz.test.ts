// validateProcedure never throws: arbitrary JSON and random mutations of the reference procedure
// each get a report, and every problem has a path, a code and messages in both languages.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateProcedure } from '../../engine/index.ts';

const reference = JSON.parse(readFileSync('workflows/harmful-content.json', 'utf8'));

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}
const allPaths = paths(reference).filter((p) => p.length > 0);

function mutate(doc: unknown, path: string[], replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let cur = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else cur[last] = replacement;
  return copy;
}

function wellFormed(result: ReturnType<typeof validateProcedure>) {
  expect(typeof result.valid).toBe('boolean');
  for (const e of result.errors) {
    expect(e.path === '' || e.path.startsWith('/')).toBe(true);
    expect(e.code).toMatch(/^QT_[A-Z_]+$/);
    expect(e.message.vi).not.toBe('');
    expect(e.message.en).not.toBe('');
  }
  if (!result.valid) expect(result.errors.length).toBeGreaterThan(0);
}

describe('validateProcedure on bad input', () => {
  it('answers any JSON value with a report', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const result = validateProcedure(value);
        wellFormed(result);
        expect(result.valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('answers every one-place mutation of the reference procedure with a report', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (path, replacement, remove) => {
        wellFormed(validateProcedure(mutate(reference, path, replacement, remove)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('applyEvent on bad input', () => {
  it('refuses any event type and payload with a coded rejection, never a throw', async () => {
    const { startCase, applyEvent } = await import('../../engine/index.ts');
    const monitor = { id: 'm', roles: ['monitor'], unitId: 'a' };
    const opened = startCase(reference, { urls: ['https://x.vn/a'], platform: 'facebook', category: 'fraud', description: 'Mô tả đủ dài để hợp lệ', evidence: ['a'] }, monitor, new Date('2026-01-01T00:00:00Z'));
    if (!opened.ok) throw new Error(opened.rejection.code);
    const type = fc.oneof(fc.constantFrom('constructor', '__proto__', 'valueOf', 'toString', 'hasOwnProperty', 'SUBMIT', 'COMMENT', 'xstate.init', 'quytrinh.sla'), fc.string());
    fc.assert(
      fc.property(type, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(['monitor'], ['verifier'], ['admin'], []), (t, data, roles) => {
        const result = applyEvent(reference, opened.state, { type: t, data: data as Record<string, unknown> }, { id: 'u', roles: [...roles], unitId: 'a' }, new Date('2026-01-02T00:00:00Z'));
        if (!result.ok) expect(result.rejection.code).toMatch(/^QT_/);
      }),
      { numRuns: 500 },
    );
  });
});

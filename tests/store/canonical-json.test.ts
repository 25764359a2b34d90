// The text every audit and request hash is taken over: the JSON of the value with object keys
// sorted at every level, so the same row hashes the same whatever order its keys were built in.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../server/stores/audit.ts';

const reversed = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;

describe('canonicalJson', () => {
  it('is JSON of the same value, keys sorted at every level, whatever their order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(reversed(v))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes the rows the chain was built on exactly as before (hashes of existing chains hold)', () => {
    expect(canonicalJson({ seq: 7, at: '2026-01-05T03:00:00.000Z', detail: { to: 'b', from: 'a', list: [2, { z: 1, a: null }] }, skip: undefined })).toBe(
      '{"at":"2026-01-05T03:00:00.000Z","detail":{"from":"a","list":[2,{"a":null,"z":1}],"to":"b"},"seq":7}',
    );
    expect(canonicalJson([undefined, 'x'])).toBe('[null,"x"]');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

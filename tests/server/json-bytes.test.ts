// The event path encodes a case's data once, reusing the bytes of a list it extends (a comment
// thread after an append): whatever the data and its history, the bytes are JSON.stringify's.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeData, joinBytes } from '../../server/events/index.ts';

const entry = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 });
const record = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(entry, { maxLength: 5 }), fc.constant(undefined)), { maxKeys: 6 });

/** What may happen to a case's data between two events. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), key: fc.string({ maxLength: 3 }), entries: fc.array(fc.oneof(entry, fc.constant(undefined)), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('replace' as const), key: fc.string({ maxLength: 3 }), at: fc.nat(), value: entry }),
  fc.record({ kind: fc.constant('set' as const), key: fc.string({ maxLength: 3 }), value: fc.jsonValue() }),
  fc.record({ kind: fc.constant('drop' as const), key: fc.string({ maxLength: 3 }), at: fc.nat() }),
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function apply(data: Record<string, unknown>, s: Step): Record<string, unknown> {
  const list = Array.isArray(data[s.key]) ? (data[s.key] as unknown[]) : [];
  switch (s.kind) {
    case 'append':
      return { ...data, [s.key]: [...list, ...s.entries] };
    case 'replace': // same length, one entry another object
      return list.length ? { ...data, [s.key]: list.map((x, i) => (i === s.at % list.length ? s.value : x)) } : data;
    case 'drop': // one entry fewer, the rest the same objects
      return list.length ? { ...data, [s.key]: list.filter((_, i) => i !== s.at % list.length) } : data;
    default:
      return { ...data, [s.key]: s.value };
  }
}

describe('encoding a case data once', () => {
  it('gives the bytes of JSON.stringify for any data', () => {
    fc.assert(
      fc.property(record, (data) => {
        expect(encodeData(data).toString('utf8')).toBe(JSON.stringify(data));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the bytes of JSON.stringify after any history of appends, replaced, dropped and set values', () => {
    fc.assert(
      fc.property(record, fc.array(step, { maxLength: 12 }), (first, steps) => {
        let data: Record<string, unknown> = first;
        let bytes = encodeData(data);
        for (const s of steps) {
          const next = apply(data, s);
          bytes = encodeData(next, data);
          expect(bytes.toString('utf8')).toBe(JSON.stringify(next));
          data = next;
        }
        // the same version encoded again, against itself or against an unrelated one
        expect(encodeData(data, data).toString('utf8')).toBe(JSON.stringify(data));
        expect(encodeData(data, first).toString('utf8')).toBe(JSON.stringify(data));
      }),
      { numRuns: 300 },
    );
  });

  it('reuses the bytes of the list it extends, not encoding it again (shown by an entry changed behind its back)', () => {
    const comments = [{ text: 'một', by: 'u1' }];
    const before = { title: 'Hồ sơ', comments };
    encodeData(before);
    const after = { ...before, comments: [...comments, { text: 'hai 𝕏', by: 'u2' }] };
    expect(encodeData(after, before).toString('utf8')).toBe(JSON.stringify(after));
    // proof that the bytes were reused: an entry changed in place after it was encoded does not
    // show in the next encoding. The engine never changes an entry in place; this is the premise.
    comments[0]!.text = 'đã sửa';
    const again = { ...after, comments: [...after.comments, { text: 'ba', by: 'u3' }] };
    expect(encodeData(again, after).toString('utf8')).not.toBe(JSON.stringify(again));
  });

  it('joins strings, bytes and single bytes into one buffer, in UTF-8', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.uint8Array().map((a) => Buffer.from(a)), fc.integer({ min: 0, max: 255 }))), (parts) => {
        const want = Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : typeof p === 'string' ? Buffer.from(p) : p)));
        expect(joinBytes(parts).equals(want)).toBe(true);
        expect(joinBytes(parts, true).equals(want)).toBe(true);
      }),
    );
    // larger than the scratch buffer keeps (1 MB): a buffer of its own, the same bytes
    const big = ['Đ'.repeat(400_000), Buffer.from('|'), 'x'.repeat(10)];
    expect(joinBytes(big).equals(Buffer.concat([Buffer.from(big[0] as string), Buffer.from('|'), Buffer.from('x'.repeat(10))]))).toBe(true);
    expect(joinBytes(['ngắn']).toString()).toBe('ngắn');
  });
});

// The CaseCache's two bounds: rows and bytes (the rows' data as JSON), least recently used first.
import { describe, expect, it } from 'vitest';
import { CaseCache } from '../../server/events/index.ts';
import type { CaseRowJoined } from '../../server/stores/cases.ts';

const row = (id: string) => ({ id }) as CaseRowJoined;
const held = (c: CaseCache, ids: string[]) => ids.filter((id) => c.get(id) !== undefined);

describe('CaseCache', () => {
  it('drops the least recently used row when it holds as many rows as it may', () => {
    const c = new CaseCache(2, 1_000);
    c.set(row('a'), 10);
    c.set(row('b'), 10);
    expect(c.get('a')?.id).toBe('a'); // a is now the most recent
    c.set(row('c'), 10);
    expect([c.size, c.bytes]).toEqual([2, 20]);
    expect(held(c, ['a', 'b', 'c'])).toEqual(['a', 'c']);
  });

  it('drops rows until the new one fits the byte budget', () => {
    const c = new CaseCache(100, 100);
    c.set(row('a'), 40);
    c.set(row('b'), 40);
    c.set(row('c'), 15);
    expect(c.bytes).toBe(95);
    c.set(row('d'), 60); // a and b go (oldest first), c stays
    expect([c.size, c.bytes]).toEqual([2, 75]);
    expect(held(c, ['a', 'b', 'c', 'd'])).toEqual(['c', 'd']);
  });

  it('counts a row once when it is written again, larger', () => {
    const c = new CaseCache(100, 100);
    c.set(row('a'), 30);
    c.set(row('b'), 30);
    c.set(row('a'), 60); // replaces a's 30: 90 in all, b stays
    expect([c.size, c.bytes]).toEqual([2, 90]);
    c.delete('b');
    c.delete('b');
    expect([c.size, c.bytes]).toEqual([1, 60]);
  });

  it('does not keep a row larger than the whole budget, nor its earlier version', () => {
    const c = new CaseCache(100, 100);
    c.set(row('a'), 50);
    c.set(row('b'), 20);
    c.set(row('a'), 101);
    expect(c.get('a')).toBeUndefined();
    expect([c.size, c.bytes]).toEqual([1, 20]);
  });

  it('keeps nothing with a budget of 0', () => {
    const c = new CaseCache(100, 0);
    c.set(row('a'), 1);
    expect([c.size, c.bytes, c.get('a')]).toEqual([0, 0, undefined]);
  });
});

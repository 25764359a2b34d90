import { describe, expect, it } from 'vitest';
import { joinDuration, splitDuration } from '../../ui/src/lib/designer/duration.ts';
import { UndoStack } from '../../ui/src/lib/designer/undo.ts';

describe('duration picker', () => {
  it('splits and joins ISO durations', () => {
    expect(splitDuration('PT24H')).toEqual({ amount: 1, unit: 'days' });
    expect(splitDuration('PT36H')).toEqual({ amount: 36, unit: 'hours' });
    expect(splitDuration('P7D')).toEqual({ amount: 7, unit: 'days' });
    expect(splitDuration('P2W')).toEqual({ amount: 2, unit: 'weeks' });
    expect(splitDuration('P1DT2H')).toEqual({ amount: 26, unit: 'hours' });
    expect(splitDuration('PT90M')).toEqual({ amount: 90, unit: 'minutes' });
    expect(splitDuration('P3M')).toEqual({ amount: 3, unit: 'months' });
    expect(splitDuration('nonsense')).toBeNull();
    for (const iso of ['PT5M', 'PT5H', 'P5D', 'P5W', 'P5M']) {
      const s = splitDuration(iso)!;
      expect(splitDuration(joinDuration(s.amount, s.unit))).toEqual(s);
    }
  });
});

describe('undo stack', () => {
  it('undoes and redoes, and a new edit drops the redo branch', () => {
    const s = new UndoStack(1);
    s.push(2);
    s.push(3);
    expect(s.undo()).toBe(2);
    expect(s.undo()).toBe(1);
    expect(s.canUndo).toBe(false);
    expect(s.redo()).toBe(2);
    s.push(5);
    expect(s.canRedo).toBe(false);
    expect(s.undo()).toBe(2);
  });
});

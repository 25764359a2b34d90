// A bare XState machine chosen as a procedure file is named as such (not "not a procedure").
import { describe, expect, it } from 'vitest';
import { drawable, notDrawable } from '../../ui/src/features/designer/file.ts';

describe('choosing a file that is an XState machine', () => {
  it('is not drawn, and the person is told to import it as a machine', () => {
    const machine = { id: 'toggle', initial: 'off', states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } } };
    expect(drawable(machine)).toBe(false);
    expect(notDrawable(machine)?.vi).toContain('Nhập máy trạng thái XState');
    expect(notDrawable({ hello: 'world' })).toBeNull();
  });
});

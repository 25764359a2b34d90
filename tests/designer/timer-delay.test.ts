// A timer's delay in the designer: fixed, or taken from a form field through a named delay
// `{ field, otherwise }`, checked by the same validator as publishing.
import { describe, expect, it } from 'vitest';
import { validateProcedure } from '../../engine/index.ts';
import type { Procedure } from '../../engine/types.ts';
import { dateFields, setTimerDuration, setTimerField, timerDelay, timerDelayProblems } from '../../ui/src/lib/designer/timer-delay.ts';
import type { TransitionRef } from '../../ui/src/lib/diagram/graph.ts';
import { reference } from './support.ts';

const followUp = (key: string): TransitionRef => ({ source: 'removal.following_up', on: 'after', key, index: 0 });
const after = (p: Procedure) => Object.keys(p.machine.states!.removal!.states!.following_up!.after ?? {});
const codes = (p: Procedure) => validateProcedure(p).errors.map((e) => e.code);

/** The reference with its follow-up timer set back to a fixed seven days and no named delay. */
function fixed(): Procedure {
  const r = setTimerField(reference(), followUp('REMOVAL_DEADLINE'), null);
  expect(r.ref.key).toBe('P7D');
  return r.procedure;
}

describe('a timer waits for a fixed time or a date filled in before its step', () => {
  it('reads the reference follow-up as the removal deadline, seven days while it is empty', () => {
    expect(timerDelay(reference(), followUp('REMOVAL_DEADLINE'))).toEqual({ field: 'deadline', duration: 'P7D' });
    expect(timerDelay(fixed(), followUp('P7D'))).toEqual({ field: null, duration: 'P7D' });
  });

  it('back to a fixed time: the timer is keyed by the duration and the unused delay goes', () => {
    const p = fixed();
    expect(after(p)).toEqual(['P7D']);
    expect(p.delays).toBeUndefined();
    expect(codes(p)).not.toContain('QT_DEADLINE_FIELD_UNKNOWN');
  });

  it('from a field: a named delay already set so is reused, else one is made from the field', () => {
    const reused = setTimerField({ ...fixed(), delays: { REMOVAL_DEADLINE: { field: 'deadline', otherwise: 'P7D' } } }, followUp('P7D'), 'deadline');
    expect(reused.ref.key).toBe('REMOVAL_DEADLINE');
    const made = setTimerField(fixed(), followUp('P7D'), 'deadline');
    expect(made.ref).toEqual(followUp('DEADLINE_DUE'));
    expect(made.procedure.delays).toEqual({ DEADLINE_DUE: { field: 'deadline', otherwise: 'P7D' } });
    expect(after(made.procedure)).toEqual(['DEADLINE_DUE']);
    expect(validateProcedure(made.procedure).valid).toBe(true);
  });

  it('a delay the timer alone waits on changes in place; a shared one is not changed under another timer', () => {
    const longer = setTimerDuration(reference(), followUp('REMOVAL_DEADLINE'), 'P10D');
    expect(longer.ref.key).toBe('REMOVAL_DEADLINE');
    expect(longer.procedure.delays).toEqual({ REMOVAL_DEADLINE: { field: 'deadline', otherwise: 'P10D' } });

    const shared = structuredClone(reference());
    shared.machine.states!.referred!.after = { REMOVAL_DEADLINE: { target: 'reporting_back' } };
    const own = setTimerDuration(shared, followUp('REMOVAL_DEADLINE'), 'P10D');
    expect(own.ref.key).toBe('DEADLINE_DUE');
    expect(own.procedure.delays).toEqual({ REMOVAL_DEADLINE: { field: 'deadline', otherwise: 'P7D' }, DEADLINE_DUE: { field: 'deadline', otherwise: 'P10D' } });
    expect(Object.keys(own.procedure.machine.states!.referred!.after!)).toEqual(['REMOVAL_DEADLINE']);
  });

  it('offers the date and duration fields by their labels', () => {
    const offered = dateFields(reference());
    expect(offered).toContainEqual({ name: 'deadline', label: { vi: 'Thời hạn gỡ bỏ', en: 'Removal deadline' } });
    expect(offered.map((f) => f.name)).not.toContain('platformContact');
  });

  it('shows the validator’s words when the field is filled in no earlier form, or is not a date', () => {
    const unknown = setTimerField(fixed(), followUp('P7D'), 'nowhere');
    const own = timerDelayProblems(validateProcedure(unknown.procedure).errors, unknown.ref);
    expect(own.map((x) => x.code)).toEqual(['QT_DEADLINE_FIELD_UNKNOWN']);
    expect(own[0]!.message.vi).toMatch(/không biểu mẫu nào trước bước này/);
    expect(own[0]!.message.en).toMatch(/no form before this step/);

    const text = setTimerField(fixed(), followUp('P7D'), 'platformContact');
    expect(timerDelayProblems(validateProcedure(text.procedure).errors, text.ref).map((x) => x.code)).toEqual(['QT_DEADLINE_FIELD_TYPE']);
    // another timer's problems are not this one's
    expect(timerDelayProblems(validateProcedure(text.procedure).errors, followUp('P7D'))).toEqual([]);
  });
});

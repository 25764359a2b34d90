// Who a case waits on follows the roles of its current steps; an assignment narrows it to one of
// them and is ignored once stale; the validator warns where a procedure assigns another role.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyEvent, startCase, validateProcedure, waitingOn, type Actor, type CaseState, type Procedure } from '../../engine/index.ts';

const reference = (): Procedure => JSON.parse(readFileSync(new URL('../../workflows/harmful-content.json', import.meta.url), 'utf8'));
const actor = (id: string, role: string): Actor => ({ id, roles: [role], unitId: 'u' });
const at = (h: number) => new Date(Date.UTC(2026, 0, 5, h));

function walk(p: Procedure, steps: [Actor, string, Record<string, unknown>][]): CaseState {
  const opened = startCase(p, { urls: ['https://x.vn/1'], platform: 'facebook', category: 'fraud', description: 'Lừa đảo tuyển cộng tác viên', evidence: ['a1'] }, actor('m', 'monitor'), at(0));
  if (!opened.ok) throw new Error(opened.rejection.message.en);
  let state = opened.state;
  steps.forEach(([who, type, data], i) => {
    const r = applyEvent(p, state, { type, data }, who, at(i + 1));
    if (!r.ok) throw new Error(`${type}: ${r.rejection.message.en}`);
    state = r.state;
  });
  return state;
}
const toDeciding: [Actor, string, Record<string, unknown>][] = [
  [actor('m', 'monitor'), 'SUBMIT', {}],
  [actor('v', 'verifier'), 'CONFIRM', { legalBasis: ['decree_15_2020'], severity: 'high' }],
];

describe('waiting on', () => {
  it('is the roles of the current step, narrowed by an assignment to one of them', () => {
    const p = reference();
    expect(waitingOn(p, walk(p, []))).toEqual(['monitor']);
    expect(waitingOn(p, walk(p, toDeciding))).toEqual(['lead']);
  });

  it('follows the step when the action that moved the case assigned no one (the earlier assignment is stale)', () => {
    const p = reference();
    const removal = p.machine.states!.deciding!.on!.REQUEST_REMOVAL as { actions?: unknown };
    delete removal.actions;
    const state = walk(p, [...toDeciding, [actor('l', 'lead'), 'REQUEST_REMOVAL', { deadline: '2026-01-20' }]]);
    expect(state.context.assignee?.role).toBe('lead'); // what CONFIRM assigned, no longer true
    expect(waitingOn(p, state)).toEqual(['liaison']);
  });

  it('is no one once the case is over', () => {
    const p = reference();
    expect(waitingOn(p, walk(p, [...toDeciding.slice(0, 1), [actor('v', 'verifier'), 'REJECT', { reason: 'Không vi phạm' }]]))).toEqual([]);
  });

  it('warns where a procedure assigns a role the entered step does not have, and not in the reference procedure', () => {
    expect(validateProcedure(reference()).errors).toEqual([]);
    const p = reference();
    (p.machine.states!.verifying!.on!.CONFIRM as { actions: unknown[] }).actions = [{ type: 'storeForm' }, { type: 'assignTo', params: { role: 'liaison' } }];
    const result = validateProcedure(p);
    expect(result.valid).toBe(true);
    expect(result.errors).toEqual([
      expect.objectContaining({ path: '/machine/states/verifying/on/CONFIRM/actions/1/params/role', code: 'QT_ASSIGN_NOT_STATE_ROLE', severity: 'warning' }),
    ]);
  });

  it('warns where a role may hand cases to a role that works no step', () => {
    const p = reference();
    p.roles.push({ id: 'archivist', title: { vi: 'Lưu trữ', en: 'Archivist' } });
    p.roles[3].assigns = ['verifier', 'archivist'];
    const result = validateProcedure(p);
    expect(result.valid).toBe(true);
    expect(result.errors).toEqual([expect.objectContaining({ path: '/roles/3/assigns/1', code: 'QT_ASSIGNS_NO_STEP', severity: 'warning' })]);
    expect(result.errors[0].message.vi).toContain('"Lưu trữ"');
  });
});

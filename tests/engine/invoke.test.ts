// Automated steps in the engine: entering a state that invokes a service returns a call (its
// input filled in from the case), leaving it a cancel, and the result comes back as one event
// of the case that only the system may send.
import { describe, expect, it } from 'vitest';
import { applyEvent, availableActions, CaseSimulation, SYSTEM_ACTOR, startCase, validateProcedure, type Actor, type CaseState } from '../../engine/index.ts';
import { serviceProcedure } from './service-procedure.ts';

const monitor: Actor = { id: 'u-mon', roles: ['monitor'] };
const verifier: Actor = { id: 'u-ver', roles: ['verifier'] };
const at = (s: string) => new Date(`2026-01-05T0${s}:00:00.000Z`);

function approved(onError = false) {
  const p = serviceProcedure('webhook', { url: 'https://hook.example/{{data.platform}}', payload: { title: '{{data.title}}', evidence: '{{data.evidence}}' } }, { onError });
  let r = startCase(p, { title: 'Trang giả mạo', platform: 'facebook', evidence: ['a', 'b'] }, monitor, at('1'));
  if (!r.ok) throw new Error(r.rejection.code);
  r = applyEvent(p, r.state, { type: 'SUBMIT' }, monitor, at('2'));
  if (!r.ok) throw new Error(r.rejection.code);
  const s = applyEvent(p, r.state, { type: 'APPROVE', data: { note: 'đúng vi phạm' } }, verifier, at('3'));
  if (!s.ok) throw new Error(s.rejection.code);
  return { p, state: s.state, effects: s.effects };
}

describe('automated steps', () => {
  it('the procedure with a service step is valid', () => {
    const { p } = approved();
    expect(validateProcedure(p).errors.filter((e) => e.severity === 'error')).toEqual([]);
  });

  it('entering the state returns a call with its input filled in from the case', () => {
    const { state, effects } = approved();
    expect(state.value).toBe('calling');
    expect(effects.filter((e) => e.type.startsWith('service.'))).toEqual([
      {
        type: 'service.call',
        id: 'calling',
        service: 'webhook',
        input: { url: 'https://hook.example/facebook', payload: { title: 'Trang giả mạo', evidence: ['a', 'b'] } },
        handlesError: false,
      },
    ]);
  });

  it('its done event, sent by the system, takes onDone; leaving before returns a cancel', () => {
    const { p, state } = approved();
    const done = applyEvent(p, state, { type: 'quytrinh.done.calling', data: { result: { status: 200 } } }, SYSTEM_ACTOR, at('4'));
    expect(done.ok && done.state.value).toBe('waiting');
    expect(done.ok && done.effects.filter((e) => e.type.startsWith('service.'))).toEqual([{ type: 'service.cancel', id: 'calling' }]);
    const stop = applyEvent(p, state, { type: 'STOP' }, verifier, at('4'));
    expect(stop.ok && stop.state.value).toBe('review');
    expect(stop.ok && stop.effects.filter((e) => e.type.startsWith('service.'))).toEqual([{ type: 'service.cancel', id: 'calling' }]);
  });

  it('onError is taken only when declared, and the call says so', () => {
    const { p, state, effects } = approved(true);
    expect(effects.find((e) => e.type === 'service.call')).toMatchObject({ handlesError: true });
    const failed = applyEvent(p, state, { type: 'quytrinh.error.calling', data: { error: 'HTTP 500' } }, SYSTEM_ACTOR, at('4'));
    expect(failed.ok && failed.state.value).toBe('late');
    const none = approved(false);
    const refused = applyEvent(none.p, none.state, { type: 'quytrinh.error.calling', data: {} }, SYSTEM_ACTOR, at('4'));
    expect(refused.ok).toBe(false);
  });

  it('officials can neither send the result events nor see them as actions', () => {
    const { p, state } = approved(true);
    const admin: Actor = { id: 'u-adm', roles: ['admin', 'verifier', 'monitor', 'liaison'] };
    for (const type of ['quytrinh.done.calling', 'quytrinh.error.calling']) {
      const r = applyEvent(p, state, { type }, admin, at('4'));
      expect(r.ok ? 'accepted' : r.rejection.code).toBe('QT_ROLE_NOT_ALLOWED');
    }
    expect(availableActions(p, state as CaseState, admin).map((a) => a.type).sort()).toEqual(['CANCEL', 'COMMENT', 'STOP']);
  });

  it('the simulation runs the service as a stub with the outcome chosen', () => {
    const { p } = approved(true);
    const sim = new CaseSimulation(p, at('1'));
    expect(sim.open({ title: 'Trang giả mạo', platform: 'zalo' }, monitor)).toBeNull();
    expect(sim.send({ type: 'SUBMIT' }, monitor)).toBeNull();
    expect(sim.send({ type: 'APPROVE', data: { note: 'đúng vi phạm' } }, verifier)).toBeNull();
    expect([...sim.calls.keys()]).toEqual(['calling']);
    expect(sim.complete('calling', 'error')).toBeNull();
    expect(sim.state!.value).toBe('late');
    expect(sim.calls.size).toBe(0);
    sim.back();
    expect(sim.state!.value).toBe('calling');
    expect(sim.complete('calling', 'done')).toBeNull();
    expect(sim.state!.value).toBe('waiting');
  });
});

describe('an automated step with no onDone', () => {
  it('its result is recorded and the case stays in its step', () => {
    const p = serviceProcedure('document', { template: 'removal-request' });
    delete (p.machine.states!.calling!.invoke as { onDone?: unknown }).onDone;
    let r = startCase(p, { title: 'Trang giả mạo' }, monitor, at('1'));
    for (const [type, data, who] of [['SUBMIT', {}, monitor], ['APPROVE', { note: 'đúng vi phạm' }, verifier]] as const) {
      if (!r.ok) throw new Error(r.rejection.code);
      r = applyEvent(p, r.state, { type, data }, who, at('2'));
    }
    if (!r.ok) throw new Error(r.rejection.code);
    const done = applyEvent(p, r.state, { type: 'quytrinh.done.calling', data: { result: {} } }, SYSTEM_ACTOR, at('3'));
    expect(done.ok && done.state.value).toBe('calling');
    expect(done.ok && done.effects.filter((e) => e.type.startsWith('service.'))).toEqual([]);
  });
});

// A stored state (plain JSON, as the database gives it back) goes on exactly as the live one:
// history states remember the step left, timers and deadlines come out of the same step, and
// one machine serves many cases in turn without one case's step leaking into another's.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createActor, type AnyMachineSnapshot } from 'xstate';
import { applyEvent, availableActions, replay, startCase, type Actor, type CaseState, type LogEntry, type Procedure } from '../../engine/index.ts';
import { compile } from '../../engine/compile.ts';
import { persist, restore } from '../../engine/step.ts';

const mini = JSON.parse(readFileSync('tests/server/fixtures/mini.json', 'utf8')) as Procedure;
const monitor: Actor = { id: 'm1', roles: ['monitor'], unitId: 'u1' };
const verifier: Actor = { id: 'v1', roles: ['verifier'], unitId: 'u1' };
const stored = (s: CaseState): CaseState => JSON.parse(JSON.stringify(s));
const at = (h: number) => new Date(Date.UTC(2026, 0, 5, h));

/** mini with `review` split into two sub-steps and a PAUSE that returns to the one left (history). */
function withHistory(kind: 'shallow' | 'deep'): Procedure {
  const p = structuredClone(mini);
  const states = p.machine.states!;
  const review = states.review!;
  const step = (next: string) => ({ meta: { title: { vi: 'Bước', en: 'Step' } }, on: { NEXT: { target: next, meta: { label: { vi: 'Tiếp', en: 'Next' }, roles: ['verifier'] } } } });
  states.review = {
    ...review,
    initial: 'first',
    states: { first: step('second'), second: step('first'), back: { type: 'history', history: kind } },
    on: { ...review.on, PAUSE: { target: 'paused', meta: { label: { vi: 'Tạm dừng', en: 'Pause' }, roles: ['verifier'] } } },
  } as never;
  states.paused = {
    meta: { title: { vi: 'Tạm dừng', en: 'Paused' }, roles: ['verifier'] },
    on: { RESUME: { target: 'review.back', meta: { label: { vi: 'Tiếp tục', en: 'Resume' }, roles: ['verifier'] } } },
  } as never;
  return p;
}

function run(p: Procedure, steps: [Actor, string, Record<string, unknown>?][]) {
  const opened = startCase(p, { title: 'Trang giả mạo' }, monitor, at(0));
  if (!opened.ok) throw new Error(opened.rejection.code);
  let state = opened.state;
  const log: LogEntry[] = [{ type: 'OPEN', data: { title: 'Trang giả mạo' }, actor: monitor, at: at(0).toISOString() }];
  steps.forEach(([actor, type, data], i) => {
    const r = applyEvent(p, stored(state), { type, data }, actor, at(i + 1));
    if (!r.ok) throw new Error(`${type}: ${r.rejection.code}`);
    state = r.state;
    log.push({ type, data, actor, at: at(i + 1).toISOString() });
  });
  return { state, log };
}

describe('a stored state goes on as the live one', () => {
  for (const kind of ['shallow', 'deep'] as const) {
    it(`returns through a ${kind} history state to the sub-step it left`, () => {
      const p = withHistory(kind);
      const { state, log } = run(p, [[monitor, 'SUBMIT'], [verifier, 'NEXT'], [verifier, 'PAUSE'], [verifier, 'RESUME']]);
      expect(state.value).toEqual({ review: 'second' });
      expect(replay(p, log)).toEqual(state);
      // and without having been there: the sub-step it starts on
      expect(run(p, [[monitor, 'SUBMIT'], [verifier, 'PAUSE'], [verifier, 'RESUME']]).state.value).toEqual({ review: 'first' });
    });
  }

  it('gives the timers and actions of the step from a stored state, case after case on one machine', () => {
    const p = withHistory('shallow');
    const a = run(p, [[monitor, 'SUBMIT']]);
    const b = run(p, [[monitor, 'SUBMIT'], [verifier, 'NEXT']]);
    const fromA = applyEvent(p, stored(a.state), { type: 'PAUSE' }, verifier, at(9));
    const fromB = applyEvent(p, stored(b.state), { type: 'NEXT' }, verifier, at(9));
    expect(fromA.ok && fromB.ok).toBe(true);
    if (!fromA.ok || !fromB.ok) return;
    expect(fromA.state.value).toBe('paused');
    expect(fromB.state.value).toEqual({ review: 'first' });
    // leaving review cancels its SLA timer; moving inside it keeps it
    expect(fromA.effects.filter((e) => e.type === 'timer.cancel').map((e) => (e as { id: string }).id)).toContain('sla:review');
    expect(fromB.effects.some((e) => e.type === 'timer.cancel' && e.id === 'sla:review')).toBe(false);
    expect(availableActions(p, fromA.state, verifier).map((x) => x.type).sort()).toEqual(['COMMENT', 'RESUME']);
    expect(availableActions(p, stored(b.state), verifier).map((x) => x.type).sort()).toEqual(expect.arrayContaining(['NEXT', 'PAUSE']));
  });

  it("restores and persists as XState's own restoreSnapshot and getPersistedSnapshot do", () => {
    const p = withHistory('deep');
    const { state } = run(p, [[monitor, 'SUBMIT'], [verifier, 'NEXT'], [verifier, 'PAUSE']]);
    const compiled = compile(p);
    const theirs = createActor(compiled.machine, { snapshot: stored(state) as never }).getSnapshot() as AnyMachineSnapshot;
    const ours = restore(compiled, stored(state));
    expect(ours.value).toEqual(theirs.value);
    expect(ours.status).toBe(theirs.status);
    expect(ours.context).toEqual(theirs.context);
    expect(ours.historyValue).toEqual(theirs.historyValue);
    expect(persist(ours)).toEqual(compiled.machine.getPersistedSnapshot(theirs));
    expect(Object.keys(persist(ours))).toEqual(Object.keys(compiled.machine.getPersistedSnapshot(theirs)));
  });
});

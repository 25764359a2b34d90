// The machine handed to plain XState is the one that runs: loaded with the bound registry, it
// answers every recorded event of tests/histories as the engine does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createActor, getNextTransitions, initialTransition, setup, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { applyEvent, exportMachine, leafPaths, OPEN_EVENT, SLA_EVENT, startCase, xstateBindings } from '../../engine/index.ts';
import type { CaseState, Effect, Procedure } from '../../engine/index.ts';
import { here, readHistory, resolveProcedure } from '../histories/procedures.ts';

const files = readdirSync('workflows').filter((f) => f.endsWith('.json'));
const exported = (procedure: Procedure) => setup(xstateBindings(procedure) as never).createMachine(exportMachine(procedure) as never);

describe.each(files)('%s in plain xstate', (file) => {
  const procedure = JSON.parse(readFileSync(`workflows/${file}`, 'utf8')) as Procedure;
  it('creates and starts with the bound registry, and offers the same first actions', () => {
    const actor = createActor(exported(procedure)).start();
    const snapshot = actor.getSnapshot();
    expect(snapshot.status).toBe('active');
    expect(leafPaths(snapshot.value)[0].split('.')[0]).toBe(procedure.machine.initial);
    const events = new Set(getNextTransitions(snapshot as never).map((t) => t.eventType));
    for (const type of ['COMMENT', 'CANCEL']) expect(events).toContain(type);
    actor.send({ type: 'COMMENT', data: { text: 'Ghi chú thử' }, actor: { id: 'u', roles: ['monitor'] }, at: '2026-01-01T00:00:00Z' } as never);
    const comments = (actor.getSnapshot().context as { data: { comments?: unknown[] } }).data.comments;
    expect(comments).toHaveLength(1);
    actor.stop();
  });
});

/** What one step of the machine decides, as far as the engine keeps it: the engine adds steps, deadlines and inbox notifications itself. */
function decided(snapshot: AnyMachineSnapshot, actions: { type: string; params?: Record<string, unknown> }[], at: string) {
  const { data, assignee } = snapshot.context as CaseState['context'];
  const timers = actions
    .filter((a) => a.type === 'xstate.raise' && typeof a.params?.delay === 'number')
    .map((a) => ({ id: String(a.params!.id), dueAt: new Date(Date.parse(at) + (a.params!.delay as number)).toISOString() }));
  const notified = actions.filter((a) => a.type === 'notify').map((a) => a.params!.role);
  return { value: snapshot.value, status: snapshot.status, data, assignee, timers, notified };
}

function engineDecided(state: CaseState, effects: Effect[]) {
  const timers = effects.flatMap((e) => (e.type === 'timer.set' && !e.id.startsWith('sla:') ? [{ id: e.id, dueAt: e.dueAt }] : []));
  const notified = effects.flatMap((e) => (e.type === 'notify' && !e.step ? [e.role] : []));
  const { data, assignee } = state.context;
  return { value: state.value, status: state.status, data, assignee, timers, notified };
}

const histories = readdirSync(here.histories).filter((f) => f.endsWith('.json'));

describe.each(histories)('history %s', (file) => {
  it('takes every transition in the exported machine as the engine does', () => {
    const { procedure: ref, log } = readHistory(join(here.histories, file));
    const procedure = resolveProcedure(ref);
    const machine = exported(procedure);
    const [open, ...rest] = log;
    expect(open!.type).toBe(OPEN_EVENT);
    const started = startCase(procedure, open!.data ?? {}, open!.actor, new Date(open!.at));
    if (!started.ok) return expect.fail(started.rejection.message.en);
    const [first, firstActions] = initialTransition(machine, { data: open!.data ?? {}, actorId: open!.actor.id, at: open!.at } as never);
    expect(decided(first as never, firstActions as never, open!.at)).toEqual(engineDecided(started.state, started.effects));
    let state = started.state;
    for (const entry of rest) {
      const result = applyEvent(procedure, state, { type: entry.type, data: entry.data }, entry.actor, new Date(entry.at));
      if (!result.ok) return expect.fail(`${entry.type}: ${result.rejection.message.en}`);
      if (entry.type !== SLA_EVENT) {
        // XState's own restore of the engine's stored state, then XState's own step
        const before = createActor(machine, { snapshot: state as never }).getSnapshot();
        const event = { type: entry.type, data: entry.data ?? {}, actor: entry.actor, at: entry.at };
        const [next, actions] = transition(machine, before, event as never);
        expect(decided(next as never, actions as never, entry.at), `${file} ${entry.type}`).toEqual(engineDecided(result.state, result.effects));
      }
      state = result.state;
    }
  });
});

// Every procedure's machine loads in plain XState once the registry is bound.
import { readdirSync, readFileSync } from 'node:fs';
import { createActor, getNextTransitions, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { exportMachine, leafPaths, xstateBindings, type Procedure } from '../../engine/index.ts';

const files = readdirSync('workflows').filter((f) => f.endsWith('.json'));

describe.each(files)('%s in plain xstate', (file) => {
  const procedure = JSON.parse(readFileSync(`workflows/${file}`, 'utf8')) as Procedure;
  it('creates and starts with the bound registry, and offers the same first actions', () => {
    const machine = setup(xstateBindings(procedure) as never).createMachine(exportMachine(procedure) as never);
    const actor = createActor(machine).start();
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

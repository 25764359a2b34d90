// Property tests: random walks over what users may do, on every procedure in workflows/.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, availableActions, CaseSimulation, replay, type Actor, type Procedure } from '../../engine/index.ts';
import { formData } from './support.ts';

const procedures: Procedure[] = readdirSync('workflows')
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(`workflows/${f}`, 'utf8')));

function usersOf(p: Procedure): Actor[] {
  return p.roles.flatMap((r) => [
    { id: `${r.id}-1`, roles: [r.id], unitId: 'unit-a' },
    { id: `${r.id}-2`, roles: [r.id], unitId: 'unit-b' },
  ]);
}

const DELAYS = ['PT1H', 'PT12H', 'P1D', 'P3D', 'P8D'];

describe.each(procedures.map((p) => [p.key, p] as const))('random walks on %s', (_key, procedure) => {
  const users = usersOf(procedure);
  const openers = users.filter((u) => u.roles.some((r) => procedure.start.roles.includes(r)));

  it('never reach an error, replay reproduces the case, and a rejected event changes nothing', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const sim = new CaseSimulation(procedure, new Date('2026-03-02T01:00:00Z'));
        const opener = g(() => fc.constantFrom(...openers));
        const data = g(() => formData(procedure.start.form));
        expect(sim.open(data, opener)).toBeNull();
        const steps = g(() => fc.integer({ min: 1, max: 25 }));
        for (let i = 0; i < steps && sim.state!.status === 'active'; i++) {
          const kind = g(() => fc.constantFrom('act', 'act', 'act', 'wait', 'wrong'));
          if (kind === 'wait') {
            sim.advance(g(() => fc.constantFrom(...DELAYS)));
            continue;
          }
          const user = g(() => fc.constantFrom(...users));
          const actions = availableActions(procedure, sim.state!, user);
          if (kind === 'wrong' || actions.length === 0) {
            const before = structuredClone(sim.state!);
            const mine = new Set(actions.map((a) => a.type));
            const other = g(() => fc.constantFrom('NO_SUCH_EVENT', 'xstate.after.P1D.x', ...users.flatMap((u) => availableActions(procedure, sim.state!, u).map((a) => a.type))));
            const result = applyEvent(procedure, sim.state!, { type: other, data: {} }, user, sim.now);
            if (!mine.has(other)) expect(result.ok).toBe(false);
            expect(sim.state).toEqual(before);
            continue;
          }
          const action = g(() => fc.constantFrom(...actions));
          const payload = g(() => formData(action.form));
          const before = structuredClone(sim.state!);
          const rejected = sim.send({ type: action.type, data: payload }, user);
          if (rejected) {
            // A guard may refuse valid form data (e.g. four-eyes); the case must not move.
            expect(['QT_GUARD_REFUSED']).toContain(rejected.code);
            expect(sim.state).toEqual(before);
          }
        }
        expect(sim.state!.status).not.toBe('error');
        expect(replay(procedure, sim.log)).toEqual(sim.state);
      }),
      { numRuns: 60 },
    );
  });
});

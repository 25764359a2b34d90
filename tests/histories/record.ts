// Records case histories from the valid procedure samples: the procedure as it was, the event
// log and the resulting state. Run once when a new history is worth keeping:
//   npx tsx tests/histories/record.ts
// Never re-record to make a failing replay pass: a changed outcome is a breaking change.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseSimulation, type Procedure } from '../../engine/index.ts';

const samples = join(import.meta.dirname, '../procedures/samples');
for (const name of readdirSync(samples)) {
  const config = JSON.parse(readFileSync(join(samples, name, '_config.json'), 'utf8'));
  if (!config.valid) continue;
  const target = join(import.meta.dirname, `${name}.json`);
  if (existsSync(target)) continue;
  const procedure = JSON.parse(readFileSync(join(samples, name, 'procedure.json'), 'utf8')) as Procedure;
  const sim = new CaseSimulation(procedure, new Date('2026-03-02T01:00:00Z'));
  for (const step of config.steps) {
    if (step.advance) sim.advance(step.advance);
    if (step.open) sim.open(step.open, step.actor);
    else if (step.event) sim.send(step.event, step.actor);
  }
  writeFileSync(target, JSON.stringify({ procedure, log: sim.log, state: sim.state }, null, 1) + '\n');
  console.log('recorded', name);
}

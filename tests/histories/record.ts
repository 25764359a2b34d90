// Records case histories from the valid procedure samples: which procedure they ran on (key and hash),
// the event log and the resulting state. Run once when a new history is worth keeping:
//   npx tsx tests/histories/record.ts
// Never re-record to make a failing replay pass: a changed outcome is a breaking change.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProcedure, loadSamples, readWorkflow, runSteps } from '../procedures/sample.ts';
import { canonicalJson, here, refOf, type History } from './procedures.ts';

for (const { name, config } of await loadSamples()) {
  if (!config.valid) continue;
  const target = join(here.histories, `${name}.json`);
  if (existsSync(target)) continue;
  const procedure = buildProcedure(config);
  const ref = refOf(procedure);
  // A patched sample runs on a procedure that no workflow revision has: store it by its hash.
  if (canonicalJson(procedure) !== canonicalJson(readWorkflow(config.base))) {
    mkdirSync(here.store, { recursive: true });
    writeFileSync(join(here.store, `${ref.key}@${ref.hash}.json`), JSON.stringify(procedure) + '\n');
  }
  const sim = runSteps(procedure, config.steps ?? []);
  const history: History = { procedure: ref, log: sim.log, state: sim.state! };
  writeFileSync(target, JSON.stringify(history, null, 1) + '\n');
  console.log('recorded', name);
}

// Stores the old workflow versions that histories were recorded on, taken from git, once the workflow
// files have moved on. Run after changing a workflow, when the replay test says so:
//   npx tsx tests/histories/freeze.ts
import { relative } from 'node:path';
import { freezeMissing, here } from './procedures.ts';

const { written, missing } = freezeMissing();
for (const file of written) console.log('stored', relative(here.root, file));
for (const history of missing) console.error('not in git history:', history);
if (!written.length && !missing.length) console.log('every history resolves; nothing to store');
if (missing.length) process.exitCode = 1;

// npm run audit:verify — walks the audit chain and reports the first broken link (exit 1).
// On the embedded database, stop the server first: PGlite allows one process per data directory.
import { openStore, optionsFromEnv } from '../db/connect.ts';
import { verifyAudit } from '../stores/audit.ts';

const store = await openStore(optionsFromEnv());
let code = 0;
try {
  const result = await verifyAudit(store.db);
  if (result.ok) {
    console.log(`Audit log intact: ${result.checked} rows checked.`);
  } else {
    console.error(`Audit log BROKEN at seq ${result.brokenAt}: ${result.reason}. ${result.checked} rows before it are intact.`);
    code = 1;
  }
} finally {
  await store.close();
}
// PGlite resets process.exitCode while closing: exit explicitly.
process.exit(code);

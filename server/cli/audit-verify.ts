// npm run audit:verify — walks the audit chain and reports the first broken link (exit 1). It only
// reads: rows written and not yet chained (the server chains them within a second) are counted.
// On the embedded database, stop the server first: PGlite allows one process per data directory.
import { openStore, optionsFromEnv } from '../db/connect.ts';
import { verifyAudit } from '../stores/audit.ts';

const store = await openStore(optionsFromEnv());
let code = 0;
try {
  const result = await verifyAudit(store.db);
  if (result.ok) {
    const pending = result.pending ? `, ${result.pending} written and not yet chained` : '';
    console.log(`Audit log intact: ${result.checked} rows checked${pending}.`);
  } else {
    console.error(`Audit log BROKEN at seq ${result.brokenAt}: ${result.reason}. ${result.checked} rows before it are intact.`);
    code = 1;
  }
} finally {
  await store.close();
}
// PGlite resets process.exitCode while closing: exit explicitly.
process.exit(code);

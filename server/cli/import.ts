// npm run import -- <machine.json> [--key <key>]: a plain XState machine config becomes a draft
// procedure in the database (the designer opens it); prints what changed and what must be done
// before publishing. On the embedded database, stop the server first: PGlite allows one process.
import { readFileSync } from 'node:fs';
import { migrate, openStore, optionsFromEnv } from '../db/connect.ts';
import { QtError } from '../errors.ts';
import { importMachineAsDraft } from '../machine-import.ts';

const args = process.argv.slice(2);
const keyAt = args.indexOf('--key');
const key = keyAt >= 0 ? args[keyAt + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && (keyAt < 0 || i !== keyAt + 1));
const lang = (process.env.LANG ?? '').startsWith('en') ? 'en' : 'vi';
if (!file || (keyAt >= 0 && !key)) {
  console.error('Cách dùng / usage: npm run import -- <machine.json> [--key <procedure-key>]');
  process.exit(2);
}

let machine: unknown;
try {
  machine = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`${file}: QT_FILE_UNREADABLE ${(e as Error).message}`);
  process.exit(2);
}

const store = await openStore(optionsFromEnv());
let code = 0;
try {
  const migrated = await migrate(store);
  if (!migrated.ok) throw migrated.error;
  const r = await importMachineAsDraft(store.db, machine, key, 'system', new Date());
  for (const c of r.changes) console.log(`${file}:${c.path || '/'} ${c.kind} ${c.code} ${c.message[lang]}`);
  for (const p of r.problems) console.log(`${r.key}:${p.path} ${p.severity} ${p.code} ${p.message[lang]}`);
  console.log(
    lang === 'en'
      ? `Imported as the draft of "${r.key}" (revision ${r.revision}): ${r.changes.length} changes, ${r.problems.length} things to do before publishing.`
      : `Đã nhập thành bản nháp của "${r.key}" (lần lưu ${r.revision}): ${r.changes.length} thay đổi, ${r.problems.length} việc cần làm trước khi phát hành.`,
  );
} catch (e) {
  if (!(e instanceof QtError)) throw e;
  console.error(`${file}: ${e.code} ${e.messages[lang]}`);
  for (const d of e.details as { path?: string; code?: string; message?: Record<string, string> }[]) {
    if (d.message) console.error(`${file}:${d.path || '/'} ${d.code} ${d.message[lang]}`);
  }
  code = 1;
} finally {
  await store.close();
}
// PGlite resets process.exitCode while closing: exit explicitly.
process.exit(code);

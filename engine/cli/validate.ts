// npm run validate -- <files…>: prints every problem with its path; exits non-zero on any error.
import { readFileSync } from 'node:fs';
import { validateProcedure } from '../index.ts';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('Cách dùng / usage: npm run validate -- <procedure.json> [more.json …]');
  process.exit(2);
}
const lang = (process.env.LANG ?? '').startsWith('en') ? 'en' : 'vi';
let failed = false;
for (const file of files) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: QT_FILE_UNREADABLE ${(e as Error).message}`);
    failed = true;
    continue;
  }
  const { valid, errors } = validateProcedure(json);
  for (const p of errors) console.log(`${file}:${p.path} ${p.severity} ${p.code} ${p.message[lang]}`);
  console.log(`${file}: ${valid ? 'OK' : 'INVALID'} (${errors.filter((e) => e.severity === 'error').length} errors, ${errors.filter((e) => e.severity === 'publish').length} before publishing, ${errors.filter((e) => e.severity === 'warning').length} warnings)`);
  if (!valid) failed = true;
}
process.exit(failed ? 1 : 0);

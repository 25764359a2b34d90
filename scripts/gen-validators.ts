// Generates engine/generated/schema-validators.js: the validators of the schemas fixed at build
// time, compiled to code by Ajv once, here, rather than in the browser (which would need the
// Content-Security-Policy to allow 'unsafe-eval'). Two: the procedure file
// (schemas/procedure.schema.json) and JSON Schema draft-07 itself (a form's schema is checked
// against it). Schemas only known at run time (forms) are checked by engine/json-schema.ts.
//   npm run gen:validators            write the file
//   npm run gen:validators -- --check compare only (npm run check)
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatorsSource } from './validators-source.ts';

const OUT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../engine/generated/schema-validators.js');
const text = validatorsSource();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {
    /* missing: differs */
  }
  if (current !== text) {
    console.error('engine/generated/schema-validators.js is not what the schemas give: run `npm run gen:validators` and commit the result.');
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
}

// Generates engine/generated/schema-validators.js: the validators of the schemas fixed at build
// time, compiled to code by Ajv once, here, rather than in the browser (which would need the
// Content-Security-Policy to allow 'unsafe-eval'). Two: the procedure file
// (schemas/procedure.schema.json) and JSON Schema draft-07 itself (a form's schema is checked
// against it). Schemas only known at run time (forms) are checked by engine/json-schema.ts.
//   npm run gen:validators            write the file
//   npm run gen:validators -- --check compare only (npm run check)
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatorsSource } from './validators-source.ts';
import { writeOrCheck } from './write-or-check.ts';

const OUT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../engine/generated/schema-validators.js');
writeOrCheck(OUT, validatorsSource(), 'engine/generated/schema-validators.js', 'npm run gen:validators');

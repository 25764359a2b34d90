// Generates schemas/api/types.ts, the TypeScript types of every schemas/api/*.json, so the server,
// the UI and the tests share one definition of the API's shapes (docs/api.md). `--check`: fail
// when the checked-in file is not what the schemas give (npm run check).
//   npm run gen:types            write schemas/api/types.ts
//   npm run gen:types -- --check compare only
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { writeOrCheck } from './write-or-check.ts';

const SCHEMA_BASE = 'https://quytrinh.dev/schemas/api/';
const DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../schemas/api');
const OUT = join(DIR, 'types.ts');

/**
 * Shapes whose TypeScript type is the engine's (engine/types.ts): the wire leaves a procedure file
 * and a form open (schemas/procedure.schema.json checks them, POST /api/procedures/validate), and
 * an available action is the engine's answer as it is (its roles read-only).
 */
const ENGINE_TYPES: Record<string, string> = { 'available-action': 'AvailableAction', form: 'Form', 'procedure-file': 'Procedure' };
/** Names that would shadow a global. */
const RENAMED: Record<string, string> = { error: 'ErrorBody' };

const typeName = (file: string) => RENAMED[file] ?? file.replace(/(^|-)([a-z])/g, (_, _d, c: string) => c.toUpperCase());
const fileOf = (id: string) => id.slice(SCHEMA_BASE.length).replace(/\.json#?$/, '');

function load(file: string): JSONSchema {
  const schema = JSON.parse(readFileSync(join(DIR, `${file}.json`), 'utf8')) as JSONSchema;
  const name = typeName(file);
  // the title becomes the type's comment unless it only repeats the name
  const comment = [schema.title !== name ? schema.title : undefined, schema.description].filter(Boolean).join('\n\n');
  const { $schema: _s, title: _t, description: _d, ...rest } = schema;
  return { ...rest, ...(comment ? { description: comment } : {}), ...(ENGINE_TYPES[file] ? { tsType: ENGINE_TYPES[file] } : {}) };
}

async function generate(): Promise<string> {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
  const parts: string[] = [];
  for (const file of files) {
    if (ENGINE_TYPES[file]) {
      const engine = ENGINE_TYPES[file];
      parts.push(typeName(file) === engine ? `export type { ${engine} };` : `export type ${typeName(file)} = ${engine};`);
      continue;
    }
    const ts = await compile(load(file), typeName(file), {
      bannerComment: '',
      additionalProperties: false,
      declareExternallyReferenced: false,
      unknownAny: true,
      style: { singleQuote: true, printWidth: 140 },
      customName: (schema) => (typeof schema.$id === 'string' && schema.$id.startsWith(SCHEMA_BASE) ? typeName(fileOf(schema.$id)) : undefined),
      $refOptions: {
        resolve: {
          api: {
            order: 1,
            canRead: (f: { url: string }) => f.url.startsWith(SCHEMA_BASE),
            read: (f: { url: string }) => JSON.stringify(load(fileOf(f.url))),
          },
        },
      },
    });
    parts.push(ts.trim());
  }
  return parts.join('\n\n');
}

const BANNER = `// Generated from schemas/api/*.json by scripts/gen-api-types.ts (npm run gen:types): do not edit.
// The API's shapes (docs/api.md); a procedure file, a form and an available action are the engine's types.
import type { ${[...new Set(Object.values(ENGINE_TYPES))].sort().join(', ')} } from '../../engine/types.ts';
`;

writeOrCheck(OUT, `${BANNER}\n${await generate()}\n`, 'schemas/api/types.ts', 'npm run gen:types');

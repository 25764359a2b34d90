// The procedures shipped in workflows/, by key: installed on first start (seed.ts), and the
// source of outcome declarations for versions published before outcomes were declared.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Procedure } from '../engine/index.ts';

export const WORKFLOWS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../workflows');

/** Every workflows/*.json, by file name, parsed (a file that is not JSON is left out). */
export function shippedFiles(dir = WORKFLOWS_DIR): { file: string; procedure: Procedure }[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    try {
      return [{ file, procedure: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Procedure }];
    } catch {
      return [];
    }
  });
}

/** The shipped procedure of a key, read once. */
export function shippedProcedures(dir = WORKFLOWS_DIR): (key: string) => Procedure | null {
  let byKey: Map<string, Procedure> | null = null;
  return (key) => {
    byKey ??= new Map(shippedFiles(dir).map(({ procedure }) => [procedure.key, procedure]));
    return byKey.get(key) ?? null;
  };
}

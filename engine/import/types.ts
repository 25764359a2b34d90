// What an import answers: a refusal with every problem, or a draft with what changed.
import type { Procedure, Text, ValidationProblem } from '../types.ts';

/** A reason a file is not a machine config; `path` is a JSON pointer into the uploaded file. */
export interface MachineProblem {
  path: string;
  code: string;
  message: Text;
}

/** One thing the import changed (`changed`) or could not carry over (`dropped`). */
export interface ImportChange {
  path: string;
  code: string;
  kind: 'changed' | 'dropped';
  message: Text;
}

export type ImportResult =
  | { ok: true; procedure: Procedure; changes: ImportChange[]; problems: ValidationProblem[] }
  | { ok: false; problems: MachineProblem[] };

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** JSON pointer of a list of keys. */
export function pointer(keys: (string | number)[]): string {
  return keys.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** A state named for a person: "loading › retrying", or the machine itself. */
export function where(statePath: string[]): Text {
  if (!statePath.length) return { vi: 'máy trạng thái', en: 'the machine' };
  const name = statePath.join(' › ');
  return { vi: `bước "${name}"`, en: `step "${name}"` };
}

import { readFileSync } from 'node:fs';
import type { Procedure } from '../../engine/types.ts';

export function reference(): Procedure {
  return JSON.parse(readFileSync(new URL('../../workflows/harmful-content.json', import.meta.url), 'utf8')) as Procedure;
}

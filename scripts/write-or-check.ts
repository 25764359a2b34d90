// A generated file is written, or with `--check` compared with what is checked in (npm run check):
// a difference fails with the command that brings it up to date.
import { readFileSync, writeFileSync } from 'node:fs';

export function writeOrCheck(file: string, text: string, name: string, command: string): void {
  if (!process.argv.includes('--check')) {
    writeFileSync(file, text);
    return;
  }
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    /* missing: differs */
  }
  if (current !== text) {
    console.error(`${name} is not what its sources give: run \`${command}\` and commit the result.`);
    process.exit(1);
  }
}

// Behaviour comes from the procedure, never from its names: no code of the server or the UI names
// an event or a state of the shipped workflows (the demo seed and old migrations aside, which
// walk and translate the reference procedure by design).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStatus, OUTCOMES, type Procedure, type StateConfig } from '../../engine/index.ts';

const root = new URL('../../', import.meta.url).pathname;
const workflows = readdirSync(join(root, 'workflows')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(root, 'workflows', f), 'utf8')) as Procedure);

/** Names a word of the product's own vocabulary shares (an outcome, a case status, the overdue tag): not a workflow's. */
const OWN = new Set<string>([...OUTCOMES, ...Object.values(CaseStatus), 'overdue', 'OPEN']);

function names(p: Procedure): string[] {
  const out = new Set<string>();
  const walk = (s: StateConfig, path: string) => {
    for (const e of Object.keys(s.on ?? {})) out.add(e);
    for (const [k, c] of Object.entries(s.states ?? {})) {
      const full = path ? `${path}.${k}` : k;
      out.add(k);
      out.add(full);
      walk(c, full);
    }
  };
  walk(p.machine, '');
  return [...out].filter((n) => !OWN.has(n));
}

function files(dir: string, skip: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (skip(path)) return [];
    if (statSync(path).isDirectory()) return files(path, skip);
    return /\.(ts|svelte|js)$/.test(f) ? [path] : [];
  });
}

describe('no workflow names in code', () => {
  it('finds no event or state of a shipped workflow quoted in server/ or ui/src', () => {
    const skip = (p: string) => p.endsWith('server/seed.ts') || p.includes('server/db/migrations') || p.includes('node_modules') || p.endsWith('.d.ts');
    const code = [...files(join(root, 'server'), skip), ...files(join(root, 'ui/src'), skip)];
    expect(code.length).toBeGreaterThan(50);
    const all = [...new Set(workflows.flatMap(names))];
    expect(all).toEqual(expect.arrayContaining(['REQUEST_REMOVAL', 'removal.following_up', 'CONFIRM_FAKE']));
    const found: string[] = [];
    for (const file of code) {
      // comments may give an example; code may not
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
      for (const name of all) {
        if (new RegExp(`['"\`]${name.replace(/\./g, '\\.')}['"\`]`).test(text)) found.push(`${file.slice(root.length)}: ${name}`);
      }
    }
    expect(found).toEqual([]);
  });
});

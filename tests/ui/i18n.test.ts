import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from '../../ui/src/lib/i18n/vi.ts';
import { en } from '../../ui/src/lib/i18n/en.ts';
import { designerMessages } from '../../ui/src/lib/designer/i18n.ts';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function leaves(o: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'designer' ? [] : sources(p);
    return /\.(svelte|ts)$/.test(f) ? [p] : [];
  });
}

describe('UI strings', () => {
  const viKeys = keys(vi);
  const enKeys = keys(en);

  it('has the same keys in Vietnamese and English', () => {
    expect(enKeys.sort()).toEqual(viKeys.sort());
  });

  it('has no empty text and the same {placeholders} in both', () => {
    const enMap = new Map(leaves(en));
    for (const [k, v] of leaves(vi)) {
      expect(typeof v === 'string' && v.length > 0, k).toBe(true);
      const ph = (s: unknown) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(enMap.get(k)), k).toEqual(ph(v));
    }
  });

  it('defines every key the screens use', () => {
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (const file of sources('ui/src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\$t\('([^']+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/\$t\(`([^`$]+)\$\{/g)) prefixes.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    // designer.* strings are the designer's own, registered by ui/src/lib/designer/i18n.ts
    const all = [...viKeys, ...keys(designerMessages.vi)];
    const missing = [...used].filter((k) => !all.includes(k));
    expect(missing).toEqual([]);
    for (const p of prefixes) expect(all.some((k) => k.startsWith(p)), p).toBe(true);
  });

  it('names every role and live status used at run time', () => {
    for (const r of ['admin', 'monitor', 'verifier', 'lead', 'liaison', 'secretariat', 'observer']) expect(viKeys).toContain(`roles.${r}`);
    for (const s of ['idle', 'connecting', 'open', 'offline']) expect(viKeys).toContain(`live.${s}`);
    for (const r of ['login', 'inbox', 'case', 'new', 'dashboard', 'reports', 'designer', 'not-found']) expect(viKeys).toContain(`nav.${r}`);
  });
});

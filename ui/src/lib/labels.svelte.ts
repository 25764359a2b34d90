// Names for the keys that figures are counted by: states, categories, platforms.
import type { Text } from './api/types.ts';
import { pick, type Lang } from './i18n/index.ts';
import { latestVersion, procedures, stateTitles } from './procedures.ts';
import type { Bucket } from './figures.ts';

export class Labels {
  states = $state.raw<Map<string, Text>>(new Map());
  options = $state.raw<Map<string, Map<string, Text>>>(new Map());

  async load(): Promise<void> {
    const list = await procedures();
    const states = new Map<string, Text>();
    const options = new Map<string, Map<string, Text>>();
    for (const p of list) {
      const v = await latestVersion(p.key).catch(() => null);
      for (const [k, tt] of stateTitles(v)) if (!states.has(k)) states.set(k, tt);
      for (const [name, hint] of Object.entries(p.start?.form.ui?.fields ?? {})) {
        if (!hint.options) continue;
        const m = options.get(name) ?? new Map<string, Text>();
        for (const o of hint.options) if (!m.has(o.value)) m.set(o.value, o.label);
        // values an option replaced (`formerly`) show as it
        for (const o of hint.options) for (const old of o.formerly ?? []) if (typeof old === 'string' && !m.has(old)) m.set(old, o.label);
        options.set(name, m);
      }
    }
    this.states = states;
    this.options = options;
  }

  state(key: string, lang: Lang): string {
    return pick(this.states.get(key) ?? key, lang);
  }

  option(field: string, key: string, lang: Lang): string {
    return pick(this.options.get(field)?.get(key) ?? key, lang);
  }

  /** A bucket's own label if the server gave one, else ours, else its key. */
  bucket(b: Bucket, kind: 'state' | 'category' | 'platform' | 'unit', lang: Lang): string {
    if (b.label) return pick(b.label, lang);
    if (kind === 'state') return this.state(b.key, lang);
    if (kind === 'unit') return b.key;
    return this.option(kind, b.key, lang);
  }
}

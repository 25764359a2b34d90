// UI strings through svelte-i18n: Vietnamese first, English one click away. Texts that come
// from a procedure are {vi,en} objects and are picked with `txt`.
import { addMessages, init, locale, _ } from 'svelte-i18n';
import { derived, get, type Readable } from 'svelte/store';
import { vi } from './vi.ts';
import { en } from './en.ts';
import type { Text } from '../../../../engine/types.ts';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
const STORAGE_KEY = 'qt.lang';

addMessages('vi', vi);
addMessages('en', en);

function savedLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function setupI18n(): void {
  init({ fallbackLocale: 'vi', initialLocale: savedLang() });
}

export function setLang(lang: Lang): void {
  locale.set(lang);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts this page only */
  }
  if (globalThis.document) document.documentElement.lang = lang;
}

export const lang: Readable<Lang> = derived(locale, (l) => (l?.startsWith('en') ? 'en' : 'vi'));

/** Picks a procedure text in the current language, falling back to the other one. */
export function pick(text: Text | string | null | undefined, l: Lang): string {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return text[l] || text.vi || text.en || '';
}

export const txt: Readable<(text: Text | string | null | undefined) => string> = derived(lang, (l) => (text: Text | string | null | undefined) => pick(text, l));

export function currentLang(): Lang {
  return get(lang);
}

export { _ as t, locale };
export { vi, en };

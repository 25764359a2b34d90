// Settings a page keeps in the browser: read over their defaults, written as a whole. Storage
// that is missing, full or refused (private mode) leaves the defaults.

/** `session`: until the tab closes; `local`: on this browser for good. */
export function stored<T extends object>(where: 'session' | 'local', key: string, defaults: T) {
  const storage = () => (where === 'session' ? globalThis.sessionStorage : globalThis.localStorage);
  return {
    load(): T {
      try {
        const raw = storage()?.getItem(key);
        if (raw) return { ...defaults, ...(JSON.parse(raw) as Partial<T>) };
      } catch {
        // unreadable or refused: the defaults
      }
      return { ...defaults };
    },
    save(value: T): void {
      try {
        storage()?.setItem(key, JSON.stringify(value));
      } catch {
        // full or refused: kept for this page only
      }
    },
  };
}

// What the precompiled validators (engine/generated/schema-validators.js) call at run time, in
// place of Ajv's runtime modules (CommonJS, which the browser build and Node's ESM would load
// differently): the length of a string in code points, and deep equality of JSON values.

export function ucs2length(str: string): number {
  let length = 0;
  for (let pos = 0; pos < str.length; pos++, length++) {
    const code = str.charCodeAt(pos);
    // a high surrogate followed by a low one is one character
    if (code >= 0xd800 && code <= 0xdbff && pos + 1 < str.length && (str.charCodeAt(pos + 1) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}

export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return a !== a && b !== b; // NaN
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => equal(v, (b as unknown[])[i]));
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

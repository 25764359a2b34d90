// Names an imported machine gets in a procedure: safe state keys, UPPER_SNAKE event types, a
// procedure key, and titles a person reads, made from the names the author wrote.

/** Without accents: "Chờ duyệt" → "Cho duyet". */
export function plain(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** The words of a name: camelCase, snake_case, kebab-case, dotted or spaced. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.\-:/]+/)
    .filter(Boolean);
}

/** "waitingForApproval" → "Waiting for approval"; a name with spaces or accents stays as written. */
export function titleFromName(name: string): string {
  if (/\s/.test(name.trim()) || /[^\x00-\x7f]/.test(name)) return name.trim() || name;
  const w = words(name).map((x, i) => (x.length > 1 && x === x.toUpperCase() && /[A-Z]/.test(x) ? x : i === 0 ? x.charAt(0).toUpperCase() + x.slice(1).toLowerCase() : x.toLowerCase()));
  return w.join(' ') || name;
}

const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EVENT = /^[A-Z][A-Z0-9_]*$/;

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/** A state key the procedure format takes: the name itself when it already is one. */
export function stateKey(name: string, taken: Set<string>): string {
  if (SAFE_KEY.test(name) && !taken.has(name)) return unique(name, taken);
  let base = plain(name).toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!base) base = 'state';
  if (/^[0-9]/.test(base)) base = `s_${base}`;
  return unique(base, taken);
}

/** An event type in UPPER_SNAKE_CASE: "user.click" → "USER_CLICK". */
export function eventType(name: string): string {
  if (name === '*' || EVENT.test(name)) return name;
  let base = words(plain(name)).join('_').toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/_+/g, '_');
  if (!base) base = 'EVENT';
  if (!/^[A-Z]/.test(base)) base = `E_${base}`;
  return base;
}

/** A procedure key (and machine id): lower-case, digits and dashes, 2 to 63 characters. */
export function procedureKey(name: string): string {
  let base = words(plain(name)).join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(base)) base = `xstate-${base}`.replace(/-+$/, '');
  if (base.length < 2) base = base ? `${base}-machine` : 'xstate-machine';
  return base.slice(0, 63).replace(/-+$/, '');
}

// Codes a person never types: a step's key, an action's event type, a role's id and a form
// field's name are made from the Vietnamese title ("Công an xác minh" → cong_an_xac_minh,
// "Đồng ý" → DONG_Y, "Ngày hết hạn" → ngayHetHan), unique where they must be. They stay editable
// under "Nâng cao / Advanced", and a code the last published version has stays as it is: running
// cases hold it.
import type { MachineConfig, Procedure, StateConfig, Text } from '../../../../engine/types.ts';
import { stateConfigAt } from '../../../../engine/index.ts';

const MAX = 40;

/** Without accents, đ as d: "Đã xác minh" → "Da xac minh". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** The words of a title in ASCII, at most MAX characters cut at a word. */
function parts(title: string): string[] {
  const words = fold(title)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const out: string[] = [];
  let len = 0;
  for (const w of words) {
    if (out.length && len + 1 + w.length > MAX) break;
    out.push(w.slice(0, MAX));
    len += (out.length > 1 ? 1 : 0) + w.length;
  }
  return out;
}

function unique(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

const titleOf = (t: Text | string | undefined): string => (typeof t === 'string' ? t : (t?.vi || t?.en || ''));

/** A state key from a title, unique among `taken`: lower_snake_case, never starting with a digit. */
export function stateKeyFor(title: Text | string | undefined, taken: ReadonlySet<string>): string {
  let base = parts(titleOf(title)).join('_') || 'buoc';
  if (/^[0-9]/.test(base)) base = `b_${base}`;
  return unique(base, taken);
}

/** An event type from an action's label, unique among `taken`: UPPER_SNAKE_CASE. */
export function eventTypeFor(label: Text | string | undefined, taken: ReadonlySet<string>): string {
  let base = parts(titleOf(label)).join('_').toUpperCase() || 'THAO_TAC';
  if (!/^[A-Z]/.test(base)) base = `T_${base}`;
  return unique(base, taken);
}

/** A role's id from its title, unique among `taken`: lower_snake_case like `verifier`. */
export function roleIdFor(title: Text | string | undefined, taken: ReadonlySet<string>): string {
  let base = parts(titleOf(title)).join('_') || 'vai_tro';
  if (!/^[a-z]/.test(base)) base = `vt_${base}`;
  return unique(base, taken);
}

/** A form field's name from its label, unique among `taken`: camelCase like `requestReference`. */
export function fieldNameFor(label: Text | string | undefined, taken: ReadonlySet<string>): string {
  const words = parts(titleOf(label));
  let base = words.map((w, i) => (i ? w[0]!.toUpperCase() + w.slice(1) : w)).join('') || 'truong';
  if (!/^[a-z]/.test(base)) base = `t${base}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/**
 * Whether `code` is what `make` gives for `title` (alone or made unique with a number), or a
 * placeholder matching `placeholder`: a code the designer made, which may follow a new title.
 */
export function followsTitle(code: string, title: Text | undefined, make: (t: Text | undefined, taken: ReadonlySet<string>) => string, placeholder?: RegExp): boolean {
  if (placeholder?.test(code)) return true;
  const filled = !!(title && (title.vi.trim() || title.en.trim()));
  if (!filled) return false;
  const base = make(title, new Set());
  return code === base || new RegExp(`^${base}_?\\d+$`).test(code);
}

/** The keys of the children of `parent`, but `except` (the state being renamed). */
export function siblingKeys(procedure: Procedure, parent: string, except?: string): Set<string> {
  const keys = new Set(Object.keys(stateConfigAt(procedure.machine, parent)?.states ?? {}));
  if (except !== undefined) keys.delete(except);
  return keys;
}

/** Every event type the machine uses anywhere, so that a new action gets a type of its own. */
export function eventTypes(machine: MachineConfig): Set<string> {
  const out = new Set<string>();
  const visit = (s: StateConfig) => {
    for (const k of Object.keys(s.on ?? {})) out.add(k);
    for (const c of Object.values(s.states ?? {})) visit(c);
  };
  visit(machine);
  return out;
}

/**
 * Whether a state's key was made by the designer rather than chosen by a person: a placeholder
 * of the palette (step, step_2, end…) or the key its title gives. Such a key follows the title.
 */
export function isGeneratedKey(key: string, title: Text | undefined, taken: ReadonlySet<string>): boolean {
  if (/^(step|end|buoc)(_\d+)?$/.test(key)) return true;
  const base = stateKeyFor(title, new Set());
  return key === base || new RegExp(`^${base}_\\d+$`).test(key) || key === stateKeyFor(title, taken);
}

/** A procedure key from its title, unique among `taken`: lower-case words joined by dashes. */
export function procedureKeyFor(title: Text | string | undefined, taken: ReadonlySet<string>): string {
  let base = parts(titleOf(title)).join('-') || 'quy-trinh';
  if (!/^[a-z]/.test(base)) base = `qt-${base}`;
  if (base.length < 2) base = `${base}-qt`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

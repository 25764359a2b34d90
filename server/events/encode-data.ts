// A case's data as JSON, made once per event. The event path sends the data twice —
// in the statement that writes the case and in the answer — and with a comment thread that
// grows at every event it is most of what the server encodes per event. The statement encodes
// it and leaves the bytes with the answer (the CaseView), so that neither the answer nor `pg`
// encodes it again, and they live only as long as the answer does. The bytes of the data's lists are kept with the lists themselves,
// so that the next event's statement writes a thread it extends from them (`encodeData`); this
// rests on the engine never changing a list or an entry in place (each step makes new ones).
import type { CaseView } from '../stores/cases.ts';

const dataOfAnswer = new WeakMap<CaseView, string | Buffer>();

/** The data of an event's answer, encoded (from the statement's copy when it made one). */
export function answerDataBytes(view: CaseView): Buffer {
  const made = dataOfAnswer.get(view) ?? JSON.stringify(view.data);
  return typeof made === 'string' ? Buffer.from(made) : made;
}

/**
 * The UTF-8 length of the answer's data as JSON (its weight in the CaseCache). Made here when
 * the statement did not make it (a text parameter, a write with effects), and kept for the answer.
 */
export function answerDataSize(view: CaseView): number {
  let made = dataOfAnswer.get(view);
  if (made === undefined) dataOfAnswer.set(view, (made = JSON.stringify(view.data) ?? 'null'));
  return typeof made === 'string' ? Buffer.byteLength(made) : made.length;
}

/**
 * The data of an event's answer as JSON, for the statement — as UTF-8 bytes (`encoded`) or as
 * text — kept for the answer. Encoded, a list that extends one of the data `before` (a comment
 * thread after an append: the same entries, one more) reuses that list's bytes.
 */
export function answerDataJson(view: CaseView, data: unknown, encoded: true, before?: unknown): Buffer;
export function answerDataJson(view: CaseView, data: unknown, encoded: false): string;
export function answerDataJson(view: CaseView, data: unknown, encoded: boolean, before?: unknown): string | Buffer {
  const made = encoded ? encodeData(data, before) : JSON.stringify(data);
  if (data === view.data) dataOfAnswer.set(view, made);
  return made;
}

/**
 * The UTF-8 bytes of lists as last encoded, by the list (which nobody changes once made: the
 * engine makes a new list at every append). They live as long as the list does, in buffers of
 * their own (not slices of Node's shared pool, which would keep 8 KB each alive).
 */
const listBytes = new WeakMap<readonly unknown[], Buffer>();

/**
 * `JSON.stringify(data)` in UTF-8, a top-level list encoded before written from its bytes, and one
 * that extends a list of `before` by entries at its end from that list's bytes plus the new
 * entries (checked entry by entry: the same objects, in the same places). Property-tested against
 * JSON.stringify (tests/server/json-bytes.test.ts).
 */
export function encodeData(data: unknown, before?: unknown): Buffer {
  if (!isPlainRecord(data)) return joinBytes([JSON.stringify(data) ?? 'null']);
  const prev = isPlainRecord(before) ? before : undefined;
  const parts: (string | Buffer)[] = [];
  let sep = '{';
  for (const key of Object.keys(data)) {
    const value = data[key];
    const text = Array.isArray(value) ? null : JSON.stringify(value);
    if (text === undefined) continue; // undefined, a function: JSON.stringify leaves the key out
    parts.push(sep + JSON.stringify(key) + ':', text ?? listJson(value as unknown[], prev?.[key]));
    sep = ',';
  }
  parts.push(sep === '{' ? '{}' : '}');
  return joinBytes(parts);
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function listJson(list: unknown[], prev: unknown): Buffer {
  const same = listBytes.get(list); // a list the event left as it was (the thread at a SUBMIT, say)
  if (same) return same;
  const old = Array.isArray(prev) && prev.length > 0 && list.length > prev.length ? listBytes.get(prev) : undefined;
  let bytes: Buffer;
  if (old && (prev as unknown[]).every((x, i) => list[i] === x)) {
    const added = list.slice((prev as unknown[]).length).map((x) => JSON.stringify(x) ?? 'null');
    bytes = joinBytes([old.subarray(0, old.length - 1), ',', added.join(','), ']'], true);
  } else bytes = joinBytes([JSON.stringify(list)], true);
  listBytes.set(list, bytes);
  return bytes;
}

// Strings are encoded into one scratch buffer (at most 3 bytes per UTF-16 unit) and the
// result copied out: measuring a two-byte string's UTF-8 length first costs as much as encoding it.
// It grows to 1 MB at most; anything larger is encoded in a buffer of its own.
const SCRATCH_MAX = 1 << 20;
let scratch = Buffer.allocUnsafe(1 << 16);

/**
 * The pieces as one buffer, strings in UTF-8 (a number is one byte): each goes straight into it,
 * without a string of the whole (which V8 would flatten, and for a large one allocate in its
 * old generation). `own`: in a buffer of its own, for bytes that are kept.
 */
export function joinBytes(parts: readonly (string | Buffer | number)[], own = false): Buffer {
  let most = 0;
  for (const p of parts) most += typeof p === 'number' ? 1 : typeof p === 'string' ? p.length * 3 : p.length;
  if (scratch.length < most && most <= SCRATCH_MAX) scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX, Math.max(most, scratch.length * 2)));
  const buf = scratch.length >= most ? scratch : Buffer.allocUnsafeSlow(most);
  let pos = 0;
  for (const p of parts) {
    if (typeof p === 'number') buf[pos++] = p;
    else if (typeof p === 'string') pos += buf.write(p, pos, 'utf8');
    else pos += p.copy(buf, pos);
  }
  if (buf !== scratch) return own ? Buffer.from(buf.subarray(0, pos)) : buf.subarray(0, pos); // kept: its exact size
  if (!own) return Buffer.from(scratch.subarray(0, pos));
  const out = Buffer.allocUnsafeSlow(pos); // kept: a buffer of its own, not a slice of the pool
  scratch.copy(out, 0, 0, pos);
  return out;
}

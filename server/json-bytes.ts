// A case's data as JSON, made once per event. The event path sends the data twice —
// in the statement that writes the case and in the answer — and with a comment thread that
// grows at every event it is most of what the server encodes per event: serialised as text
// by each, then encoded again by `pg` and by the socket (bench/README.md, session 5). The
// statement encodes it and leaves the bytes with the answer (the CaseView), so they live only
// as long as the answer does.
import type { CaseView } from './stores/cases.ts';

const dataOfAnswer = new WeakMap<CaseView, string | Buffer>();

/** The data of an event's answer, encoded (from the statement's copy when it made one). */
export function answerDataBytes(view: CaseView): Buffer {
  const made = dataOfAnswer.get(view) ?? JSON.stringify(view.data);
  return typeof made === 'string' ? Buffer.from(made) : made;
}

/**
 * The data of an event's answer as JSON, for the statement — as UTF-8 bytes (`encoded`) or as
 * text — kept for the answer.
 */
export function answerDataJson(view: CaseView, data: unknown, encoded: true): Buffer;
export function answerDataJson(view: CaseView, data: unknown, encoded: false): string;
export function answerDataJson(view: CaseView, data: unknown, encoded: boolean): string | Buffer {
  const text = JSON.stringify(data);
  const made = encoded ? joinBytes([text]) : text;
  if (data === view.data) dataOfAnswer.set(view, made);
  return made;
}

// Strings are encoded into one scratch buffer (at most 3 bytes per UTF-16 unit) and the
// result copied out: measuring a two-byte string's UTF-8 length first costs as much as encoding it.
let scratch = Buffer.allocUnsafe(1 << 16);

/**
 * The pieces as one buffer, strings in UTF-8 (a number is one byte): each goes straight into it,
 * without a string of the whole (which V8 would flatten, and for a large one allocate in its
 * old generation).
 */
export function joinBytes(parts: readonly (string | Buffer | number)[]): Buffer {
  let most = 0;
  for (const p of parts) most += typeof p === 'number' ? 1 : typeof p === 'string' ? p.length * 3 : p.length;
  if (scratch.length < most) scratch = Buffer.allocUnsafe(Math.max(most, scratch.length * 2));
  let pos = 0;
  for (const p of parts) {
    if (typeof p === 'number') scratch[pos++] = p;
    else if (typeof p === 'string') pos += scratch.write(p, pos, 'utf8');
    else pos += p.copy(scratch, pos);
  }
  return Buffer.from(scratch.subarray(0, pos));
}

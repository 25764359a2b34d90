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
  const made = encoded ? Buffer.from(text) : text;
  if (data === view.data) dataOfAnswer.set(view, made);
  return made;
}

/**
 * The pieces as one buffer, strings in UTF-8: each goes straight into it, without a string of
 * the whole (which V8 would flatten, and for a large one allocate in its old generation).
 */
export function joinBytes(parts: readonly (string | Buffer | number)[]): Buffer {
  let length = 0;
  const lengths = parts.map((p) => (typeof p === 'number' ? 1 : typeof p === 'string' ? Buffer.byteLength(p) : p.length));
  for (const l of lengths) length += l;
  const out = Buffer.allocUnsafe(length);
  let pos = 0;
  parts.forEach((p, i) => {
    if (typeof p === 'number') out[pos] = p; // one byte
    else if (typeof p === 'string') out.write(p, pos, lengths[i]!, 'utf8');
    else p.copy(out, pos);
    pos += lengths[i]!;
  });
  return out;
}

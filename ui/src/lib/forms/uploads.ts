// How a files field stores what it is given: uploaded now to a case, or held until the case
// exists (a new case has no id yet). FormView puts one of these in the Svelte context.
import type { Attachment } from '../api/types.ts';

export const UPLOADS_KEY = Symbol('qt.uploads');

export interface Uploads {
  /** Uploads a file to the case and answers its attachment; null: keep the file until later. */
  upload: ((file: File) => Promise<Attachment>) | null;
  /** Files held back, by field, for a case created after the form is filled. */
  pending: Map<string, File[]>;
  /** Attachments already known (filename, type), so ids in a value show as names. */
  known: Map<string, Attachment>;
}

/** Value kept in a files field for a file that is not uploaded yet. */
export const PENDING_PREFIX = 'pending:';

export function isPendingId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith(PENDING_PREFIX);
}

/** The data without pending markers: what the server may see. */
export function withoutPending(data: Record<string, unknown>, fileFields: string[]): Record<string, unknown> {
  const out = { ...data };
  for (const f of fileFields) {
    if (Array.isArray(out[f])) {
      const kept = (out[f] as unknown[]).filter((id) => !isPendingId(id));
      if (kept.length) out[f] = kept;
      else delete out[f];
    }
  }
  return out;
}

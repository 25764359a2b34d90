// Uploaded files, kept in the database beside the case they are evidence for.
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Attachment as AttachmentView } from '../../schemas/api/types.ts';

type Db = Kysely<Database>;

/** The largest file an official may attach unless the server is told otherwise (a video of a few minutes). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;


const OFFICE = [
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
];

const FTYP = [-1, -1, -1, -1, 0x66, 0x74, 0x79, 0x70]; // a box size, then "ftyp"

/** Saved web pages: kept and sent only as downloads, never opened in the app's origin. */
export const SAVED_PAGE_TYPES = ['text/html', 'multipart/related', 'message/rfc822', 'application/x-mimearchive'];

/** Accepted types, each with the first bytes its files start with (-1: any byte; null: text, not checked). */
const ACCEPTED: Record<string, number[][] | null> = {
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [[0x47, 0x49, 0x46, 0x38]],
  'image/webp': [[0x52, 0x49, 0x46, 0x46]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
  'video/mp4': [FTYP],
  'video/webm': [[0x1a, 0x45, 0xdf, 0xa3]],
  'text/plain': null,
  'text/csv': null,
  ...Object.fromEntries(SAVED_PAGE_TYPES.map((t) => [t, null])),
  ...Object.fromEntries(
    OFFICE.map((t) => [t, [[0x50, 0x4b, 0x03, 0x04], [0xd0, 0xcf, 0x11, 0xe0]]]),
  ),
};

/** Types a browser may show in the page (a picture, a PDF, a video playing); everything else is a download. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'video/mp4', 'video/webm']);

/** By extension, for browsers that send no type or a generic one (an .mhtml is often `application/octet-stream`). */
const BY_EXTENSION: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  mhtml: 'multipart/related',
  mht: 'multipart/related',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
};

const extension = (filename: string) => /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';

/**
 * The type a file is stored under: what the browser claimed, except that a saved page is one
 * whatever it claims (its extension decides how a computer opens it later) and a generic claim
 * takes the extension's type.
 */
export function storedType(claimed: string, filename: string): string {
  const type = claimed.split(';')[0]!.trim().toLowerCase();
  const byExt = BY_EXTENSION[extension(filename)];
  if (byExt && (SAVED_PAGE_TYPES.includes(byExt) || !type || type === 'application/octet-stream')) return byExt;
  return type;
}

export function acceptedType(contentType: string, head: Uint8Array): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!(type in ACCEPTED)) return false;
  const magic = ACCEPTED[type];
  if (!magic) return !head.subarray(0, 512).includes(0); // text has no NUL bytes
  return magic.some((m) => m.every((b, i) => b === -1 || head[i] === b));
}

/** How a stored file is sent: inline with its own type, or as a download under a type no browser renders. */
export function servedAs(contentType: string): { type: string; disposition: 'inline' | 'attachment' } {
  if (INLINE.has(contentType)) return { type: contentType, disposition: 'inline' };
  if (SAVED_PAGE_TYPES.includes(contentType)) return { type: 'application/octet-stream', disposition: 'attachment' };
  return { type: contentType, disposition: 'attachment' };
}

const iso = (d: Date | string) => new Date(d).toISOString();

const COLUMNS = ['id', 'case_id', 'filename', 'content_type', 'size', 'uploaded_by', 'uploaded_at'] as const;

function view(r: { id: string; case_id: string | null; filename: string; content_type: string; size: number; uploaded_by: string; uploaded_at: Date | string }): AttachmentView {
  return { id: r.id, caseId: r.case_id, filename: r.filename, contentType: r.content_type, size: r.size, uploadedBy: r.uploaded_by, uploadedAt: iso(r.uploaded_at) };
}

export async function saveAttachment(
  db: Db,
  a: { caseId: string | null; filename: string; contentType: string; content: Buffer; uploadedBy: string },
  now: Date,
): Promise<AttachmentView> {
  const row = {
    id: randomUUID(),
    case_id: a.caseId,
    filename: a.filename,
    content_type: a.contentType.split(';')[0]!.trim().toLowerCase(),
    size: a.content.length,
    sha256: createHash('sha256').update(a.content).digest('hex'),
    content: a.content,
    uploaded_by: a.uploadedBy,
    uploaded_at: now,
  };
  await db.insertInto('attachments').values(row).execute();
  return view(row);
}

export async function listAttachments(db: Db, caseId: string): Promise<AttachmentView[]> {
  const rows = await db.selectFrom('attachments').select(COLUMNS).where('case_id', '=', caseId).orderBy('uploaded_at').orderBy('id').execute();
  return rows.map(view);
}

export async function getAttachment(db: Db, id: string) {
  const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...view(row), content: Buffer.from(row.content), sha256: row.sha256 } : null;
}

// Evidence for a case that has just been created: upload each held file to it.
import { api, type Attachment, type Case } from '../../lib/api/index.ts';

export interface HeldFile {
  field: string;
  file: File;
}

export interface AttachResult {
  /** attachment ids by form field */
  ids: Record<string, string[]>;
  attachments: Attachment[];
  /** names of files that could not be uploaded */
  failed: string[];
}

export async function attachEvidence(
  created: Case,
  files: HeldFile[],
  progress: (done: number, total: number) => void = () => {},
): Promise<AttachResult> {
  const ids: Record<string, string[]> = {};
  const attachments: Attachment[] = [];
  const failed: string[] = [];
  let done = 0;
  progress(done, files.length);
  for (const { field, file } of files) {
    try {
      const a = await api.upload(created.id, file);
      attachments.push(a);
      (ids[field] ??= []).push(a.id);
    } catch {
      failed.push(file.name);
    }
    progress(++done, files.length);
  }
  return { ids, attachments, failed };
}

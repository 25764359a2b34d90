// What an official typed into a form, kept in this browser per user, case and form until it is
// sent or discarded: a reload, a lost connection or a closed tab loses nothing.
import type { LeaveGuard } from '../router.svelte.ts';

const PREFIX = 'qt.draft';

/** Where a form's draft is kept: `case` is a case id, or `new:<procedure>` for a case not yet opened. */
export interface DraftPlace {
  user: string;
  case: string;
  form: string;
}

export const draftKey = (p: DraftPlace) => [PREFIX, p.user, p.case, p.form].map(encodeURIComponent).join('/');

const storage = (): Storage | undefined => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
};

/** Whether a form's data holds anything typed (empty strings, lists and objects count as nothing). */
export function hasContent(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.some(hasContent);
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).some(hasContent);
  return true;
}

export function loadDraft(p: DraftPlace): Record<string, unknown> | null {
  try {
    const raw = storage()?.getItem(draftKey(p));
    const v = raw ? (JSON.parse(raw) as unknown) : null;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Keeps `data` (or forgets the draft when nothing is typed). */
export function saveDraft(p: DraftPlace, data: Record<string, unknown>): void {
  try {
    if (hasContent(data)) storage()?.setItem(draftKey(p), JSON.stringify(data));
    else storage()?.removeItem(draftKey(p));
  } catch {
    // full or refused: kept on this page only
  }
}

export function discardDraft(p: DraftPlace): void {
  try {
    storage()?.removeItem(draftKey(p));
  } catch {
    // refused: nothing kept
  }
}

/** The forms of a case that have a draft (e.g. to reopen the one that was being filled in). */
export function draftedForms(user: string, caseRef: string): string[] {
  const s = storage();
  if (!s) return [];
  const head = `${[PREFIX, user, caseRef].map(encodeURIComponent).join('/')}/`;
  const forms: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k?.startsWith(head)) forms.push(decodeURIComponent(k.slice(head.length)));
  }
  return forms;
}

/**
 * While registered, leaving with unsent changes asks first: closing or reloading the tab
 * (beforeunload) and moving to another page of the app (the router's guard, `confirm(question)`).
 * Returns the function that stops asking.
 */
export function askBeforeLeaving(
  unsent: () => boolean,
  question: () => string,
  router: { guard(allow: LeaveGuard): () => void },
  confirmLeave: (q: string) => boolean = (q) => globalThis.confirm(q),
): () => void {
  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (unsent()) {
      e.preventDefault();
      e.returnValue = '';
    }
  };
  const unguard = router.guard(() => !unsent() || confirmLeave(question()));
  globalThis.addEventListener?.('beforeunload', beforeUnload);
  return () => {
    globalThis.removeEventListener?.('beforeunload', beforeUnload);
    unguard();
  };
}

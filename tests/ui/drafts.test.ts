import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import harmful from '../../workflows/harmful-content.json' with { type: 'json' };
import type { Procedure } from '../../engine/types.ts';
import { askBeforeLeaving, discardDraft, draftedForms, draftKey, hasContent, loadDraft, saveDraft } from '../../ui/src/lib/forms/drafts.ts';
import { problemField, problemMessage, showProblems } from '../../ui/src/lib/forms/problems.ts';
import { formToSjsf } from '../../ui/src/lib/forms/mapping.ts';
import type { LeaveGuard } from '../../ui/src/lib/router.svelte.ts';

class MemoryStorage {
  #m = new Map<string, string>();
  get length() {
    return this.#m.size;
  }
  key(i: number) {
    return [...this.#m.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.#m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.#m.set(k, v);
  }
  removeItem(k: string) {
    this.#m.delete(k);
  }
}

describe('form drafts', () => {
  beforeEach(() => {
    (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });
  const at = { user: 'u1', case: 'c1', form: 'CONFIRM' };

  it('keeps what was typed per user, case and form until discarded', () => {
    saveDraft(at, { legalBasis: 'Nghị định 147' });
    expect(loadDraft(at)).toEqual({ legalBasis: 'Nghị định 147' });
    expect(loadDraft({ ...at, user: 'u2' })).toBeNull();
    expect(loadDraft({ ...at, form: 'REJECT' })).toBeNull();
    expect(loadDraft({ ...at, case: 'c2' })).toBeNull();
    expect(draftedForms('u1', 'c1')).toEqual(['CONFIRM']);
    discardDraft(at);
    expect(loadDraft(at)).toBeNull();
    expect(draftedForms('u1', 'c1')).toEqual([]);
  });

  it('forgets a form emptied again, and names with slashes stay apart', () => {
    saveDraft(at, { a: 'x' });
    saveDraft(at, { a: '', b: [], c: { d: null } });
    expect(loadDraft(at)).toBeNull();
    const odd = { user: 'u/1', case: 'new:a/b', form: 'start' };
    saveDraft(odd, { a: 'x' });
    expect(draftKey(odd)).toBe('qt.draft/u%2F1/new%3Aa%2Fb/start');
    expect(draftedForms('u/1', 'new:a/b')).toEqual(['start']);
    expect(draftedForms('u', '1')).toEqual([]);
  });

  it('an unreadable draft is no draft', () => {
    globalThis.localStorage.setItem(draftKey(at), '{not json');
    expect(loadDraft(at)).toBeNull();
    globalThis.localStorage.setItem(draftKey(at), '[1]');
    expect(loadDraft(at)).toBeNull();
  });

  it('hasContent: only typed values count', () => {
    expect(hasContent({})).toBe(false);
    expect(hasContent({ urls: [''] })).toBe(false);
    expect(hasContent({ urls: ['https://x.vn'] })).toBe(true);
    expect(hasContent({ reach: 0 })).toBe(true);
  });

  it('leaving with unsent changes asks first, in the app and on reload', () => {
    let guard: LeaveGuard | null = null;
    const router = {
      guard(allow: LeaveGuard) {
        guard = allow;
        return () => (guard = null);
      },
    };
    const listeners = new Map<string, (e: unknown) => void>();
    const g = globalThis as unknown as Record<string, unknown>;
    g.addEventListener = (t: string, f: (e: unknown) => void) => listeners.set(t, f);
    g.removeEventListener = (t: string) => listeners.delete(t);
    let unsent = false;
    const asked: string[] = [];
    let answer = false;
    const stop = askBeforeLeaving(() => unsent, () => 'Rời trang?', router, (q) => (asked.push(q), answer));
    expect(guard!({ name: 'inbox' })).toBe(true);
    unsent = true;
    expect(guard!({ name: 'inbox' })).toBe(false);
    answer = true;
    expect(guard!({ name: 'inbox' })).toBe(true);
    expect(asked).toEqual(['Rời trang?', 'Rời trang?']);
    const ev = { defaultPrevented: false, returnValue: 'x', preventDefault() { this.defaultPrevented = true; } };
    listeners.get('beforeunload')!(ev);
    expect(ev.defaultPrevented).toBe(true);
    stop();
    expect(guard).toBeNull();
    expect(listeners.has('beforeunload')).toBe(false);
    delete g.addEventListener;
    delete g.removeEventListener;
  });
});

describe("the server's field problems", () => {
  const form = (harmful as unknown as Procedure).start.form;

  it('names the field by its label and says what is wrong in the reader\'s language', () => {
    const details = [
      { field: 'description', message: 'must NOT have fewer than 10 characters' },
      { field: 'urls', message: "must have required property 'urls'" },
    ];
    expect(showProblems(form, details, 'vi')).toEqual([
      { field: 'urls', label: 'Đường dẫn (URL) nội dung vi phạm', message: 'Bắt buộc nhập' },
      { field: 'description', label: 'Tóm tắt nội dung', message: 'Ít nhất 10 ký tự' },
    ]);
    expect(showProblems(form, details, 'en')[0]).toEqual({ field: 'urls', label: 'Link(s) to the content', message: 'Required' });
  });

  it('reads the field out of request paths and keeps messages already in words', () => {
    expect(problemField('body/data/urls/0')).toBe('urls');
    expect(problemField('/urls')).toBe('urls');
    expect(problemField(undefined)).toBeNull();
    expect(problemMessage('must match format "uri"', 'vi')).toBe('Cần một địa chỉ URL đầy đủ (https://…)');
    expect(problemMessage('Cần nêu lý do', 'vi')).toBe('Cần nêu lý do');
  });

  it('a required list is starred like any required field', () => {
    const ui = formToSjsf(form, 'vi').uiSchema as Record<string, { 'ui:options'?: { title?: string } }>;
    expect(ui.urls!['ui:options']!.title).toBe('Đường dẫn (URL) nội dung vi phạm *');
    expect(ui.accountName!['ui:options']!.title).toBe('Tên tài khoản, trang, kênh đăng tải');
  });
});

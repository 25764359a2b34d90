// The procedure open in the designer, as the server keeps it: loading it (a draft, else the last
// published version, else what the list page handed over), saving its draft, publishing it, and
// reading a procedure file into it. The page shows `notice` and `loadError`.
import { get } from 'svelte/store';
import { validateProcedure } from '../../../../engine/index.ts';
import { isApiError } from '../../lib/api/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { lang, t, txt } from '../../lib/i18n/index.ts';
import { designerApi, type ProcedureDetail } from '../../lib/designer/api.ts';
import { autoLayout } from '../../lib/designer/edit.ts';
import { DesignerEditor } from '../../lib/designer/editor.svelte.ts';
import { drawable, notDrawable, openInDesigner, readProcedureFile } from './file.ts';
import { takeOver } from './pending.ts';

export type DesignerTab = 'canvas' | 'json' | 'versions';

export interface Notice {
  kind: 'ok' | 'bad';
  text: string;
}

const tr = (key: string, values?: Record<string, string | number>) => get(t)(key, values ? { values } : undefined);

export class DesignerDocument {
  detail = $state.raw<ProcedureDetail | null>(null);
  editor = $state.raw<DesignerEditor | null>(null);
  loadError = $state('');
  busy = $state(false);
  notice = $state.raw<Notice | null>(null);

  constructor(readonly procedureKey: string) {}

  /** Loads the procedure; false when what opened is not drawable (the page shows the JSON tab). */
  async load(): Promise<boolean> {
    this.loadError = '';
    const handed = takeOver(this.procedureKey);
    try {
      this.detail = await designerApi.get(this.procedureKey);
    } catch (e) {
      if (!(handed && isApiError(e) && e.status === 404)) {
        this.loadError = (e as Error).message;
        return true;
      }
      this.detail = null;
    }
    const detail = this.detail;
    const base = handed ?? detail?.draft?.procedure ?? detail?.latest?.procedure;
    if (!base) {
      this.loadError = 'QT_NOT_FOUND';
      return true;
    }
    const opened = openInDesigner(structuredClone(base));
    let start = opened.procedure;
    // A procedure that was never placed (an imported machine) opens laid out by ELK; what is not
    // a procedure opens in the JSON tab with its problems listed.
    if (opened.needsLayout) start = await autoLayout(start, undefined, get(lang)).catch(() => start);
    const editor = new DesignerEditor(start, detail?.draft?.revision, detail?.draft?.savedAt ?? null, !handed);
    editor.published = detail?.latest?.procedure ?? null;
    this.editor = editor;
    return opened.drawable;
  }

  async save(force = false): Promise<boolean> {
    const editor = this.editor;
    if (!editor) return false;
    this.busy = true;
    this.notice = null;
    try {
      const r = await designerApi.saveDraft(this.procedureKey, editor.procedure, force ? undefined : (editor.revision ?? 0));
      editor.markSaved(r.revision, r.savedAt);
      this.notice = { kind: 'ok', text: tr('designer.toolbar.saved', { time: formatDateTime(r.savedAt, get(lang)) }) };
      return true;
    } catch (e) {
      if (isApiError(e) && e.status === 409 && !force && confirm(tr('designer.conflict'))) return this.save(true);
      this.notice = { kind: 'bad', text: isApiError(e) ? e.text(get(lang)) : (e as Error).message };
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Saves what is unsaved, then publishes it as the next version; true when published. */
  async publish(note: string): Promise<boolean> {
    const editor = this.editor;
    if (!editor) return false;
    this.busy = true;
    try {
      if (editor.dirty || editor.revision === undefined) {
        this.busy = false;
        if (!(await this.save())) return false;
        this.busy = true;
      }
      const v = await designerApi.publish(this.procedureKey, note);
      this.detail = await designerApi.get(this.procedureKey);
      editor.reset(v.procedure, undefined, null);
      editor.published = v.procedure;
      this.notice = { kind: 'ok', text: tr('designer.publish.done', { n: v.version }) };
      return true;
    } catch (e) {
      const l = get(lang);
      const text = isApiError(e) ? e.text(l) + (e.details.length ? ': ' + e.details.map((d) => (d.messages ? d.messages[l] : d.message)).join('; ') : '') : (e as Error).message;
      this.notice = { kind: 'bad', text: tr('designer.publish.failed', { error: text }) };
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Reads a procedure file into the working copy (one undoable step) and says how it went. */
  async importFile(file: File | undefined): Promise<void> {
    const editor = this.editor;
    if (!file || !editor) return;
    const r = await readProcedureFile(file);
    if (!r.ok) {
      this.notice = { kind: 'bad', text: tr('designer.json.invalid', { error: r.error }) };
      return;
    }
    if (!drawable(r.value)) {
      const bare = notDrawable(r.value);
      this.notice = { kind: 'bad', text: bare ? get(txt)(bare) : tr('designer.notProcedure') };
      return;
    }
    const value = r.value;
    const check = validateProcedure(value);
    editor.apply(() => value, { select: null });
    const n = check.errors.filter((e) => e.severity === 'error').length;
    this.notice = n ? { kind: 'bad', text: `${tr('designer.importReport')}: ${tr('designer.problems.errors', { n })}` } : { kind: 'ok', text: tr('designer.importOk') };
  }
}

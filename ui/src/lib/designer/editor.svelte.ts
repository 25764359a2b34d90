// The designer's working copy: the procedure being edited, its undo stack, the selection, the
// engine's validation of every version, and whether it differs from the saved draft.
import { validateProcedure } from '../../../../engine/index.ts';
import type { Procedure, Text, ValidationProblem } from '../../../../engine/types.ts';
import { EditError } from './edit.ts';
import { locate, sameRef, type TransitionRef } from '../diagram/graph.ts';
import { UndoStack } from './undo.ts';

export type Selection = { kind: 'state'; path: string } | { kind: 'transition'; ref: TransitionRef } | null;

export class DesignerEditor {
  procedure = $state.raw<Procedure>(null as unknown as Procedure);
  selection = $state.raw<Selection>(null);
  /** Counts the choices of a person; a selection that follows a renamed step does not count. */
  selectionSeq = $state(0);
  canUndo = $state(false);
  canRedo = $state(false);
  /** JSON of the copy last loaded or saved, to tell unsaved changes. */
  savedJson = $state('');
  revision = $state<number | undefined>(undefined);
  savedAt = $state<string | null>(null);
  /** The last published version: the codes it has (step keys, event types, role ids, field names) stay put. */
  published = $state.raw<Procedure | null>(null);
  /** The last edit the model refused, in both languages. */
  error = $state.raw<Text | null>(null);

  readonly validation = $derived(validateProcedure(this.procedure));
  readonly problems = $derived<ValidationProblem[]>(this.validation.errors);
  readonly errorCount = $derived(this.problems.filter((p) => p.severity === 'error').length);
  /** Errors and product rules: what stands between the draft and publishing. */
  readonly blockingCount = $derived(this.problems.filter((p) => p.severity !== 'warning').length);
  readonly dirty = $derived(JSON.stringify(this.procedure) !== this.savedJson);

  #stack: UndoStack<Procedure>;
  #lastCoalesce: string | null = null;

  constructor(procedure: Procedure, revision?: number, savedAt: string | null = null, saved = true) {
    this.#stack = new UndoStack(procedure);
    this.procedure = procedure;
    this.revision = revision;
    this.savedAt = savedAt;
    this.savedJson = saved ? JSON.stringify(procedure) : '';
  }

  /**
   * Applies a pure edit. Edits with the same `coalesce` key in a row (typing in one field) make
   * one undo step. A refused edit leaves everything as it was and sets `error`.
   */
  apply(fn: (p: Procedure) => Procedure, opts: { coalesce?: string; select?: Selection } = {}): boolean {
    let next: Procedure;
    try {
      next = fn(this.procedure);
    } catch (e) {
      if (e instanceof EditError) {
        this.error = e.text;
        return false;
      }
      throw e;
    }
    this.error = null;
    if (next === this.procedure) return true;
    if (opts.coalesce && opts.coalesce === this.#lastCoalesce) this.#stack.replace(next);
    else this.#stack.push(next);
    this.#lastCoalesce = opts.coalesce ?? null;
    this.procedure = next;
    if (opts.select !== undefined) this.select(opts.select);
    this.#sync();
    return true;
  }

  undo(): void {
    this.procedure = this.#stack.undo();
    this.#lastCoalesce = null;
    this.#sync();
    this.#dropStaleSelection();
  }

  redo(): void {
    this.procedure = this.#stack.redo();
    this.#lastCoalesce = null;
    this.#sync();
    this.#dropStaleSelection();
  }

  /** After a save: the current copy is the saved one. */
  markSaved(revision: number | undefined, savedAt: string | null): void {
    this.revision = revision;
    this.savedAt = savedAt;
    this.savedJson = JSON.stringify(this.procedure);
  }

  /** Starts over from a loaded copy (after publish or reload). */
  reset(procedure: Procedure, revision: number | undefined, savedAt: string | null): void {
    this.#stack.reset(procedure);
    this.procedure = procedure;
    this.selection = null;
    this.markSaved(revision, savedAt);
    this.#sync();
  }

  /** Selects; `follow`: the same thing under a new name (a step whose key followed its title). */
  select(sel: Selection, follow = false): void {
    this.selection = sel;
    if (!follow) this.selectionSeq++;
  }

  isSelectedState(path: string): boolean {
    return this.selection?.kind === 'state' && this.selection.path === path;
  }

  isSelectedTransition(ref: TransitionRef): boolean {
    return this.selection?.kind === 'transition' && sameRef(this.selection.ref, ref);
  }

  /** Selects what a validation problem points at. */
  selectProblem(problem: ValidationProblem): void {
    const at = locate(this.procedure, problem.path);
    if (at.kind === 'state') this.selection = { kind: 'state', path: at.path };
    else if (at.kind === 'transition') this.selection = { kind: 'transition', ref: at.ref };
    else this.selection = null;
    this.selectionSeq++;
  }

  #sync(): void {
    this.canUndo = this.#stack.canUndo;
    this.canRedo = this.#stack.canRedo;
  }

  #dropStaleSelection(): void {
    const s = this.selection;
    if (!s) return;
    const json = this.procedure.machine;
    if (s.kind === 'state') {
      let cur: { states?: Record<string, unknown> } | undefined = json;
      for (const k of s.path.split('.')) cur = cur?.states?.[k] as typeof cur;
      if (!cur) this.selection = null;
    }
  }
}

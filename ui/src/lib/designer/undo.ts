// Undo/redo as a stack of whole procedures: every edit is a pure function, so a step back is
// the previous value. Capped so a long session does not hold thousands of copies.
export class UndoStack<T> {
  private past: T[] = [];
  private future: T[] = [];

  constructor(
    public current: T,
    private readonly limit = 200,
  ) {}

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Records a new value; the redo branch is dropped. Same value: nothing happens. */
  push(next: T): void {
    if (next === this.current) return;
    this.past.push(this.current);
    if (this.past.length > this.limit) this.past.shift();
    this.current = next;
    this.future = [];
  }

  /** Replaces the current value without a step (e.g. a drag in progress). */
  replace(next: T): void {
    this.current = next;
  }

  undo(): T {
    return this.#move(this.past, this.future);
  }

  redo(): T {
    return this.#move(this.future, this.past);
  }

  /** Takes the value on top of `from` as the current one, the current one onto `to`. */
  #move(from: T[], to: T[]): T {
    const value = from.pop();
    if (value === undefined) return this.current;
    to.push(this.current);
    this.current = value;
    return value;
  }

  /** Starts over from a value (after loading or saving). */
  reset(value: T): void {
    this.current = value;
    this.past = [];
    this.future = [];
  }
}

// What the event path's reader and writer share: requests queue up and go to the database together,
// at most `maxInFlight` statements at a time, the requests that arrive meanwhile in the next one.

export interface BatchOptions {
  /** statements in flight at once (default 1) */
  maxInFlight?: number;
  /** requests in one statement at most (default 64) */
  maxBatch?: number;
  /** wait for the rest of this turn of the event loop, so the requests already received join the statement */
  gather?: boolean;
}

export abstract class Batches<T> {
  protected queue: T[] = [];
  protected readonly maxBatch: number;
  readonly #maxInFlight: number;
  readonly #gather: boolean;
  #inFlight = 0;
  #gathering = false;

  constructor(opts: BatchOptions) {
    this.#maxInFlight = opts.maxInFlight ?? 1;
    this.maxBatch = opts.maxBatch ?? 64;
    this.#gather = opts.gather ?? false;
  }

  /** Sends one statement for `batch`; settles each request of it. Never rejects. */
  protected abstract run(batch: T[]): Promise<void>;

  /** The next statement's requests, taken off the queue. */
  protected take(): T[] {
    return this.queue.splice(0, this.maxBatch);
  }

  protected enqueue(request: T): void {
    this.queue.push(request);
    if (!this.#gather) return this.#pump();
    if (this.#gathering) return;
    this.#gathering = true;
    setImmediate(() => {
      this.#gathering = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.queue.length) {
      const batch = this.take();
      this.#inFlight++;
      void this.run(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }
}

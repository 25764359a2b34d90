// A job the server runs in the background, now and then every so often (timers that fell due, the
// clean-up): one run at a time in a process, a failed run logged and retried at the next tick.
export class BackgroundJob<R, A extends unknown[] = []> {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<R> | null = null;

  constructor(
    private readonly name: string,
    private readonly job: (...args: A) => Promise<R>,
    private readonly log: (msg: string, err?: unknown) => void,
  ) {}

  /** Runs the job now, or joins the run in progress. */
  run(...args: A): Promise<R> {
    if (!this.#running) this.#running = this.job(...args).finally(() => (this.#running = null));
    return this.#running;
  }

  /** Runs now and then every `intervalMs`. */
  start(intervalMs: number, ...args: A): void {
    if (this.#timer) return;
    const tick = () => this.run(...args).catch((err) => this.log(`${this.name}: a run failed; the next tick retries`, err));
    void tick();
    this.#timer = setInterval(tick, intervalMs);
    this.#timer.unref();
  }

  /** Stops the ticks and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => {});
  }
}

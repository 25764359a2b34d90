// Time is handed in, never read from the wall inside the server's logic: tests move it.
import { addDuration } from '../engine/index.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move: `advance('P3D')`. */
export class TestClock implements Clock {
  #now: Date;
  constructor(start: Date | string = '2026-01-05T02:00:00.000Z') {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now.getTime());
  }
  /** Moves forward by an ISO 8601 duration or a number of milliseconds. */
  advance(by: string | number): Date {
    this.#now = typeof by === 'number' ? new Date(this.#now.getTime() + by) : addDuration(this.#now, by);
    return this.now();
  }
  set(to: Date | string): void {
    this.#now = new Date(to);
  }
}

// A clock for "time left" texts: ticks every 30 s while something reads it.
import { createSubscriber } from 'svelte/reactivity';

class Now {
  #subscribe = createSubscriber((update) => {
    const id = setInterval(update, 30_000);
    return () => clearInterval(id);
  });

  get ms(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const now = new Now();

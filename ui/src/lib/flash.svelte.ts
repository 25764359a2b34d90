// A message that outlives a navigation: "Case HC-… created" shown on the page we go to.
export interface FlashMessage {
  kind: 'ok' | 'warn' | 'error';
  text: string;
}

class Flash {
  message = $state<FlashMessage | null>(null);

  set(m: FlashMessage): void {
    this.message = m;
  }

  /** Takes the message once. */
  take(): FlashMessage | null {
    const m = this.message;
    this.message = null;
    return m;
  }
}

export const flash = new Flash();

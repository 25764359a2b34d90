// A message that outlives a navigation: "Case HC-… created" shown on the page we go to.
import type { Text } from './api/types.ts';

/** A message kept as an i18n key, so it follows a change of language. */
export interface FlashMessage {
  kind: 'ok' | 'warn' | 'error';
  key: string;
  values?: Record<string, string | number>;
  /** a procedure text passed as the {action} value */
  action?: Text;
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

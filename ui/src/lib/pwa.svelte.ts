// The installable app shell: the service worker (built by vite-plugin-pwa, workbox) keeps the
// shell so a second visit starts without the network, and the last answers of the few reads an
// official needs to see their work (GET /api/me, cases, procedures, notifications) so that, offline,
// the app shows what it last loaded, read-only. It never replays a write: a form sent offline
// fails and stays filled. A new version waits until the user reloads (never old scripts with a
// new API mid-page).
import { registerSW } from 'virtual:pwa-register';

/** The cache of API answers (vite.config.ts): emptied at sign-out, a shared computer keeps nothing. */
export const API_CACHE = 'qt-api';

class Pwa {
  /** The browser says it has no network. */
  offline = $state(typeof navigator !== 'undefined' && navigator.onLine === false);
  /** A new version is installed and waits for a reload. */
  updateReady = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  start(): void {
    addEventListener('online', () => (this.offline = false));
    addEventListener('offline', () => (this.offline = true));
    if (!('serviceWorker' in navigator)) return;
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.updateReady = true),
    });
  }

  /** Activates the waiting version and reloads the page with it. */
  async reload(): Promise<void> {
    if (this.#update) await this.#update(true);
    else location.reload();
  }

  /** Forgets the API answers kept for offline reading (sign-out). */
  async forget(): Promise<void> {
    if (typeof caches !== 'undefined') await caches.delete(API_CACHE).catch(() => false);
  }
}

export const pwa = new Pwa();

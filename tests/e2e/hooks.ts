// A test file's server and browser: started once before its tests, closed after them with the
// officials' browser contexts it signed in.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type Official, type RunningServer } from './harness.ts';

export function useServerAndBrowser(started: (server: RunningServer, browser: Browser) => void | Promise<void>, officials: () => (Official | undefined)[]): void {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await started(server, browser);
  });
  afterAll(async () => {
    for (const o of officials()) await o?.context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });
}

/** A designer test file's server, browser and signed-in administrator, with the panels it reads. */
export interface DesignerSession {
  server: RunningServer;
  browser: Browser;
  admin: Official;
  /** the administrator's page */
  page: Page;
  /** a step on the canvas, by its key */
  node: (id: string) => Locator;
  /** the side panel of what is selected */
  side: () => Locator;
  problems: () => Locator;
}

/**
 * Starts the server and the browser before the file's tests and signs the administrator in at
 * `viewport`; with `acceptDialogs`, the unsaved-changes question is answered yes. The fields are
 * set once the file's tests run; the locator helpers may be taken apart at once.
 */
export function designerSession(opts: { viewport?: { width: number; height: number }; acceptDialogs?: boolean } = {}): DesignerSession {
  const s = {
    node: (id: string) => s.page.locator(`.svelte-flow__node[data-id="${id}"]`),
    side: () => s.page.locator('aside.side'),
    problems: () => s.page.locator('section.problems'),
  } as DesignerSession;
  useServerAndBrowser(
    async (server, browser) => {
      s.server = server;
      s.browser = browser;
      s.admin = await signIn(browser, server.url, 'admin', opts.viewport ?? { width: 1440, height: 900 });
      s.page = s.admin.page;
      if (opts.acceptDialogs) {
        s.page.removeAllListeners('dialog');
        s.page.on('dialog', (d) => void d.accept());
      }
    },
    () => [s.admin],
  );
  return s;
}

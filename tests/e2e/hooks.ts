// A test file's server and browser: started once before its tests, closed after them with the
// officials' browser contexts it signed in.
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer, type Official, type RunningServer } from './harness.ts';

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

// The signed-in official's own settings and limits (GET /api/me/settings), asked once per page load.
import { api, type MySettings } from './api/index.ts';

let pending: Promise<MySettings> | null = null;

export function mySettings(): Promise<MySettings> {
  pending ??= api.mySettings().catch((e: unknown) => {
    pending = null; // asked again next time (offline, signed out)
    throw e;
  });
  return pending;
}

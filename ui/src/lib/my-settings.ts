// The signed-in official's own settings and limits (GET /api/me/settings), asked once per page load.
import { api, type MySettings, type MySettingsBody } from './api/index.ts';

let pending: Promise<MySettings> | null = null;

export function mySettings(): Promise<MySettings> {
  pending ??= api.mySettings().catch((e: unknown) => {
    pending = null; // asked again next time (offline, signed out)
    throw e;
  });
  return pending;
}

export async function saveMySettings(change: MySettingsBody): Promise<MySettings> {
  const s = await api.updateMySettings(change);
  pending = Promise.resolve(s);
  return s;
}

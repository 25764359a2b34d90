// QUYTRINH_TRUST_PROXY names the proxies whose X-Forwarded-For/-Proto are believed. Trusting
// every address would let any client forge its address (past the login limits, into the audit log).
import { isIP } from 'node:net';
import type { Text } from '../engine/index.ts';

/** proxy-addr's names for address ranges, usable in the list as they are. */
const RANGES = ['loopback', 'linklocal', 'uniquelocal'];

export type ProxySetting = { ok: true; proxies: string[] } | { ok: false; message: Text };

function isAddressOrRange(entry: string): boolean {
  if (RANGES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The proxies to trust from the setting's value; empty: none (the connection's address is the client's). */
export function trustedProxies(value: string | undefined): ProxySetting {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const wrong = entries.filter((e) => !isAddressOrRange(e));
  if (!wrong.length) return { ok: true, proxies: entries };
  const everyone = /^(1|true|yes|on|\*)$/i.test((value ?? '').trim());
  return {
    ok: false,
    message: {
      vi:
        `QUYTRINH_TRUST_PROXY="${value}" không hợp lệ: ` +
        (everyone ? 'tin mọi địa chỉ sẽ cho bất kỳ ai giả mạo địa chỉ của mình. ' : `"${wrong[0]}" không phải địa chỉ IP hay dải CIDR. `) +
        'Hãy ghi địa chỉ của proxy được tin, cách nhau bằng dấu phẩy, ví dụ QUYTRINH_TRUST_PROXY=10.0.0.5,10.0.1.0/24 (hoặc loopback cho proxy chạy trên cùng máy); máy chủ chưa khởi động.',
      en:
        `QUYTRINH_TRUST_PROXY="${value}" is not valid: ` +
        (everyone ? 'trusting every address would let anyone forge their address. ' : `"${wrong[0]}" is not an IP address or CIDR range. `) +
        'Write the addresses of the proxies to trust, comma-separated, e.g. QUYTRINH_TRUST_PROXY=10.0.0.5,10.0.1.0/24 (or loopback for a proxy on the same machine); the server was not started.',
    },
  };
}

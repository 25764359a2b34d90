// The `webhook` service: POST {case, event, input} as JSON to input.url, signed. Only to URLs
// under a prefix of QUYTRINH_WEBHOOK_ALLOW (nothing by default); redirects are not followed
// (node:http never follows them); an address that is private, loopback or link-local is refused
// unless the allowed prefix names that very host — checked on the address actually connected
// to (the lookup below), so a name that resolves elsewhere later cannot slip through.
import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { serviceError, ServiceErrorCode as Code } from '../../engine/index.ts';
import type { AutomationSettings, ServiceCall, ServiceOutcome, ServiceRunner } from './types.ts';

/** Whether an address is one a webhook may reach only when its host is allowed by name. */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() !== 'unicast';
}

/** The allowed prefix the URL falls under, if any (`https://` alone allows every public https address). */
export function allowedPrefix(url: string, allow: string[]): string | null {
  return allow.find((p) => p && url.startsWith(p)) ?? null;
}

/** Whether the prefix names the URL's host itself (then a private address of it is allowed). */
function namesHost(prefix: string, url: URL): boolean {
  try {
    const p = new URL(prefix);
    return p.host !== '' && p.hostname === url.hostname && prefix.length > `${p.protocol}//`.length;
  } catch {
    return false;
  }
}

/** X-Quytrinh-Signature: sha256=HMAC-SHA256 of "<timestamp>.<body>" with the secret (hex). */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

class Refused extends Error {
  constructor(readonly host: string, message: string) {
    super(message);
  }
}

export function webhookRunner(settings: Pick<AutomationSettings, 'webhookAllow' | 'webhookSecret'>): ServiceRunner {
  return async (call: ServiceCall, signal: AbortSignal): Promise<ServiceOutcome> => {
    const raw = String(call.input.url ?? '');
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, error: serviceError(Code.BadUrl, `not a URL: ${raw.slice(0, 200)}`, { url: raw.slice(0, 200) }), retry: false };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, error: serviceError(Code.BadUrl, `only http and https URLs are called: ${url.protocol}`, { url: url.href.slice(0, 200) }), retry: false };
    const prefix = allowedPrefix(url.href, settings.webhookAllow);
    if (!prefix) return { ok: false, error: serviceError(Code.UrlNotAllowed, `the URL is not under a prefix of QUYTRINH_WEBHOOK_ALLOW: ${url.origin}`, { origin: url.origin }), retry: false };
    const privateOk = settings.webhookAllow.some((p) => p && url.href.startsWith(p) && namesHost(p, url));
    // an address in the URL is connected to without a lookup: checked here
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && isPrivateAddress(literal) && !privateOk) {
      return { ok: false, error: serviceError(Code.PrivateAddress, `${literal} is a private or loopback address not listed in QUYTRINH_WEBHOOK_ALLOW`, { host: literal }), retry: false };
    }
    const timestamp = String(Math.floor(call.now.getTime() / 1000));
    const body = JSON.stringify({
      case: call.case && { id: call.case.id, number: call.case.number, procedure: call.case.procedure, state: call.case.state, data: call.case.data },
      event: { type: call.event.type, at: call.event.at, step: call.invoke, call: call.id, attempt: call.attempt },
      input: call.input.payload ?? {},
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'idempotency-key': call.id,
      'x-quytrinh-timestamp': timestamp,
      'user-agent': 'quytrinh',
    };
    if (settings.webhookSecret) headers['x-quytrinh-signature'] = signature(settings.webhookSecret, timestamp, body);
    // the address connected to is checked, not only the name
    const lookup = (host: string, opts: object, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(host, { ...opts, all: true }, (err, addresses) => {
        if (err) return cb(err, []);
        const bad = addresses.find((a) => isPrivateAddress(a.address));
        if (bad && !privateOk) return cb(new Refused(url.hostname, `${url.hostname} is a private or loopback address (${bad.address}) not listed in QUYTRINH_WEBHOOK_ALLOW`), []);
        if ((opts as { all?: boolean }).all) return cb(null, addresses);
        cb(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers, lookup: lookup as never, signal }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
      if (status >= 200 && status < 300) return { ok: true, result: { status } };
      if (status >= 300 && status < 400) return { ok: false, error: serviceError(Code.Redirect, `HTTP ${status}: redirects are not followed`, { status }), retry: false };
      return { ok: false, error: serviceError(Code.HttpStatus, `HTTP ${status}`, { status }), retry: true };
    } catch (err) {
      if (err instanceof Refused) return { ok: false, error: serviceError(Code.PrivateAddress, err.message, { host: err.host }), retry: false };
      return { ok: false, error: serviceError(Code.Unreachable, (err as Error).message, { host: url.host }), retry: true };
    }
  };
}

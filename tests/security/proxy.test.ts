// Behind a proxy: only the proxies named in QUYTRINH_TRUST_PROXY are believed about the client's
// address and scheme — a client that writes X-Forwarded-For itself neither passes the login limit
// nor forges the address in the audit log — and the CSP asks browsers to upgrade to https only
// when the page came over https.
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { trustedProxies } from '../../server/trust-proxy.ts';
import { dbLabel, makeApp, PASSWORD, useTestApp } from '../server/helpers.ts';

const PROXY = '10.0.0.1';

describe('QUYTRINH_TRUST_PROXY', () => {
  it('takes proxy addresses and ranges, and refuses "trust everyone" saying what to write instead', () => {
    expect(trustedProxies(undefined)).toEqual({ ok: true, proxies: [] });
    expect(trustedProxies('')).toEqual({ ok: true, proxies: [] });
    expect(trustedProxies('10.0.0.5, 10.0.1.0/24,loopback,fd00::/8')).toEqual({ ok: true, proxies: ['10.0.0.5', '10.0.1.0/24', 'loopback', 'fd00::/8'] });
    for (const everyone of ['1', 'true', 'TRUE', '*']) {
      const r = trustedProxies(everyone);
      expect(r.ok, everyone).toBe(false);
      if (r.ok) continue;
      expect(r.message.en).toContain(`QUYTRINH_TRUST_PROXY="${everyone}" is not valid: trusting every address would let anyone forge their address.`);
      expect(r.message.en).toContain('e.g. QUYTRINH_TRUST_PROXY=10.0.0.5,10.0.1.0/24');
      expect(r.message.vi).toContain('tin mọi địa chỉ sẽ cho bất kỳ ai giả mạo địa chỉ của mình');
    }
    for (const wrong of ['10.0.0.300', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/2']) {
      const r = trustedProxies(`10.0.0.5,${wrong}`);
      expect(r.ok, wrong).toBe(false);
      if (!r.ok) expect(r.message.en).toContain(`"${wrong}" is not an IP address or CIDR range.`);
    }
  });
});

describe(`requests through a proxy on ${dbLabel}`, () => {
  const t = useTestApp({ login: false });

  const signIn = (app: FastifyInstance, from: string, headers: Record<string, string>, password = PASSWORD) =>
    app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: from, headers, payload: { username: 'monitor', password } });
  const lastSignIn = async () =>
    (await t.store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', 'auth.%').orderBy('seq', 'desc').executeTakeFirstOrThrow()).detail;

  it('believes X-Forwarded-For and -Proto from a trusted proxy only', async () => {
    const app = await makeApp(t.store, t.clock, { trustProxy: [PROXY] });
    const forwarded = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' };

    const direct = await signIn(app, '198.51.100.9', forwarded);
    expect(direct.statusCode).toBe(200);
    expect(await lastSignIn()).toEqual({ ip: '198.51.100.9' });
    expect(direct.cookies.find((c) => c.name === 'qt_session')!.secure).toBeFalsy();
    expect(String(direct.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');

    const proxied = await signIn(app, PROXY, forwarded);
    expect(proxied.statusCode).toBe(200);
    expect(await lastSignIn()).toEqual({ ip: '203.0.113.7' });
    expect(proxied.cookies.find((c) => c.name === 'qt_session')!.secure).toBe(true);
    expect(String(proxied.headers['content-security-policy'])).toContain('upgrade-insecure-requests');

    // through the proxy over plain http: no Secure cookie, no upgrade
    const plain = await signIn(app, PROXY, { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'http' });
    expect(plain.cookies.find((c) => c.name === 'qt_session')!.secure).toBeFalsy();
    expect(String(plain.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    await app.close();
  });

  it('keeps counting sign-in attempts of a client that makes up a new X-Forwarded-For each time', async () => {
    const app = await makeApp(t.store, t.clock, { trustProxy: [PROXY], loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await signIn(app, '198.51.100.9', { 'x-forwarded-for': `203.0.113.${i}` }, 'sai-mật-khẩu')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    await app.close();
  });
});

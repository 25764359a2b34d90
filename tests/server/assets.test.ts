// What a phone on a slow network is sent: assets precompressed and cached for good (their names
// carry a hash of their content), the page itself asked for again, API answers compressed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { dbLabel, useTestApp } from './helpers.ts';

// a built UI as the build writes it: the script, and its brotli and gzip copies beside it
const ui = mkdtempSync(join(tmpdir(), 'qt-ui-'));
const script = Buffer.from(`console.log(${JSON.stringify('quy trình '.repeat(400))});\n`);
mkdirSync(join(ui, 'assets'));
writeFileSync(join(ui, 'index.html'), '<!doctype html><title>quytrinh</title><script type="module" src="/assets/index-Ab12Cd.js"></script>');
writeFileSync(join(ui, 'assets/index-Ab12Cd.js'), script);
writeFileSync(join(ui, 'assets/index-Ab12Cd.js.br'), brotliCompressSync(script));
writeFileSync(join(ui, 'assets/index-Ab12Cd.js.gz'), gzipSync(script));
// under the build's 1 KB threshold: no compressed copies
writeFileSync(join(ui, 'assets/small-Ef34.css'), 'body{margin:0}');

describe(`assets and answers for slow networks on ${dbLabel}`, () => {
  const t = useTestApp({ app: { uiDir: ui } });
  afterAll(() => rmSync(ui, { recursive: true, force: true }));

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('sends a hashed asset precompressed by Accept-Encoding, cached for a year and immutable', async () => {
    const br = await get('/assets/index-Ab12Cd.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect([br.statusCode, br.headers['content-encoding'], br.headers['cache-control']]).toEqual([200, 'br', 'public, max-age=31536000, immutable']);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload)).toEqual(script);
    expect(br.rawPayload.length).toBeLessThan(script.length / 4);

    const gz = await get('/assets/index-Ab12Cd.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload)).toEqual(script);

    const plain = await get('/assets/index-Ab12Cd.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload).toEqual(script);

    // a file without copies is still sent whole, compressed on the way or not
    const small = await get('/assets/small-Ef34.css', { 'accept-encoding': 'gzip, deflate, br' });
    const encoding = small.headers['content-encoding'];
    const body = encoding === 'br' ? brotliDecompressSync(small.rawPayload) : encoding === 'gzip' ? gunzipSync(small.rawPayload) : small.rawPayload;
    expect([small.statusCode, body.toString()]).toEqual([200, 'body{margin:0}']);
  });

  it('asks for the page itself again, at its address and at a client route', async () => {
    for (const url of ['/', '/cases/3f0c1f0e-0000-4000-8000-000000000000']) {
      const page = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
      expect([page.statusCode, page.headers['cache-control']], url).toEqual([200, 'no-cache']);
      expect(page.body).toContain('/assets/index-Ab12Cd.js');
    }
  });

  it('compresses API answers over 1 KB for clients that ask, and only for them', async () => {
    const headers = { cookie: t.cookies.lead };
    const plain = await get('/api/procedures/mini', headers);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const gz = await get('/api/procedures/mini', { ...headers, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
    const br = await get('/api/procedures/mini', { ...headers, 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
    const small = await get('/api/health', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

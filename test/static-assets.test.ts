/**
 * The dashboard's files as the server sends them: precompressed copies picked by
 * Accept-Encoding (with Vary), a year of immutable caching for hashed assets, no-cache for
 * the page, and the bundle split so the first page does not carry the reports and charts.
 */
import { request } from 'node:http';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedCodings } from '../src/http/static-assets.ts';
import { buildDashboard } from './support/browser.ts';
import { startHarness, type Harness } from './support/harness.ts';

const DIST = join(import.meta.dirname, '../web/dist');

/** A raw GET (fetch would ask for and undo the compression itself). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static dashboard files', () => {
  let h: Harness | undefined;
  let html = '';
  beforeAll(async () => {
    buildDashboard();
    h = await startHarness('sqlite');
    if (h) html = (await get(`${h.netreach.url}/`)).body.toString('utf8');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('sends the page with no-cache, and the entry script compressed by the best coding the browser accepts', async () => {
    if (!h) throw new Error('not started');
    const page = await get(`${h.netreach.url}/`);
    expect(page.headers['cache-control']).toBe('no-cache');
    const entry = /<script type="module" crossorigin src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const url = `${h.netreach.url}${entry}`;
    const plain = await get(url, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    // Brotli refused by weight: gzip.
    expect((await get(url, { 'accept-encoding': 'br;q=0, gzip;q=0.5' })).headers['content-encoding']).toBe('gzip');

    const css = /href="(\/assets\/index-[\w-]+\.css)"/.exec(html)?.[1];
    const style = await get(`${h.netreach.url}${css}`, { 'accept-encoding': 'br' });
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(style.headers['content-encoding']).toBe('br');
  });

  it('answers 404 for names that are not a built file, and never hands out the compressed copies by name', async () => {
    if (!h) throw new Error('not started');
    const brCopy = readdirSync(join(DIST, 'assets')).find((f) => f.endsWith('.js.br'));
    expect(brCopy).toBeDefined();
    for (const path of ['/assets/nope-123.js', `/assets/${brCopy}`, '/assets/..%2Findex.html', '/assets/%2e%2e%2fpackage.json']) {
      expect((await get(`${h.netreach.url}${path}`)).status, path).toBe(404);
    }
  });

  it('loads the reports page and its charts only when opened: the first page names no chunk of theirs', () => {
    const files = readdirSync(join(DIST, 'assets'));
    const reports = files.find((f) => /^reports-page-[\w-]+\.js$/.test(f));
    expect(reports).toBeDefined();
    const entry = files.find((f) => /^index-[\w-]+\.js$/.test(f));
    expect(html).toContain(`/assets/${entry}`);
    expect(html).not.toContain('reports-page');
    expect(html).not.toMatch(/modulepreload[^>]+reports/);
  });

  it('reads Accept-Encoding as RFC 9110 does', () => {
    expect([...acceptedCodings('gzip, deflate, br')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedCodings('br;q=0, *')]).toEqual(['gzip']);
    expect([...acceptedCodings('identity')]).toEqual([]);
    expect([...acceptedCodings(undefined)]).toEqual([]);
    expect([...acceptedCodings('GZIP;q=0.8')]).toEqual(['gzip']);
  });
});

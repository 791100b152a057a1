/**
 * The dashboard's built files, sent precompressed: web/precompress.ts writes `.br` and
 * `.gz` copies at build time, and each request gets the best its Accept-Encoding allows
 * (Brotli, then gzip, then the file as it is), with `Vary: Accept-Encoding` so caches keep
 * them apart. Files under assets/ carry a content hash in their names and never change:
 * they are cached for a year, `immutable`.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Context } from 'hono';

/** Cache-Control of files whose names carry a content hash (Vite's assets/). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Codings in the order of preference, with the suffix of their precompressed copy. */
const CODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
type Coding = (typeof CODINGS)[number]['name'];

/** The codings an Accept-Encoding header allows (q > 0; `*` allows the ones not named). */
export function acceptedCodings(header: string | undefined): Set<Coding> {
  const named = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    if (token === '') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    named.set(token, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const wildcard = named.get('*') ?? 0;
  return new Set(CODINGS.map((c) => c.name).filter((name) => (named.get(name) ?? wildcard) > 0));
}

/** A file name as Vite writes them: no folders, no dots leading, nothing to climb out with. */
const SAFE_NAME = /^[\w-][\w.-]*$/;

interface Variants {
  type: string;
  identity: Uint8Array;
  encoded: Partial<Record<Coding, Uint8Array>>;
}

/**
 * A handler for the files of one folder (`/prefix/<name>`), with the given Cache-Control.
 * Files are read once and kept: hashed names never change, and the whole build is a few
 * hundred kilobytes per coding.
 */
export function serveBuiltFiles(folder: string, cacheControl: string): (c: Context) => Promise<Response> {
  const cache = new Map<string, Promise<Variants | undefined>>();
  const load = async (name: string): Promise<Variants | undefined> => {
    const path = join(folder, name);
    const identity = await readFile(path).catch(() => undefined);
    if (!identity) return undefined;
    const encoded: Variants['encoded'] = {};
    for (const coding of CODINGS) {
      const bytes = await readFile(`${path}${coding.suffix}`).catch(() => undefined);
      if (bytes) encoded[coding.name] = bytes;
    }
    return { type: TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream', identity, encoded };
  };
  return async (c) => {
    const name = decodeURIComponent(c.req.path.slice(c.req.path.lastIndexOf('/') + 1));
    if (!SAFE_NAME.test(name) || /\.(br|gz)$/.test(name)) return c.json({ error: 'not found' }, 404);
    let entry = cache.get(name);
    if (!entry) {
      entry = load(name);
      cache.set(name, entry);
    }
    const file = await entry;
    if (!file) {
      // A missing file is not remembered: a build may still be writing it.
      cache.delete(name);
      return c.json({ error: 'not found' }, 404);
    }
    const accepted = acceptedCodings(c.req.header('accept-encoding'));
    const coding = CODINGS.find((x) => accepted.has(x.name) && file.encoded[x.name]);
    const body = coding ? (file.encoded[coding.name] as Uint8Array) : file.identity;
    const headers: Record<string, string> = { 'content-type': file.type, 'cache-control': cacheControl, 'content-length': String(body.byteLength), 'x-content-type-options': 'nosniff' };
    if (Object.keys(file.encoded).length > 0) headers.vary = 'Accept-Encoding';
    if (coding) headers['content-encoding'] = coding.name;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, headers);
  };
}

import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';

/** Headers a reverse proxy adds: a request carrying one came from beyond the proxy, whatever its socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/** True for 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

/** The peer's address from the Node server's socket; undefined when the app runs without one. */
function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

function sameToken(given: string, expected: Buffer): boolean {
  const a = Buffer.from(given);
  return a.length === expected.length && timingSafeEqual(a, expected);
}

/**
 * Who may read `/metrics`. With a `token`, only a request with `Authorization: Bearer TOKEN`
 * (anything else: 401). Without one, only a direct connection from loopback, not forwarded
 * by a proxy on the same machine (anything else: 404, as if there were no such page).
 *
 * @example app.get('/metrics', metricsAccess({ token: config.metricsToken }), handler)
 */
export function metricsAccess(options: { token: string | undefined }): MiddlewareHandler {
  const expected = options.token === undefined ? undefined : Buffer.from(options.token);
  if (expected !== undefined) {
    return async (c, next) => {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '');
      if (!match?.[1] || !sameToken(match[1], expected)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        return c.json({ error: 'unauthorised' }, 401);
      }
      await next();
    };
  }
  return async (c, next) => {
    const forwarded = FORWARDING_HEADERS.some((name) => c.req.header(name) !== undefined);
    if (forwarded || !isLoopback(peerAddress(c))) return c.json({ error: 'not found' }, 404);
    await next();
  };
}

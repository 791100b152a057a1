import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The address a request came from, for throttling only (it is never stored or logged):
 * behind a trusted reverse proxy the last `X-Forwarded-For` entry (the one the proxy
 * appended; earlier ones are whatever the client sent), else the socket's peer. `unknown`
 * when neither is there (requests made in-process).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

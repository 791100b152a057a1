import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { isLoopback, metricsAccess } from './metrics-access.ts';

describe('metrics access', () => {
  it('knows loopback addresses, IPv4-mapped too, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address)).toBe(true);
    for (const address of [undefined, '', '10.0.0.1', '192.0.2.2', '::ffff:10.0.0.1', 'fd00::2', '127.0.0.1.evil', '::2']) expect(isLoopback(address)).toBe(false);
  });

  it('refuses a request it cannot place (no socket) without a token', async () => {
    const app = new Hono().get('/metrics', metricsAccess({ token: undefined }), (c) => c.text('metrics'));
    expect((await app.request('/metrics')).status).toBe(404);
  });
});

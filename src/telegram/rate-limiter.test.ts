import { describe, expect, it } from 'vitest';
import { createRateLimiter, TELEGRAM_LIMITS } from './rate-limiter.ts';

describe('rate limiter', () => {
  it('lets a short burst into a private chat, then about one message a second', () => {
    let now = 0;
    const limiter = createRateLimiter('telegram', () => now);
    expect([limiter.reserve(42), limiter.reserve(42), limiter.reserve(42)]).toEqual([0, 0, 0]);
    const wait = limiter.reserve(42);
    expect(wait).toBeGreaterThan(900);
    expect(wait).toBeLessThanOrEqual(1000);
    now += wait;
    expect(limiter.reserve(42)).toBe(0);
    // Another chat is not slowed by the first.
    expect(limiter.reserve(43)).toBe(0);
  });

  it('keeps a group to 20 messages a minute', () => {
    let now = 0;
    const limiter = createRateLimiter('telegram', () => now);
    let sent = 0;
    for (let second = 0; second < 60; second++, now += 1000) {
      while (limiter.reserve(-100) === 0) sent++;
    }
    expect(sent).toBeGreaterThanOrEqual(TELEGRAM_LIMITS.groupPerMinute);
    expect(sent).toBeLessThanOrEqual(TELEGRAM_LIMITS.groupPerMinute * 2);
  });

  it('keeps everything to about 30 messages a second overall', () => {
    const limiter = createRateLimiter('telegram', () => 0);
    let sent = 0;
    for (let chat = 1; chat <= 100; chat++) if (limiter.reserve(chat) === 0) sent++;
    expect(sent).toBe(TELEGRAM_LIMITS.globalPerSecond);
  });

  it('honours a 429 pause even with limits off', () => {
    let now = 0;
    const limiter = createRateLimiter('off', () => now);
    expect(limiter.reserve(7)).toBe(0);
    limiter.pause(7, 5000);
    expect(limiter.reserve(7)).toBe(5000);
    now = 5000;
    expect(limiter.reserve(7)).toBe(0);
  });
});

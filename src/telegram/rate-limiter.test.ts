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

  it('keeps a group to 20 messages in any minute (a sliding window), and says when the next may go', () => {
    let now = 0;
    const limiter = createRateLimiter('telegram', () => now);
    const sentAt: number[] = [];
    for (; now < 5 * 60_000; now += 250) {
      while (limiter.reserve(-100) === 0) sentAt.push(now);
    }
    // Every 60 s window holds at most 20 sends, and the limiter does not waste the budget.
    for (const start of sentAt) expect(sentAt.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(TELEGRAM_LIMITS.groupPerMinute);
    expect(sentAt.length).toBeGreaterThanOrEqual(TELEGRAM_LIMITS.groupPerMinute * 5);
    now = sentAt.at(-1) ?? 0;
    // (A little slack on top: Telegram counts a call when it arrives.)
    const wait = limiter.reserve(-100);
    expect(wait).toBeGreaterThanOrEqual((sentAt.at(-20) ?? 0) + 60_000 - now);
    expect(wait).toBeLessThanOrEqual((sentAt.at(-20) ?? 0) + 61_000 - now);
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

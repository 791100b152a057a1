/** Telegram's published limits: ~1 message/s per private chat, 20/min per group, ~30/s overall. */
export const TELEGRAM_LIMITS = { privatePerSecond: 1, groupPerMinute: 20, globalPerSecond: 30 } as const;

/** Decides when the next call to a chat may go. */
export interface RateLimiter {
  /** Milliseconds to wait before a call to `chatId`; 0 means it may go now (and is counted). */
  reserve(chatId: number): number;
  /** Telegram said 429: nothing goes to `chatId` before `until` (ms). */
  pause(chatId: number, until: number): void;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * Token buckets per chat and one global bucket. With `mode: 'off'` only Telegram's own 429
 * answers slow a chat down (for benchmarks against the emulator).
 */
export function createRateLimiter(mode: 'telegram' | 'off', now: () => number): RateLimiter {
  const buckets = new Map<number, Bucket>();
  const paused = new Map<number, number>();
  const global: Bucket = { tokens: TELEGRAM_LIMITS.globalPerSecond, updated: now() };

  const refill = (bucket: Bucket, capacity: number, perMs: number, t: number) => {
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.updated) * perMs);
    bucket.updated = t;
  };

  return {
    reserve(chatId) {
      const t = now();
      const until = paused.get(chatId);
      if (until !== undefined) {
        if (until > t) return until - t;
        paused.delete(chatId);
      }
      if (mode === 'off') return 0;
      // Groups have negative ids; a burst of 3 keeps a conversation natural in private chats.
      const [capacity, perMs] =
        chatId < 0
          ? [TELEGRAM_LIMITS.groupPerMinute, TELEGRAM_LIMITS.groupPerMinute / 60_000]
          : [3, TELEGRAM_LIMITS.privatePerSecond / 1000];
      let bucket = buckets.get(chatId);
      if (!bucket) {
        bucket = { tokens: capacity, updated: t };
        buckets.set(chatId, bucket);
      }
      refill(bucket, capacity, perMs, t);
      refill(global, TELEGRAM_LIMITS.globalPerSecond, TELEGRAM_LIMITS.globalPerSecond / 1000, t);
      if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / perMs);
      if (global.tokens < 1) return Math.ceil((1 - global.tokens) / (TELEGRAM_LIMITS.globalPerSecond / 1000));
      bucket.tokens -= 1;
      global.tokens -= 1;
      if (buckets.size > 10_000) {
        for (const [id, b] of buckets) if (b.tokens >= (id < 0 ? TELEGRAM_LIMITS.groupPerMinute : 3)) buckets.delete(id);
      }
      return 0;
    },
    pause(chatId, until) {
      paused.set(chatId, Math.max(until, paused.get(chatId) ?? 0));
    },
  };
}

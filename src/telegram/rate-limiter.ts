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

/** A private chat takes a short burst, then about one message a second. */
const PRIVATE_BURST = 3;

/**
 * A token bucket per private chat (a burst of 3, then ~1/s), and sliding windows per group
 * (at most 20 in any minute) and overall (at most 30 in any second): the safe reading of
 * Telegram's limits, so a burst never earns a 429. With `mode: 'off'` only Telegram's own
 * 429 answers slow a chat down (for benchmarks against the emulator).
 */
export function createRateLimiter(mode: 'telegram' | 'off', now: () => number): RateLimiter {
  const buckets = new Map<number, Bucket>();
  const windows = new Map<number, number[]>();
  const global: number[] = [];
  const paused = new Map<number, number>();
  const perMs = TELEGRAM_LIMITS.privatePerSecond / 1000;
  // A call is counted when it leaves; Telegram counts it when it arrives, a little later.
  // Windows are kept this much longer, so calls bunched by latency never look like too many.
  const SLACK_MS = 150;
  const prune = (stamps: number[], ms: number, t: number) => {
    let drop = 0;
    while (drop < stamps.length && (stamps[drop] ?? t) <= t - ms) drop += 1;
    if (drop > 0) stamps.splice(0, drop);
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
      prune(global, 1000 + SLACK_MS, t);
      const globalWait = global.length >= TELEGRAM_LIMITS.globalPerSecond ? (global[0] ?? t) + 1000 + SLACK_MS - t : 0;
      // Groups (and channels) have negative ids.
      if (chatId < 0) {
        const stamps = windows.get(chatId) ?? [];
        prune(stamps, 60_000 + SLACK_MS, t);
        if (stamps.length >= TELEGRAM_LIMITS.groupPerMinute) return Math.max(1, (stamps[0] ?? t) + 60_000 + SLACK_MS - t);
        if (globalWait > 0) return globalWait;
        stamps.push(t);
        windows.set(chatId, stamps);
      } else {
        let bucket = buckets.get(chatId);
        if (!bucket) {
          bucket = { tokens: PRIVATE_BURST, updated: t };
          buckets.set(chatId, bucket);
        }
        bucket.tokens = Math.min(PRIVATE_BURST, bucket.tokens + (t - bucket.updated) * perMs);
        bucket.updated = t;
        if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / perMs);
        if (globalWait > 0) return globalWait;
        bucket.tokens -= 1;
      }
      global.push(t);
      if (buckets.size > 10_000) for (const [id, b] of buckets) if (b.updated < t - 60_000) buckets.delete(id);
      if (windows.size > 1_000) for (const [id, w] of windows) if ((w.at(-1) ?? 0) < t - 60_000) windows.delete(id);
      return 0;
    },
    pause(chatId, until) {
      paused.set(chatId, Math.max(until, paused.get(chatId) ?? 0));
    },
  };
}

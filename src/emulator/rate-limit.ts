/**
 * Telegram-like flood limits: a private chat takes about one message a second with a short
 * burst allowed (a token bucket), a group at most N messages in any minute and the bot at
 * most N in any second (sliding windows: the safe reading of "20 a minute"). Creating a
 * forum topic counts as a message to its group. A rejected send is not counted, as with
 * Telegram, and gets 429 with `retry_after`.
 */
import { BotApiError } from './errors.ts';
import type { RateLimitOptions } from './types.ts';

/** Telegram's documented limits, as the emulator enforces them in tests and training mode. */
export const TELEGRAM_RATE_LIMITS: Required<RateLimitOptions> = { privatePerSecond: 1, privateBurst: 3, groupPerMinute: 20, globalPerSecond: 30 };

/** Checks and records one outgoing message. */
export interface RateLimiter {
  /** Throws a 429 `BotApiError` when sending into `chatId` now would exceed a limit. */
  check(chatId: number, isPrivate: boolean): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

const tooMany = (ms: number): BotApiError => {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new BotApiError(429, `Too Many Requests: retry after ${seconds}`, { retryAfter: seconds });
};

/** Creates a limiter; with no limits configured it never rejects. */
export function createRateLimiter(options: RateLimitOptions | undefined, now: () => number): RateLimiter {
  const groups = new Map<number, number[]>();
  const privates = new Map<number, Bucket>();
  const global: number[] = [];
  const prune = (stamps: number[], ms: number, at: number): void => {
    let drop = 0;
    while (drop < stamps.length && (stamps[drop] ?? at) <= at - ms) drop += 1;
    if (drop > 0) stamps.splice(0, drop);
  };

  return {
    check(chatId, isPrivate) {
      if (!options) return;
      const at = now();
      let bucket: Bucket | undefined;
      let stamps: number[] | undefined;
      if (isPrivate && options.privatePerSecond) {
        const capacity = options.privateBurst ?? options.privatePerSecond;
        const perMs = options.privatePerSecond / 1000;
        bucket = privates.get(chatId) ?? { tokens: capacity, at };
        bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.at) * perMs);
        bucket.at = at;
        if (bucket.tokens < 1) throw tooMany((1 - bucket.tokens) / perMs);
      } else if (!isPrivate && options.groupPerMinute) {
        stamps = groups.get(chatId) ?? [];
        prune(stamps, 60_000, at);
        if (stamps.length >= options.groupPerMinute) throw tooMany((stamps[0] ?? at) + 60_000 - at);
      }
      if (options.globalPerSecond) {
        prune(global, 1000, at);
        if (global.length >= options.globalPerSecond) throw tooMany((global[0] ?? at) + 1000 - at);
        global.push(at);
      }
      if (bucket) {
        bucket.tokens -= 1;
        privates.set(chatId, bucket);
      }
      if (stamps) {
        stamps.push(at);
        groups.set(chatId, stamps);
      }
      if (privates.size > 10_000) for (const [id, b] of privates) if (b.at < at - 60_000) privates.delete(id);
      if (groups.size > 10_000) for (const [id, s] of groups) if ((s.at(-1) ?? 0) < at - 60_000) groups.delete(id);
    },
  };
}

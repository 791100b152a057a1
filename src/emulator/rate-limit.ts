/**
 * Telegram-like flood limits over sliding windows: per private chat, per group and
 * across the bot. A rejected send is not counted, as with Telegram.
 */
import { BotApiError } from './errors.ts';
import type { RateLimitOptions } from './types.ts';

/** Checks and records one outgoing message. */
export interface RateLimiter {
  /** Throws a 429 `BotApiError` when sending into `chatId` now would exceed a limit. */
  check(chatId: number, isPrivate: boolean): void;
}

interface Window {
  limit: number;
  ms: number;
}

/** Creates a limiter; with no limits configured it never rejects. */
export function createRateLimiter(options: RateLimitOptions | undefined, now: () => number): RateLimiter {
  const perChat = new Map<string, number[]>();
  const global: number[] = [];
  const windowFor = (isPrivate: boolean): Window | undefined => {
    if (isPrivate && options?.privatePerSecond) return { limit: options.privatePerSecond, ms: 1000 };
    if (!isPrivate && options?.groupPerMinute) return { limit: options.groupPerMinute, ms: 60_000 };
    return undefined;
  };
  const prune = (stamps: number[], ms: number, at: number): void => {
    let drop = 0;
    while (drop < stamps.length && (stamps[drop] ?? at) <= at - ms) drop += 1;
    if (drop > 0) stamps.splice(0, drop);
  };
  const retryAfter = (stamps: number[], ms: number, at: number): number =>
    Math.max(1, Math.ceil(((stamps[0] ?? at) + ms - at) / 1000));

  return {
    check(chatId, isPrivate) {
      if (!options) return;
      const at = now();
      const window = windowFor(isPrivate);
      const key = String(chatId);
      const stamps = window ? (perChat.get(key) ?? []) : undefined;
      if (window && stamps) {
        prune(stamps, window.ms, at);
        if (stamps.length >= window.limit) {
          const seconds = retryAfter(stamps, window.ms, at);
          throw new BotApiError(429, `Too Many Requests: retry after ${seconds}`, { retryAfter: seconds });
        }
      }
      if (options.globalPerSecond) {
        prune(global, 1000, at);
        if (global.length >= options.globalPerSecond) {
          const seconds = retryAfter(global, 1000, at);
          throw new BotApiError(429, `Too Many Requests: retry after ${seconds}`, { retryAfter: seconds });
        }
        global.push(at);
      }
      if (window && stamps) {
        stamps.push(at);
        perChat.set(key, stamps);
      }
      if (perChat.size > 10_000) {
        for (const [k, v] of perChat) if (v.length === 0 || (v.at(-1) ?? 0) < at - 60_000) perChat.delete(k);
      }
    },
  };
}

/**
 * How stale a client's `last seen` and a case's `updated at` may get before a new message
 * rewrites them: to the minute is enough for every report, and skipping the write on most
 * messages keeps the hot path short.
 */
export const TOUCH_INTERVAL_MS = 60_000;

/**
 * How stale a client's `last seen` may get before a new message rewrites it: to the minute
 * is enough for every report, and skipping the write on most messages keeps the hot path
 * short. (A case's activity is written with every message: the inbox sorts on it.)
 */
export const TOUCH_INTERVAL_MS = 60_000;

/**
 * The bot's pending updates: an append-only array with a moving head, so that queueing,
 * confirming and taking are O(1) per update, plus at most one waiting long poll.
 */
import { BotApiError } from './errors.ts';
import type { UpdateJson } from './types.ts';

/** Update types delivered when `allowed_updates` is empty or was never given. */
const DEFAULT_EXCLUDED = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** A long poll waiting for the first update. */
interface Waiter {
  resolve: (updates: UpdateJson[]) => void;
  reject: (error: BotApiError) => void;
  offset: number;
  limit: number;
  timer: ReturnType<typeof setTimeout>;
}

/** The pending update queue. */
export interface UpdateQueue {
  /** Appends an update, giving it the next update_id; `undefined` when filtered by allowed_updates. */
  push(body: Record<string, unknown>, options?: { force?: boolean }): UpdateJson | undefined;
  /** getUpdates semantics: confirm below `offset`, then wait up to `timeoutSeconds` for updates. */
  poll(offset: number, limit: number, timeoutSeconds: number, signal?: AbortSignal): Promise<UpdateJson[]>;
  /** The first pending update, if any (webhook delivery). */
  peek(): UpdateJson | undefined;
  /** Drops the first pending update (webhook delivery succeeded). */
  shift(): void;
  /** Forgets every pending update. */
  clear(): void;
  /** Number of pending updates. */
  size(): number;
  /** Sets allowed_updates for updates created from now on; `[]` means the default set. */
  setAllowed(types: readonly string[] | undefined): void;
  /** The allowed_updates last set, or `[]`. */
  allowed(): string[];
  /** Subscribes to "an update was queued"; used by webhook delivery. */
  onPush(listener: () => void): () => void;
  /** Ends any waiting long poll with no updates (server shutting down). */
  releaseWaiters(): void;
}

/** Creates an empty update queue whose first update_id is `firstUpdateId`. */
export function createUpdateQueue(firstUpdateId = 1): UpdateQueue {
  let items: UpdateJson[] = [];
  let head = 0;
  let nextId = firstUpdateId;
  let allowedTypes: string[] = [];
  let waiter: Waiter | undefined;
  const pushListeners = new Set<() => void>();

  const isAllowed = (body: Record<string, unknown>): boolean => {
    const type = Object.keys(body).find((key) => key !== 'update_id');
    if (type === undefined) return true;
    return allowedTypes.length === 0 ? !DEFAULT_EXCLUDED.has(type) : allowedTypes.includes(type);
  };

  const compact = (): void => {
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
  };

  const confirm = (offset: number): void => {
    if (offset < 0) {
      const keep = Math.min(-offset, items.length - head);
      head = items.length - keep;
    } else {
      while (head < items.length && (items[head]?.update_id ?? offset) < offset) head += 1;
    }
    compact();
  };

  const take = (limit: number): UpdateJson[] => items.slice(head, head + limit);

  const finishWaiter = (updates: UpdateJson[]): void => {
    const current = waiter;
    if (!current) return;
    waiter = undefined;
    clearTimeout(current.timer);
    current.resolve(updates);
  };

  return {
    push(body, options = {}) {
      if (!options.force && !isAllowed(body)) return undefined;
      const update: UpdateJson = { update_id: nextId, ...body };
      nextId += 1;
      items.push(update);
      if (waiter) finishWaiter(take(waiter.limit));
      for (const listener of pushListeners) listener();
      return update;
    },
    poll(offset, limit, timeoutSeconds, signal) {
      if (offset !== 0) confirm(offset);
      if (waiter) {
        const previous = waiter;
        waiter = undefined;
        clearTimeout(previous.timer);
        previous.reject(
          new BotApiError(
            409,
            'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
          ),
        );
      }
      const ready = take(limit);
      if (ready.length > 0 || timeoutSeconds <= 0) return Promise.resolve(ready);
      return new Promise<UpdateJson[]>((resolve, reject) => {
        const timer = setTimeout(() => finishWaiter([]), timeoutSeconds * 1000);
        const entry: Waiter = { resolve, reject, offset, limit, timer };
        waiter = entry;
        signal?.addEventListener(
          'abort',
          () => {
            if (waiter === entry) finishWaiter([]);
          },
          { once: true },
        );
      });
    },
    peek: () => items[head],
    shift() {
      if (head < items.length) head += 1;
      compact();
    },
    clear() {
      items = [];
      head = 0;
    },
    size: () => items.length - head,
    setAllowed(types) {
      if (types !== undefined) allowedTypes = [...types];
    },
    allowed: () => [...allowedTypes],
    onPush(listener) {
      pushListeners.add(listener);
      return () => {
        pushListeners.delete(listener);
      };
    },
    releaseWaiters: () => finishWaiter([]),
  };
}

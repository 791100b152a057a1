import { GrammyError, HttpError, type Api } from 'grammy';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { HealthState } from '../health.ts';
import type { InboxStore, StoredUpdate } from '../core/inbox/ports.ts';
import type { OperationsTelemetry } from '../core/metrics/ports.ts';
import type { UpdateScope } from './context.ts';
import { UpdateScheduler } from './update-scheduler.ts';

/** Update kinds Netreach asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member', 'chat_member', 'chat_join_request'] as const;

/** Telegram rejected the bot token; start-up stops with this. */
export class TokenRejectedError extends Error {
  override name = 'TokenRejectedError';
  constructor(options?: ErrorOptions) {
    super('bot token rejected by Telegram', options);
  }
}

const UpdateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

/** The chat an update belongs to, for per-chat ordering; 0 when it has none. */
export function laneOf(update: Record<string, unknown>): number {
  for (const value of Object.values(update)) {
    if (typeof value !== 'object' || value === null) continue;
    const v = value as { chat?: { id?: unknown }; message?: { chat?: { id?: unknown } }; from?: { id?: unknown } };
    const id = v.chat?.id ?? v.message?.chat?.id ?? v.from?.id;
    if (typeof id === 'number') return id;
  }
  return 0;
}

/** Runs one update's use-cases inside its transaction (the bot's middleware). */
export type UpdateHandler = (update: object, scope: Omit<UpdateScope, 'store'>, store: UpdateScope['store']) => Promise<void>;

/** Everything ingestion needs. */
export interface IngestionDeps {
  api: Api;
  inbox: InboxStore;
  /** Called after an update's transaction committed (the outbox sender wakes up). */
  onProcessed(): void;
  /** Counts what monitoring wants to know (processing lag, 429s on getUpdates); never awaited. */
  telemetry?: Pick<OperationsTelemetry, 'telegramRateLimited' | 'updateProcessed'>;
  health: HealthState;
  logger: Logger;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Long-poll timeout in seconds. */
  pollTimeout?: number;
  /** Most updates (of different chats) processed in one transaction. */
  batchSize?: number;
  /** Batches processed at once (1 for SQLite's single writer; more for PostgreSQL). */
  batchConcurrency?: number;
  /** A quick look on arrival: does this update look like an emergency? Such updates go first. */
  isUrgent?: (update: Record<string, unknown>) => boolean;
  /**
   * Whether an accepted update is scheduled here at once (one process: SQLite). With several
   * processes on one database, updates are only stored, then taken up in update_id order by
   * whichever process processes ({@link Ingestion.pickUp}); `onStored` says new ones are there.
   */
  scheduleOnAccept?: boolean;
  onStored?(): void;
}

/**
 * Takes updates in (polling or webhook), stores them, then processes them in per-chat order.
 * It accepts (stores) updates from the moment it exists, so a webhook can answer Telegram
 * while the bot is still starting; processing begins with {@link Ingestion.start}.
 */
export interface Ingestion {
  /** Begins processing with the bot's handler; what was stored before is taken up by {@link Ingestion.recover}. */
  start(handle: UpdateHandler): void;
  /**
   * Stops taking new work (another process processes now); batches in flight finish, and
   * what was scheduled but not begun is forgotten here: it is still pending in the inbox.
   */
  pause(): void;
  /** Schedules stored updates not yet scheduled here, in update_id order (another process's too). */
  pickUp(): Promise<number>;
  /** Ends long polling, if it runs (another process polls now); `poll()` may start it again. */
  stopPolling(): Promise<void>;
  /** Processes what a previous run stored but did not finish; call before taking new updates. */
  recover(): Promise<number>;
  /** Stores updates (webhook or poll) and schedules the new ones. Resolves once stored. */
  accept(updates: readonly unknown[], nextOffset?: number): Promise<number>;
  /** Long polling until `stop()`; rejects with {@link TokenRejectedError} on 401. */
  poll(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every accepted update has been processed. */
  idle(): Promise<void>;
  /** Updates accepted and not yet processed. */
  readonly backlog: number;
}

const MAX_ATTEMPTS = 3;

/** Creates the ingestion pipeline. */
export function createIngestion(deps: IngestionDeps): Ingestion {
  const { logger } = deps;
  const abort = new AbortController();
  let scheduler = new UpdateScheduler();
  const batchSize = deps.batchSize ?? 64;
  const concurrency = deps.batchConcurrency ?? 1;
  let active = 0;
  let idleWaiters: Array<() => void> = [];
  let polling: Promise<void> | undefined;
  let pollAbort: AbortController | undefined;
  const scheduleOnAccept = deps.scheduleOnAccept ?? true;
  let handle: UpdateHandler | undefined;
  /** Ids scheduled and not yet done: `recover` must not schedule what `accept` already did. */
  const inFlight = new Set<number>();
  /** Reports how long committed updates waited since they were stored (those whose arrival is known). */
  const observeLag = (updates: readonly StoredUpdate[]) => {
    const { telemetry } = deps;
    if (!telemetry) return;
    const at = deps.now();
    for (const u of updates) if (u.receivedAt !== undefined) telemetry.updateProcessed(at - u.receivedAt);
  };

  /** One update on its own, retried a few times, then set aside so its chat is not stuck. */
  const processOne = async (stored: StoredUpdate, run: UpdateHandler): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const afterCommit: Array<() => void> = [];
      try {
        const at = deps.now();
        const outcome = await deps.inbox.process(stored.updateId, at, (store) =>
          run(stored.update as object, { updateId: stored.updateId, receivedAt: at, afterCommit }, store),
        );
        for (const fn of afterCommit) fn();
        if (outcome === 'done') observeLag([stored]);
        deps.onProcessed();
        return;
      } catch (error) {
        logger.warn({ update: stored.updateId, attempt, err: telegramErrorName(error) }, 'update processing failed');
        const verdict = await deps.inbox
          .markFailed(stored.updateId, telegramErrorName(error), deps.now(), MAX_ATTEMPTS)
          .catch(() => 'retry' as const);
        if (verdict === 'failed' || abort.signal.aborted) return;
        await deps.sleep(200 * 2 ** attempt, abort.signal).catch(() => undefined);
      }
    }
  };

  /** Several chats' updates in one transaction; if anything fails, each goes alone. */
  const processBatch = async (batch: StoredUpdate[], run: UpdateHandler): Promise<void> => {
    if (batch.length > 1) {
      const afterCommit: Array<() => void> = [];
      const byId = new Map(batch.map((u) => [u.updateId, u]));
      try {
        const at = deps.now();
        const done = await deps.inbox.processBatch([...byId.keys()], at, (updateId, store) =>
          run(byId.get(updateId)?.update as object, { updateId, receivedAt: at, afterCommit }, store),
        );
        for (const fn of afterCommit) fn();
        observeLag(done.flatMap((id) => byId.get(id) ?? []));
        deps.onProcessed();
        return;
      } catch (error) {
        logger.warn({ size: batch.length, err: telegramErrorName(error) }, 'batch failed; processing its updates one by one');
      }
    }
    for (const update of batch) await processOne(update, run);
  };

  const kick = (): void => {
    // The handler a batch starts with is the one it ends with, even if pause() comes between.
    const run = handle;
    if (!run) return;
    while (active < concurrency) {
      // The scheduler the batch came from: pause() starts a new one, and this batch's end belongs to the old.
      const from = scheduler;
      const batch = from.take(batchSize);
      if (batch.length === 0) break;
      active++;
      processBatch(batch, run)
        .catch((error) => logger.error({ err: telegramErrorName(error) }, 'update batch crashed'))
        .finally(() => {
          from.done(batch);
          for (const u of batch) inFlight.delete(u.updateId);
          active--;
          if (scheduler.size === 0 && active === 0) {
            for (const resolve of idleWaiters) resolve();
            idleWaiters = [];
          }
          kick();
        });
    }
  };

  const schedule = (stored: StoredUpdate) => {
    if (inFlight.has(stored.updateId)) return;
    inFlight.add(stored.updateId);
    scheduler.add(stored);
    queueMicrotask(kick);
  };

  const toStored = (raw: unknown): StoredUpdate | undefined => {
    const parsed = UpdateShape.safeParse(raw);
    if (!parsed.success) {
      logger.warn('malformed update without update_id dropped');
      return undefined;
    }
    const urgent = deps.isUrgent?.(parsed.data) ?? false;
    return { updateId: parsed.data.update_id, lane: laneOf(parsed.data), update: parsed.data, ...(urgent ? { urgent } : {}) };
  };

  const ingestion: Ingestion = {
    get backlog() {
      return scheduler.size;
    },
    start(handler) {
      handle = handler;
      kick();
    },
    pause() {
      handle = undefined;
      scheduler = new UpdateScheduler();
      inFlight.clear();
    },
    async pickUp() {
      const pending = await deps.inbox.pending(1_000_000, inFlight);
      for (const stored of pending) schedule(stored);
      return pending.length;
    },
    async recover() {
      const count = await ingestion.pickUp();
      if (count > 0) logger.info({ count }, 'resuming stored updates');
      return count;
    },

    async accept(updates, nextOffset) {
      const stored = updates.map(toStored).filter((u): u is StoredUpdate => u !== undefined);
      const at = deps.now();
      const fresh = (await deps.inbox.storeBatch(stored, nextOffset, at)).map((u) => ({ ...u, receivedAt: at }));
      if (scheduleOnAccept && handle) for (const u of fresh) schedule(u);
      if (fresh.length > 0) deps.onStored?.();
      return fresh.length;
    },

    poll() {
      if (polling) return polling;
      const session = new AbortController();
      pollAbort = session;
      const signal = AbortSignal.any([abort.signal, session.signal]);
      polling = (async () => {
        let offset = await deps.inbox.offset();
        let failures = 0;
        while (!signal.aborted) {
          try {
            const updates = await deps.api.getUpdates(
              { offset, timeout: deps.pollTimeout ?? 25, limit: 100, allowed_updates: [...ALLOWED_UPDATES] },
              // grammY types the signal with the abort-controller polyfill; Node's is compatible.
              signal as Parameters<Api['getUpdates']>[1],
            );
            deps.health.telegram = 'ok';
            deps.health.botRunning = true;
            failures = 0;
            if (updates.length === 0) continue;
            const next = Math.max(...updates.map((u) => u.update_id)) + 1;
            // Stored (with the new offset) before the next getUpdates confirms them to Telegram.
            await ingestion.accept(updates, next);
            offset = next;
          } catch (error) {
            if (signal.aborted) break;
            if (error instanceof GrammyError && error.error_code === 401) throw new TokenRejectedError({ cause: error });
            failures++;
            if (error instanceof GrammyError && error.error_code === 429) deps.telemetry?.telegramRateLimited('poll');
            deps.health.telegram = 'unreachable';
            const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
            const delay = retryAfter !== undefined ? retryAfter * 1000 : Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
            logger.warn({ err: telegramErrorName(error), code: error instanceof GrammyError ? error.error_code : undefined, delay }, 'getUpdates failed; retrying');
            await deps.sleep(delay * (0.8 + Math.random() * 0.4), signal).catch(() => undefined);
          }
        }
      })().finally(() => {
        polling = undefined;
      });
      return polling;
    },

    async stopPolling() {
      pollAbort?.abort();
      await polling?.catch(() => undefined);
    },

    async stop() {
      abort.abort();
      await polling?.catch(() => undefined);
    },

    idle: () =>
      scheduler.size === 0 && active === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
  };
  return ingestion;
}

/** An error's class name and, for Telegram errors, code; never message text. */
export function telegramErrorName(error: unknown): string {
  if (error instanceof GrammyError) return `GrammyError ${error.error_code}: ${error.description}`;
  if (error instanceof HttpError) return `HttpError: ${telegramErrorName(error.error)}`;
  if (error instanceof Error) return error.name;
  return typeof error;
}

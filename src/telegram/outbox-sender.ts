import { GrammyError, HttpError, type Api } from 'grammy';
import type { Logger } from 'pino';
import type { HealthState } from '../health.ts';
import type { OutboxTarget } from '../core/ports.ts';
import type { OutboxHead, OutboxPayload, OutboxStore } from '../core/outbox/ports.ts';
import type { OperationsTelemetry } from '../core/metrics/ports.ts';
import { OutboxQueue } from './outbox-queue.ts';
import { coalesce, isCoalescibleRelay, relayPart } from './coalesce.ts';
import { telegramErrorName } from './ingestion.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { StaffChat } from './staff-chat.ts';

/** What the sender needs. */
export interface OutboxSenderDeps {
  store: OutboxStore;
  api: Api;
  staffChat: StaffChat;
  limiter: RateLimiter;
  health: HealthState;
  logger: Logger;
  now(): number;
  /** Calls in flight at once, across lanes (one per lane). */
  maxInFlight?: number;
  /**
   * Calls in flight at once to one chat. A crash can repeat at most this many messages in a
   * chat: those Telegram accepted but whose acceptance was not yet recorded.
   */
  maxInFlightPerChat?: number;
  /**
   * How far below the highest id seen to look for rows committed late. Where transactions
   * commit in id order (SQLite: one writer) there are none: 0. PostgreSQL: 256.
   */
  lateCommitLookback?: number;
  /** How often the outbox is re-read even without a notification. */
  pollIntervalMs?: number;
  /**
   * The time a coalesced relay shows for each part (`14:03`), in the organisation's time
   * zone. Relays that queue behind the staff group's limit go out as one message per topic.
   */
  formatTime?: (ms: number) => string;
  /** Counts what monitoring wants to know (429s); never awaited. */
  telemetry?: Pick<OperationsTelemetry, 'telegramRateLimited'>;
  /** A message to a client could not be delivered for good (blocked, erased). */
  onUndeliverable?(info: { outboxId: number; caseId: number | null; reason: 'blocked' | 'erased' | 'unreachable' }): Promise<void>;
}

/** Sends the durable outbox: urgent first, in order per lane, within Telegram's limits. */
export interface OutboxSender {
  start(): void;
  /** New rows were committed: look again soon. */
  notify(): void;
  /** Something changed for rows already known (a staff group was linked): re-read them all. */
  reload(): void;
  stop(): Promise<void>;
  /** Resolves when nothing is pending or in flight (tests, benchmarks). */
  drained(timeoutMs?: number): Promise<void>;
}

const BATCH = 5000;
/** Relays joined into one message at most (besides the 4,096-character limit). */
const COALESCE_MAX = 50;
const MAX_BACKOFF_MS = 5 * 60_000;

function backoff(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 10)) * (0.8 + Math.random() * 0.4);
}

type RawApi = Record<string, (params: Record<string, unknown>) => Promise<unknown>>;

/** Creates the outbox sender. */
export function createOutboxSender(deps: OutboxSenderDeps): OutboxSender {
  const { store, logger } = deps;
  const maxInFlight = deps.maxInFlight ?? 16;
  const raw = deps.api.raw as unknown as RawApi;
  const queue = new OutboxQueue(deps.maxInFlightPerChat ?? 2);
  const lookback = deps.lateCommitLookback ?? 0;
  let reload = true;
  let fetchNew = false;
  let pumping = false;
  let again = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let poller: NodeJS.Timeout | undefined;
  const notBefore = new Map<number, number>();
  // Relays that had to wait for their chat's limit (or were answered 429): when they go,
  // the relays queued behind them in the same topic go along, as one message.
  const heldBack = new Set<number>();
  // When a chat last had to wait for its limit: while that is under a minute ago, every
  // relay with others queued behind it in its topic goes coalesced (a burst is on).
  const pressedAt = new Map<number, number>();
  const PRESSURE_MS = 60_000;
  const formatTime = deps.formatTime ?? ((ms: number) => new Date(ms).toISOString().slice(11, 16));
  const running = new Set<Promise<void>>();
  // Rows that left the pending state lately: a look-behind read that began before they did
  // must not queue them again.
  const finishedLately = new Set<number>();
  const rememberFinished = (id: number) => {
    finishedLately.add(id);
    if (finishedLately.size > 4 * lookback) {
      const oldest = finishedLately.values().next();
      if (!oldest.done) finishedLately.delete(oldest.value);
    }
  };

  const schedulePump = () => {
    if (stopped) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    setImmediate(() => {
      pump()
        .catch((error) => {
          logger.error({ err: telegramErrorName(error) }, 'outbox pump failed');
          reload = true;
          armTimer(deps.now() + 1000);
        })
        .finally(() => {
          pumping = false;
          if (again) {
            again = false;
            schedulePump();
          }
        });
    });
  };

  const armTimer = (at: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      schedulePump();
    }, Math.max(0, at - deps.now()));
  };

  const pump = async () => {
    if (reload) {
      reload = false;
      fetchNew = false;
      queue.clear();
      queue.add(await store.listPending(BATCH * 4));
    } else if (fetchNew) {
      fetchNew = false;
      // Concurrent transactions (PostgreSQL) take ids in one order and may commit in another:
      // look a little behind the highest id seen, so a row committed late waits for no reload.
      let after = Math.max(0, queue.maxId - lookback);
      for (;;) {
        const rows = await store.listPending(BATCH, after);
        queue.add(lookback === 0 ? rows : rows.filter((row) => !finishedLately.has(row.id)));
        if (rows.length < BATCH) break;
        after = queue.maxId;
      }
    }
    const { rows, wakeAt } = queue.take(deps.now(), maxInFlight - running.size, (id) => notBefore.get(id) ?? 0);
    for (const row of rows) start(row);
    if (Number.isFinite(wakeAt)) armTimer(wakeAt);
  };

  const start = (row: OutboxHead) => {
    const task = send(row)
      .catch((error) => {
        logger.error({ outbox: row.id, err: telegramErrorName(error) }, 'outbox send crashed');
        row.nextAttemptAt = deps.now() + backoff(row.attempts);
        return false;
      })
      .then((finished) => {
        if (finished) {
          rememberFinished(row.id);
          heldBack.delete(row.id);
        }
        queue.finish(row, finished);
      })
      .finally(() => {
        running.delete(task);
        schedulePump();
      });
    running.add(task);
  };

  /** Returns true when the row left the pending state (sent or dead). */
  const send = async (row: OutboxHead): Promise<boolean> => {
    const payload = row.sealed ? store.open(row.sealed) : await store.load(row.id);
    if (!payload) return true;
    const staffChatId = deps.staffChat.get();
    const target = await store.resolve(payload.target, staffChatId);
    if (!target.ok) {
      if (target.reason === 'erased' || target.reason === 'unreachable') {
        await store.markDead(row.id, deps.now(), `client ${target.reason}`);
        await deps.onUndeliverable?.({ outboxId: row.id, caseId: row.caseId, reason: target.reason });
        return true;
      }
      // No staff group yet, or the case's topic is still being created: wait, keep order.
      const next = deps.now() + (target.reason === 'no-staff-chat' ? 30_000 : 2_000);
      await store.reschedule(row.id, next, target.reason);
      row.nextAttemptAt = next;
      return false;
    }
    // answerCallbackQuery names the query, not a chat.
    const params: Record<string, unknown> = payload.method === 'answerCallbackQuery' ? { ...payload.params } : { ...payload.params, chat_id: target.chatId };
    if (target.threadId !== undefined) params.message_thread_id = target.threadId;
    if (payload.source) {
      const source = await store.resolve(payload.source, staffChatId);
      if (!source.ok) {
        await store.markDead(row.id, deps.now(), `source ${source.reason}`);
        return true;
      }
      params.from_chat_id = source.chatId;
    }
    // Answering a button press posts nothing into the chat: it takes none of its budget.
    const wait = payload.method === 'answerCallbackQuery' ? 0 : deps.limiter.reserve(target.chatId);
    const relay = isCoalescibleRelay(payload);
    if (wait > 0) {
      notBefore.set(row.id, deps.now() + wait);
      pressedAt.set(target.chatId, deps.now());
      if (relay) heldBack.add(row.id);
      return false;
    }
    notBefore.delete(row.id);
    const pressed = deps.now() - (pressedAt.get(target.chatId) ?? Number.NEGATIVE_INFINITY) < PRESSURE_MS;
    const along = relay && (heldBack.has(row.id) || pressed) ? await coalesceBehind(row, payload, params) : [];
    const call = raw[payload.method];
    if (!call) {
      await store.markDead(row.id, deps.now(), `unknown method ${payload.method}`);
      return true;
    }
    try {
      const result = (await call.call(deps.api.raw, params)) as { message_id?: number; message_thread_id?: number } | true;
      deps.health.telegram = 'ok';
      const ids = typeof result === 'object' ? result : {};
      const recorded = payload.method === 'createForumTopic' ? { topicId: ids.message_thread_id } : { messageId: ids.message_id };
      // The relays that went along are recorded with the head, in the same group commit:
      // a crash before it repeats the one message, never half of it.
      const at = deps.now();
      const [wanted] = await Promise.all([store.markSent(row.id, at, recorded, payload.effect), ...along.map((part) => store.markSent(part.row.id, at, recorded, part.payload.effect))]);
      for (const part of along) {
        queue.drop(part.row);
        heldBack.delete(part.row.id);
        rememberFinished(part.row.id);
      }
      heldBack.delete(row.id);
      if (!wanted && ids.message_id !== undefined && payload.method !== 'deleteMessages') {
        // Withdrawn while in flight (e.g. a client's address once they said they are OK): take it back.
        await store.queueDeletion(payload.target, row.lane, ids.message_id, deps.now());
        fetchNew = true;
      }
      return true;
    } catch (error) {
      return handleFailure(row, error, target.chatId, payload.target);
    }
  };

  /**
   * The plain relays queued right behind a held-back relay in its topic, joined into its
   * params (in order, each with its time, within 4,096 characters). Returns the rows that
   * go along; those that do not fit stay queued, held back too, for the next message.
   */
  const coalesceBehind = async (row: OutboxHead, payload: OutboxPayload, params: Record<string, unknown>): Promise<Array<{ row: OutboxHead; payload: OutboxPayload }>> => {
    const behind: Array<{ row: OutboxHead; payload: OutboxPayload }> = [];
    for (const next of queue.followers(row, COALESCE_MAX - 1)) {
      if (next.nextAttemptAt > deps.now()) break;
      const nextPayload = next.sealed ? store.open(next.sealed) : await store.load(next.id);
      if (!nextPayload || !isCoalescibleRelay(nextPayload) || nextPayload.target.kind !== 'staff-topic' || payload.target.kind !== 'staff-topic' || nextPayload.target.caseId !== payload.target.caseId) break;
      behind.push({ row: next, payload: nextPayload });
    }
    if (behind.length === 0) return [];
    const parts = [relayPart(payload, row.createdAt ?? deps.now()), ...behind.map((b) => relayPart(b.payload, b.row.createdAt ?? deps.now()))];
    const joined = coalesce(parts, formatTime);
    const along = behind.slice(0, joined.count - 1);
    for (const rest of behind.slice(joined.count - 1)) heldBack.add(rest.row.id);
    if (along.length === 0) return [];
    params.text = joined.text;
    if (joined.entities.length > 0) params.entities = joined.entities;
    else delete params.entities;
    return along;
  };

  const handleFailure = async (row: OutboxHead, error: unknown, chatId: number, target: OutboxTarget): Promise<boolean> => {
    const t = deps.now();
    const clientId = target.kind === 'client' ? target.clientId : undefined;
    if (error instanceof GrammyError && error.error_code === 400 && target.kind === 'staff-topic' && /thread not found/i.test(error.description)) {
      // Someone deleted the case's topic: open a new one and send this there.
      logger.warn({ outbox: row.id }, 'case topic was deleted; creating a new one');
      await store.recreateTopic(target.caseId, t);
      await store.reschedule(row.id, t, 'topic deleted');
      row.nextAttemptAt = t;
      fetchNew = true;
      return false;
    }
    if (error instanceof GrammyError) {
      const code = error.error_code;
      if (code === 429) {
        deps.telemetry?.telegramRateLimited('send');
        if (target.kind === 'staff-topic') heldBack.add(row.id);
        pressedAt.set(chatId, t);
        const until = t + (error.parameters.retry_after ?? 1) * 1000;
        deps.limiter.pause(chatId, until);
        await store.reschedule(row.id, until, 'rate limited');
        row.nextAttemptAt = until;
        return false;
      }
      if (code === 403 && clientId !== undefined) {
        // The client blocked the bot: retrying would never succeed.
        await store.markClientUnreachable(clientId);
        await store.markDead(row.id, t, 'client blocked the bot');
        await deps.onUndeliverable?.({ outboxId: row.id, caseId: row.caseId, reason: 'blocked' });
        return true;
      }
      if (code === 403 && target.kind === 'direct') {
        // Someone who never started the bot (a join request's applicant after its 5 minutes) or blocked it.
        logger.warn({ outbox: row.id }, 'private message refused by Telegram; not retried');
        await store.markDead(row.id, t, 'private chat refused');
        return true;
      }
      if (code === 400) {
        logger.warn({ outbox: row.id, err: telegramErrorName(error) }, 'outbox call refused by Telegram');
        await store.markDead(row.id, t, error.description);
        return true;
      }
    } else if (error instanceof HttpError) {
      deps.health.telegram = 'unreachable';
    }
    const next = t + backoff(row.attempts);
    logger.warn({ outbox: row.id, attempts: row.attempts + 1, err: telegramErrorName(error) }, 'outbox call failed; will retry');
    await store.reschedule(row.id, next, telegramErrorName(error));
    row.attempts++;
    row.nextAttemptAt = next;
    return false;
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      reload = true;
      // A full re-read now and then picks up rows another process or a restart left behind.
      poller = setInterval(() => {
        reload = true;
        schedulePump();
      }, deps.pollIntervalMs ?? 30_000);
      schedulePump();
    },
    notify() {
      fetchNew = true;
      schedulePump();
    },
    reload() {
      reload = true;
      schedulePump();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (poller) clearInterval(poller);
      await Promise.all([...running]);
    },
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const counts = await store.counts();
        if ((counts.pending ?? 0) === 0 && running.size === 0) return;
        if (Date.now() > deadline) throw new Error(`outbox not drained: ${counts.pending ?? 0} pending`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

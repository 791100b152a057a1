/**
 * `createEmulator`: a Telegram Bot API emulator held in memory. It answers Bot API calls
 * (through `emulator.app` over HTTP, or `emulator.call` in process), simulates the
 * humans on the other side, and lets tests observe and sabotage everything.
 *
 * @example
 * const emulator = createEmulator();
 * const server = await startEmulatorServer(emulator);
 * const api = new Api(emulator.token, { apiRoot: server.url });
 * const client = emulator.createUser({ firstName: 'Client' });
 * emulator.userSendMessage({ userId: client.id, text: '/start' });
 * const [update] = await api.getUpdates();
 */
import type { Hono } from 'hono';
import type { Message, ReplyKeyboardMarkup, User } from 'grammy/types';
import { createEmulatorApp } from './app.ts';
import { BotApiError, EmulatorTimeoutError, EmulatorUsageError } from './errors.ts';
import { createEmitter } from './events.ts';
import { createFaultInjector, type FaultRule } from './faults.ts';
import { createHumans, type Humans } from './humans.ts';
import { botMethods } from './methods/bot.ts';
import { chatMethods } from './methods/chats.ts';
import { forumMethods } from './methods/forum.ts';
import { mediaMethods } from './methods/media.ts';
import { messageMethods } from './methods/messages.ts';
import { createMethodRegistry } from './methods/registry.ts';
import { createRateLimiter } from './rate-limit.ts';
import type { CallbackQueryRecord, EmulatorEvents, EmulatorOptions, FileRecord, UpdateJson } from './types.ts';
import { createUpdateQueue } from './update-queue.ts';
import { createWebhookDelivery } from './webhook.ts';
import { createWorld, type WebhookState } from './world.ts';

/** The default training token. It is not a secret: it only works against the emulator. */
export const DEFAULT_EMULATOR_TOKEN = '7000000001:training-not-a-real-token';

/** A Bot API answer: HTTP status plus Telegram's JSON body. */
export interface ApiResponse {
  status: number;
  body:
    | { ok: true; result: unknown }
    | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };
}

/** A forum topic as `emulator.topics()` reports it. */
export interface TopicInfo {
  message_thread_id: number;
  name: string;
  icon_color: number;
  icon_custom_emoji_id?: string;
  closed: boolean;
  /** Id of the newest message in the topic. */
  lastMessageId: number;
  /** Emulator-wide activity counter of that message; higher is newer. */
  lastActivity: number;
}

/** Options of `emulator.waitFor`. */
export interface WaitForOptions {
  /**
   * Whether bot messages already in history count. Default true, so that a reply sent
   * before `waitFor` was called is not missed; filter with the predicate to avoid stale matches.
   */
  includeExisting?: boolean;
}

/** The emulator: Bot API, simulated humans and observation in one object. */
export interface Emulator extends Humans {
  /** The bot account. */
  readonly bot: User;
  /** The primary accepted token. */
  readonly token: string;
  /** Every accepted token. */
  readonly tokens: readonly string[];
  /** The Hono app serving `/bot<token>/<method>` and `/file/bot<token>/<path>`. */
  readonly app: Hono;
  /** Number of calls per canonical method name (unknown methods and bad tokens excluded). */
  readonly calls: ReadonlyMap<string, number>;
  /** Whether the simulated outage is on. */
  readonly offline: boolean;
  /** Runs one Bot API call in process; the HTTP layer uses this too. */
  call(token: string, method: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<ApiResponse>;
  /** The next matching calls fail with the given error. */
  failNext(rule: FaultRule): void;
  /** Forgets every pending `failNext` rule. */
  clearFaults(): void;
  /** Simulates an outage: the HTTP server drops Bot API requests (the app answers 502). */
  setOffline(offline: boolean): void;
  /**
   * Messages of a chat in order, edits applied and deletions removed. `threadId` limits
   * to one forum topic; `'general'` to messages outside topics.
   */
  history(chatId: number, options?: { threadId?: number | 'general' }): Message[];
  /** Forum topics of a chat in creation order. */
  topics(chatId: number): TopicInfo[];
  /** The reply keyboard the bot currently shows in a private chat. */
  replyKeyboard(chatId: number): ReplyKeyboardMarkup | undefined;
  /** A callback query and the bot's answer, if any. */
  callbackQuery(id: string): Readonly<CallbackQueryRecord> | undefined;
  /** Whether a user started and/or blocked the bot. */
  userState(userId: number): { startedBot: boolean; blockedBot: boolean };
  /** A stored file (to inspect uploaded bytes). */
  file(fileId: string): Readonly<FileRecord> | undefined;
  /** A stored file by its `file_path` (what the download route serves). */
  fileByPath(path: string): Readonly<FileRecord> | undefined;
  /** Updates waiting for getUpdates or webhook delivery. */
  pendingUpdateCount(): number;
  /** The webhook as set by the bot, if any. */
  webhook(): Readonly<WebhookState> | undefined;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof EmulatorEvents>(event: K, listener: (payload: EmulatorEvents[K]) => void): () => void;
  /** Resolves with the first bot message matching `predicate`; rejects with `EmulatorTimeoutError`. */
  waitFor(predicate: (message: Message) => boolean, timeoutMs?: number, options?: WaitForOptions): Promise<Message>;
  /** Empties a chat's history and topics (training "reset"). Members stay. */
  clearChat(chatId: number): void;
  /** Stops webhook delivery and ends waiting long polls. */
  close(): void;
}

function botFromTokens(tokens: readonly string[], username: string, firstName: string): User {
  const ids = new Set(tokens.map((token) => /^(\d+):[\w-]+$/.exec(token)?.[1]));
  const [id] = [...ids];
  if (ids.size !== 1 || id === undefined) {
    throw new EmulatorUsageError('tokens must look like <botId>:<secret> and all name the same bot id');
  }
  return { id: Number(id), is_bot: true, first_name: firstName, username };
}

/** Creates an emulator with an empty world around one bot. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const tokens = options.tokens && options.tokens.length > 0 ? [...options.tokens] : [DEFAULT_EMULATOR_TOKEN];
  const accepted = new Set(tokens);
  const bot = botFromTokens(tokens, options.botUsername ?? 'netreach_training_bot', options.botFirstName ?? 'Netreach (training)');
  const now = options.now ?? Date.now;
  const events = createEmitter<EmulatorEvents>();
  const queue = createUpdateQueue();
  const world = createWorld({
    bot,
    now,
    queue,
    events,
    rateLimiter: createRateLimiter(options.rateLimits, now),
    privacyMode: options.botPrivacyMode ?? true,
    maxMessagesPerChat: options.maxMessagesPerChat ?? 100_000,
  });
  const webhook = createWebhookDelivery(world, options.webhookRetryBaseMs ?? 100);
  const registry = createMethodRegistry(botMethods, messageMethods, mediaMethods, forumMethods, chatMethods);
  const faults = createFaultInjector();
  const calls = new Map<string, number>();
  const humans = createHumans(world);
  let offline = false;

  const failure = (error: BotApiError): ApiResponse => ({
    status: error.errorCode,
    body: {
      ok: false,
      error_code: error.errorCode,
      description: error.description,
      ...(error.retryAfter !== undefined || error.migrateToChatId !== undefined
        ? {
            parameters: {
              ...(error.retryAfter === undefined ? {} : { retry_after: error.retryAfter }),
              ...(error.migrateToChatId === undefined ? {} : { migrate_to_chat_id: error.migrateToChatId }),
            },
          }
        : {}),
    },
  });

  const isBotMessage = (message: Message): boolean =>
    message.from?.id === bot.id ||
    (message.chat.type === 'channel' && message.sender_chat?.id === message.chat.id && !message.from);

  const emulator: Emulator = {
    ...humans,
    bot,
    token: tokens[0] ?? DEFAULT_EMULATOR_TOKEN,
    tokens,
    app: undefined as unknown as Hono,
    calls,
    get offline() {
      return offline;
    },

    async call(token, method, params, signal) {
      if (!accepted.has(token)) return failure(new BotApiError(401, 'Unauthorized'));
      const entry = registry.find(method);
      if (!entry) return failure(new BotApiError(404, 'Not Found'));
      calls.set(entry.name, (calls.get(entry.name) ?? 0) + 1);
      let response: ApiResponse;
      try {
        const injected = faults.match(entry.name, params['chat_id']);
        if (injected) throw injected;
        const result = await entry.handler({ world, webhook, signal }, params);
        response = { status: 200, body: { ok: true, result } };
      } catch (error) {
        if (!(error instanceof BotApiError)) {
          console.error(`[emulator] internal error in ${entry.name}:`, error);
        }
        response = failure(error instanceof BotApiError ? error : new BotApiError(500, 'Internal Server Error', { cause: error }));
      }
      if (events.has('call')) {
        const body = response.body;
        events.emit(
          'call',
          body.ok
            ? { method: entry.name, params, ok: true }
            : { method: entry.name, params, ok: false, errorCode: body.error_code, description: body.description },
        );
      }
      return response;
    },

    failNext: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setOffline(value) {
      offline = value;
    },

    history(chatId, historyOptions = {}) {
      const chat = world.chats.get(chatId);
      if (!chat) return [];
      const out: Message[] = [];
      const thread = historyOptions.threadId;
      for (const { message } of chat.messages.values()) {
        if (thread === undefined) out.push(message);
        else if (thread === 'general' ? !message.is_topic_message : message.is_topic_message && message.message_thread_id === thread) {
          out.push(message);
        }
      }
      return out;
    },

    topics(chatId) {
      const chat = world.chats.get(chatId);
      if (!chat) return [];
      return [...chat.topics.values()].map((record) => ({
        ...record.topic,
        closed: record.closed,
        lastMessageId: record.lastMessageId,
        lastActivity: record.lastActivity,
      }));
    },

    replyKeyboard: (chatId) => world.chats.get(chatId)?.activeKeyboard,
    callbackQuery: (id) => world.callbackQueries.get(id),
    userState(userId) {
      const record = world.requireUser(userId);
      return { startedBot: record.startedBot, blockedBot: record.blockedBot };
    },
    file: (fileId) => world.files.get(fileId),
    fileByPath: (path) => world.filesByPath.get(path),
    pendingUpdateCount: () => queue.size(),
    webhook: () => world.webhook,
    on: (event, listener) => events.on(event, listener),

    waitFor(predicate, timeoutMs = 5000, waitOptions = {}) {
      if (waitOptions.includeExisting ?? true) {
        for (const chat of world.chats.values()) {
          for (const { message } of chat.messages.values()) {
            if (isBotMessage(message) && predicate(message)) return Promise.resolve(message);
          }
        }
      }
      return new Promise<Message>((resolve, reject) => {
        const off = events.on('botMessage', (message) => {
          let matched: boolean;
          try {
            matched = predicate(message);
          } catch (error) {
            finish();
            reject(error instanceof Error ? error : new EmulatorUsageError(String(error)));
            return;
          }
          if (matched) {
            finish();
            resolve(message);
          }
        });
        const timer = setTimeout(() => {
          finish();
          reject(new EmulatorTimeoutError(`no matching bot message within ${timeoutMs} ms`));
        }, timeoutMs);
        function finish(): void {
          clearTimeout(timer);
          off();
        }
      });
    },

    clearChat(chatId) {
      const chat = world.chats.get(chatId);
      if (!chat) return;
      chat.messages.clear();
      chat.topics.clear();
      chat.activeKeyboard = undefined;
      chat.generalLastMessageId = 0;
      world.touched(chatId);
    },

    close() {
      webhook.close();
      queue.releaseWaiters();
    },
  };
  Object.defineProperty(emulator, 'app', { value: createEmulatorApp(emulator), enumerable: true });
  return emulator;
}

export type { UpdateJson };

/**
 * The training page and its JSON API, as a Hono sub-app the main app mounts at
 * `/training` in training mode. A trainee plays both the client (private chat with the
 * bot) and an outreach worker (the staff forum group); the bot under training talks to
 * the emulator and the page shows what the emulator holds, live over server-sent events.
 */
import { readFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Emulator } from '../emulator.ts';
import { EmulatorUsageError } from '../errors.ts';
import { renderTrainingPage } from './page.ts';
import { pickLocale, TRAINING_STRINGS } from './strings.ts';
import { viewMessage, type ViewMessage } from './view.ts';

/** Who plays which part on the training page. */
export interface TrainingOptions {
  /** The simulated client (must exist in the emulator). */
  clientUserId: number;
  /** The staff forum supergroup (must exist in the emulator). */
  staffChatId: number;
  /** The simulated outreach worker, a member of the staff group. */
  workerUserId: number;
  /** The bot's user id, to tell its bubbles apart. */
  botId: number;
  /** Default language when neither `?lang=` nor Accept-Language picks one. */
  locale?: string;
  /** Where the routes are mounted. Default "/training". */
  basePath?: string;
  /** Messages per chat view sent to the page. Default 200. */
  viewLimit?: number;
  /** Where the application serves a web chat of its own, shown as a link beside the panes (absent: none). */
  webChatPath?: string;
}

const STATIC_FILES = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
} as const;

const SAMPLE_LOCATION = { latitude: 52.5200, longitude: 13.4050 };

const sendSchema = z.object({ text: z.string().min(1).max(4096) });
const staffSendSchema = sendSchema.extend({ threadId: z.number().int().positive().nullable().optional() });
const pressSchema = z.object({ side: z.enum(['client', 'staff']), messageId: z.number().int().positive(), data: z.string().min(1) });
const sampleSchema = z.object({ kind: z.enum(['photo', 'voice', 'location', 'document']) });

/** Thrown for a request the training API cannot serve; answered as 400 with its message. */
export class TrainingRequestError extends Error {
  override readonly name = 'TrainingRequestError';
}

async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  if (!(c.req.header('content-type') ?? '').includes('application/json')) {
    // Cross-site forms cannot send JSON without a preflight; requiring it blocks CSRF.
    throw new TrainingRequestError('expected application/json');
  }
  const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
  if (!parsed.success) throw new TrainingRequestError('invalid request body');
  return parsed.data;
}

/**
 * Creates the training sub-app.
 *
 * @example
 * app.route('/training', createTrainingRoutes(emulator, { clientUserId, staffChatId, workerUserId, botId: emulator.bot.id }));
 */
export function createTrainingRoutes(emulator: Emulator, options: TrainingOptions): Hono {
  const app = new Hono();
  const base = options.basePath ?? '/training';
  const limit = options.viewLimit ?? 200;
  const staticCache = new Map<string, string>();
  const lastQuery: { client?: string; staff?: string } = {};
  const listeners = new Set<() => void>();
  let version = 0;

  emulator.on('change', ({ chatId }) => {
    if (chatId !== options.clientUserId && chatId !== options.staffChatId) return;
    version += 1;
    for (const listener of listeners) listener();
  });

  const localeOf = (c: Context) => pickLocale(c.req.query('lang'), c.req.header('accept-language'), options.locale);

  const view = (chatId: number, strings: (typeof TRAINING_STRINGS)['en'], threadId?: number | 'general'): ViewMessage[] =>
    emulator
      .history(chatId, threadId === undefined ? {} : { threadId })
      .slice(-limit)
      .map((message) => viewMessage(message, options.botId, strings));

  const answerText = (id: string | undefined): string | undefined => (id ? emulator.callbackQuery(id)?.answer?.text : undefined);

  const state = (c: Context) => {
    const locale = localeOf(c);
    const strings = TRAINING_STRINGS[locale];
    const threadParam = c.req.query('thread');
    const threadId = threadParam && /^\d+$/.test(threadParam) ? Number(threadParam) : undefined;
    const topics = emulator.topics(options.staffChatId);
    const selected = threadId !== undefined && topics.some((t) => t.message_thread_id === threadId) ? threadId : null;
    const general = emulator.history(options.staffChatId, { threadId: 'general' });
    const generalLast = general.at(-1)?.message_id ?? 0;
    const keyboard = emulator.replyKeyboard(options.clientUserId);
    return {
      version,
      locale,
      strings,
      client: {
        messages: view(options.clientUserId, strings),
        replyKeyboard: keyboard
          ? keyboard.keyboard.map((row) =>
              row.map((button) =>
                typeof button === 'string'
                  ? { text: button }
                  : {
                      text: button.text,
                      ...('request_location' in button && button.request_location ? { requestLocation: true } : {}),
                      ...('request_contact' in button && button.request_contact ? { requestContact: true } : {}),
                    },
              ),
            )
          : null,
        answer: answerText(lastQuery.client) ?? null,
      },
      staff: {
        topics: [
          { threadId: null, name: strings.general, closed: false, iconColor: null, lastMessageId: generalLast, lastActivity: 0 },
          ...topics
            .map((t) => ({
              threadId: t.message_thread_id,
              name: t.name,
              closed: t.closed,
              iconColor: `#${t.icon_color.toString(16).padStart(6, '0')}`,
              lastMessageId: t.lastMessageId,
              lastActivity: t.lastActivity,
            }))
            .sort((a, b) => b.lastActivity - a.lastActivity),
        ],
        selected,
        messages: view(options.staffChatId, strings, selected ?? 'general'),
        answer: answerText(lastQuery.staff) ?? null,
      },
    };
  };

  app.onError((error, c) => {
    if (error instanceof TrainingRequestError || error instanceof EmulatorUsageError) {
      return c.json({ error: error.message }, 400);
    }
    return c.json({ error: 'internal error' }, 500);
  });

  app.get('/', (c) => {
    const locale = localeOf(c);
    c.header('content-security-policy', "default-src 'self'");
    c.header('cache-control', 'no-store');
    return c.html(renderTrainingPage(TRAINING_STRINGS[locale], locale, base, options.webChatPath));
  });

  for (const [name, type] of Object.entries(STATIC_FILES)) {
    app.get(`/${name}`, async (c) => {
      let body = staticCache.get(name);
      if (body === undefined) {
        body = await readFile(new URL(`./${name}`, import.meta.url), 'utf8');
        staticCache.set(name, body);
      }
      return c.body(body, 200, { 'content-type': type, 'cache-control': 'no-cache' });
    });
  }

  app.get('/api/state', (c) => c.json(state(c)));

  app.post('/api/client/send', async (c) => {
    const { text } = await jsonBody(c, sendSchema);
    const { message, update } = emulator.userSendMessage({ userId: options.clientUserId, text });
    return c.json({ messageId: message.message_id, updateId: update?.update_id ?? null });
  });

  app.post('/api/client/sample', async (c) => {
    const { kind } = await jsonBody(c, sampleSchema);
    const input =
      kind === 'photo'
        ? { photo: true as const }
        : kind === 'voice'
          ? { voice: 7 }
          : kind === 'location'
            ? { location: SAMPLE_LOCATION }
            : { document: { fileName: 'referral-letter.pdf', mimeType: 'application/pdf' } };
    const { message, update } = emulator.userSendMessage({ userId: options.clientUserId, ...input });
    return c.json({ messageId: message.message_id, updateId: update?.update_id ?? null });
  });

  app.post('/api/staff/send', async (c) => {
    const { text, threadId } = await jsonBody(c, staffSendSchema);
    const { message, update } = emulator.userSendMessage({
      userId: options.workerUserId,
      chatId: options.staffChatId,
      text,
      ...(threadId ? { messageThreadId: threadId } : {}),
    });
    return c.json({ messageId: message.message_id, updateId: update?.update_id ?? null });
  });

  app.post('/api/press', async (c) => {
    const { side, messageId, data } = await jsonBody(c, pressSchema);
    const client = side === 'client';
    const { callbackQueryId, update } = emulator.userPressButton({
      userId: client ? options.clientUserId : options.workerUserId,
      chatId: client ? options.clientUserId : options.staffChatId,
      messageId,
      data,
    });
    lastQuery[side] = callbackQueryId;
    return c.json({ callbackQueryId, updateId: update?.update_id ?? null });
  });

  app.post('/api/reset', async (c) => {
    await jsonBody(c, z.object({}).loose());
    emulator.clearChat(options.clientUserId);
    emulator.clearChat(options.staffChatId);
    delete lastQuery.client;
    delete lastQuery.staff;
    return c.json({ ok: true });
  });

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      const onChange = (): void => wake?.();
      listeners.add(onChange);
      let open = true;
      stream.onAbort(() => {
        open = false;
        listeners.delete(onChange);
        wake?.();
      });
      let sent = -1;
      while (open) {
        if (sent !== version) {
          sent = version;
          await stream.writeSSE({ event: 'change', data: String(version) });
        } else {
          await stream.writeSSE({ event: 'ping', data: '' });
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 25_000);
          function done(): void {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          }
          wake = done;
        });
        // Coalesce bursts (a bot reply often edits and sends in quick succession).
        if (open) await stream.sleep(40);
      }
      listeners.delete(onChange);
    }),
  );

  return app;
}

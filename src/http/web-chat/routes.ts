import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Transactor, Translate } from '../../core/ports.ts';
import { LANGUAGES, type Language } from '../../core/types.ts';
import { codenameBits, normaliseCodename } from '../../core/web-chat/codename.ts';
import type { WebChatLine } from '../../core/web-chat/ports.ts';
import {
  WEB_MESSAGE_MAX,
  askQuestion,
  eraseWebConversation,
  pressWebButton,
  readWebConversation,
  sendWebMessage,
  setWebLanguage,
  startWebConversation,
  type WebChatDeps,
  type WebChatRefusal,
} from '../../core/web-chat/web-chat.ts';
import { CHAT_HEADERS, html, layout, type Html } from './page.ts';

/** What the web chat's pages need. */
export interface WebChatRoutesDeps {
  transactor: Transactor;
  chat: WebChatDeps;
  t: Translate;
  now: () => number;
  /** The organisation's ambulance numbers, as the bot gives them. */
  ambulance: () => string;
  /** How long transcripts are kept (days). */
  retentionDays: () => number;
  /** Something was queued (a staff topic, a relayed message): the sender and the dashboard hear of it. */
  onChange: () => void;
}

/** Where the chat lives. */
export const CHAT_PATH = '/chat';
/** Seconds between automatic reloads, when the person leaves them on. */
const AUTO_REFRESH_SECONDS = 30;
/** A form post larger than this is refused (a 4,000-character message in UTF-8 with its fields fits many times). */
const MAX_FORM_BYTES = 64 * 1024;

type Form = Record<string, string>;

const isLanguage = (v: string | undefined): v is Language => (LANGUAGES as readonly string[]).includes(v ?? '');

/** The language from the `lang` switch, else Accept-Language (Russian unless English comes first), else `fallback`. */
function pageLanguage(c: Context, fallback?: Language): Language {
  const asked = c.req.query('lang');
  if (isLanguage(asked)) return asked;
  if (fallback) return fallback;
  const first = (c.req.header('Accept-Language') ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ru';
}

const requestId = () => randomBytes(16).toString('base64url');
const conversationPath = (codename: string) => `${CHAT_PATH}/c/${encodeURIComponent(codename)}`;

/**
 * The anonymous web chat at /chat: server-rendered HTML and forms only, no script, no cookie,
 * nothing from another origin. Every post is answered with a redirect to a page (post,
 * redirect, get), so reloading never sends anything twice.
 */
export function webChatRoutes(deps: WebChatRoutesDeps): Hono {
  const { t } = deps;
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(CHAT_HEADERS)) c.res.headers.set(name, value);
  });

  const page = (c: Context, lang: Language, title: string, body: Html, status = 200, refreshSeconds?: number) =>
    c.html(layout({ lang, title, body, ...(refreshSeconds ? { refreshSeconds } : {}) }), status as 200);

  const header = (lang: Language, path: string) => html`
    <nav><a href="${CHAT_PATH}?lang=${lang}">${t(lang, 'web-chat-home')}</a><a href="${CHAT_PATH}/about?lang=${lang}">${t(lang, 'web-chat-about-link')}</a>
    ${LANGUAGES.filter((l) => l !== lang).map((l) => html`<a href="${path}?lang=${l}" lang="${l}">${l === 'ru' ? 'Русский' : 'English'}</a>`)}</nav>
    <p class="sos"><strong>${t(lang, 'web-chat-emergency', { ambulance: deps.ambulance() })}</strong></p>`;

  const refusalPage = (c: Context, lang: Language, refusal: WebChatRefusal, back: string) => {
    const status = refusal === 'unknown-codename' ? 404 : refusal === 'too-many' || refusal === 'busy' || refusal === 'too-many-tries' ? 429 : 400;
    return page(c, lang, t(lang, 'web-chat-title'), html`${header(lang, CHAT_PATH)}<p class="error" role="alert">${t(lang, `web-chat-refused-${refusal}`, { max: WEB_MESSAGE_MAX })}</p><p><a href="${back}">${t(lang, 'web-chat-back')}</a></p>`, status);
  };

  const readForm = async (c: Context): Promise<Form | undefined> => {
    const type = c.req.header('Content-Type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
    try {
      const body = await c.req.parseBody();
      const form: Form = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v;
      return form;
    } catch {
      return undefined;
    }
  };
  const limited = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) => {
      // The rest of the oversized body is never read: the connection closes after this page, not reused.
      c.header('Connection', 'close');
      const lang = pageLanguage(c);
      return page(c, lang, t(lang, 'web-chat-title'), html`${header(lang, CHAT_PATH)}<p class="error" role="alert">${t(lang, 'web-chat-refused-too-long', { max: WEB_MESSAGE_MAX })}</p>`, 413);
    },
  });

  const startForm = (lang: Language, text = '', error?: string) => {
    const q = askQuestion(deps.chat, deps.now());
    return html`
      <h1>${t(lang, 'web-chat-title')}</h1>
      <p>${t(lang, 'web-chat-intro')}</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="${CHAT_PATH}/start?lang=${lang}">
        <label for="text">${t(lang, 'web-chat-message-label')}</label>
        <textarea id="text" name="text" maxlength="${WEB_MESSAGE_MAX}" required>${text}</textarea>
        <p class="meta">${t(lang, 'web-chat-text-only', { max: WEB_MESSAGE_MAX })}</p>
        <label for="answer">${t(lang, 'web-chat-question', { a: q.a, b: q.b })}</label>
        <input type="text" id="answer" name="answer" inputmode="numeric" autocomplete="off" required>
        <input type="hidden" name="token" value="${q.token}">
        <input type="hidden" name="lang" value="${lang}">
        <p><button type="submit">${t(lang, 'web-chat-send-first')}</button></p>
      </form>
      <h2>${t(lang, 'web-chat-return-title')}</h2>
      <form method="post" action="${CHAT_PATH}/open?lang=${lang}">
        <label for="codename">${t(lang, 'web-chat-codename-label')}</label>
        <input type="text" id="codename" name="codename" autocomplete="off" autocapitalize="none" spellcheck="false" required>
        <p><button type="submit">${t(lang, 'web-chat-open')}</button></p>
      </form>`;
  };

  app.get('/', (c) => {
    const lang = pageLanguage(c);
    return page(c, lang, t(lang, 'web-chat-title'), html`${header(lang, CHAT_PATH)}${startForm(lang)}`);
  });

  app.get('/about', (c) => {
    const lang = pageLanguage(c);
    const bits = Math.floor(codenameBits(lang));
    return page(c, lang, t(lang, 'web-chat-about-title'), html`${header(lang, `${CHAT_PATH}/about`)}<h1>${t(lang, 'web-chat-about-title')}</h1><p>${t(lang, 'web-chat-about', { days: deps.retentionDays(), bits })}</p>`);
  });

  app.post('/start', limited, async (c) => {
    const form = await readForm(c);
    const lang = isLanguage(form?.lang) ? form.lang : pageLanguage(c);
    if (!form) return refusalPage(c, lang, 'empty', CHAT_PATH);
    const result = await deps.transactor.run((store) =>
      startWebConversation(store, deps.chat, { text: form.text ?? '', token: form.token ?? '', answer: form.answer ?? '', language: lang, at: deps.now() }),
    );
    if (typeof result === 'string') {
      if (result === 'wrong-answer' || result === 'empty' || result === 'too-long') {
        // The message stays in the form: nothing written is lost to a wrong sum.
        return page(c, lang, t(lang, 'web-chat-title'), html`${header(lang, CHAT_PATH)}${startForm(lang, (form.text ?? '').slice(0, WEB_MESSAGE_MAX), t(lang, `web-chat-refused-${result}`, { max: WEB_MESSAGE_MAX }))}`, 400);
      }
      return refusalPage(c, lang, result, `${CHAT_PATH}?lang=${lang}`);
    }
    deps.onChange();
    return c.redirect(`${conversationPath(result.codename)}?lang=${lang}&new=1#latest`, 303);
  });

  app.post('/open', limited, async (c) => {
    const form = await readForm(c);
    const lang = pageLanguage(c);
    const codename = normaliseCodename(form?.codename ?? '');
    if (!codename) return refusalPage(c, lang, 'unknown-codename', `${CHAT_PATH}?lang=${lang}`);
    return c.redirect(`${conversationPath(codename)}?lang=${lang}#latest`, 303);
  });

  app.get('/c/:codename', async (c) => {
    const at = deps.now();
    const typed = c.req.param('codename');
    const asked = c.req.query('lang');
    const read = await deps.transactor.run(async (store) => {
      const found = await readWebConversation(store, deps.chat, { codename: typed, at });
      if (typeof found !== 'string' && isLanguage(asked)) await setWebLanguage(store, found.client, asked);
      return found;
    });
    const lang = pageLanguage(c, typeof read === 'string' ? undefined : read.client.language);
    if (typeof read === 'string') return refusalPage(c, lang, read, `${CHAT_PATH}?lang=${lang}`);
    const auto = c.req.query('auto') === '1';
    const path = conversationPath(read.codename);
    const self = (extra: Record<string, string>) => `${path}?${new URLSearchParams({ lang, ...(auto ? { auto: '1' } : {}), ...extra }).toString()}`;
    const action = (what: string) => `${path}/${what}?${new URLSearchParams({ lang, ...(auto ? { auto: '1' } : {}) }).toString()}`;
    const lines = read.lines.map((line) => renderLine(t, lang, line, action('press')));
    const body = html`${header(lang, path)}
      <h1>${t(lang, 'web-chat-title')}</h1>
      ${c.req.query('new') === '1' ? html`<p><strong>${t(lang, 'web-chat-codename-new')}</strong></p>` : ''}
      <p>${t(lang, 'web-chat-codename-is')}</p><p class="codename">${read.codename.split('-').join(' ')}</p>
      <p class="meta">${t(lang, 'web-chat-codename-why')}</p>
      <p><a href="${self({})}#latest">${t(lang, 'web-chat-refresh')}</a> ·
        ${auto ? html`<a href="${path}?lang=${lang}#latest">${t(lang, 'web-chat-auto-off')}</a>` : html`<a href="${path}?lang=${lang}&auto=1#latest">${t(lang, 'web-chat-auto-on', { seconds: AUTO_REFRESH_SECONDS })}</a>`}</p>
      <div>${lines}</div>
      <div id="latest"><form method="post" action="${action('send')}" class="inline"><input type="hidden" name="request" value="${requestId()}"><input type="hidden" name="sos" value="1"><button type="submit" class="sosbtn">${t(lang, 'sos-button')}</button></form></div>
      <form method="post" action="${action('send')}">
        <label for="text">${t(lang, 'web-chat-message-label')}</label>
        <textarea id="text" name="text" maxlength="${WEB_MESSAGE_MAX}" required></textarea>
        <p class="meta">${t(lang, 'web-chat-text-only', { max: WEB_MESSAGE_MAX })}</p>
        <input type="hidden" name="request" value="${requestId()}">
        <p><button type="submit">${t(lang, 'web-chat-send')}</button></p>
      </form>
      <p><a href="${path}/erase?lang=${lang}">${t(lang, 'web-chat-erase-link')}</a></p>`;
    return page(c, lang, t(lang, 'web-chat-title'), body, 200, auto ? AUTO_REFRESH_SECONDS : undefined);
  });

  const back = (c: Context, lang: Language) => {
    const auto = c.req.query('auto') === '1';
    return `${conversationPath(normaliseCodename(c.req.param('codename') ?? '') ?? '')}?lang=${lang}${auto ? '&auto=1' : ''}#latest`;
  };

  app.post('/c/:codename/send', limited, async (c) => {
    const form = await readForm(c);
    const lang = pageLanguage(c);
    if (!form || !form.request) return refusalPage(c, lang, 'empty', back(c, lang));
    const result = await deps.transactor.run((store) =>
      sendWebMessage(store, deps.chat, { codename: c.req.param('codename'), requestId: form.request ?? '', text: form.text ?? '', sos: form.sos === '1', at: deps.now() }),
    );
    // A form sent twice (a reload, a double tap) was stored once: the page is the answer either way.
    if (result !== 'sent' && result !== 'replayed') return refusalPage(c, lang, result, back(c, lang));
    if (result === 'sent') deps.onChange();
    return c.redirect(back(c, lang), 303);
  });

  app.post('/c/:codename/press', limited, async (c) => {
    const form = await readForm(c);
    const lang = pageLanguage(c);
    if (!form || !form.request || !form.data) return refusalPage(c, lang, 'empty', back(c, lang));
    const result = await deps.transactor.run((store) =>
      pressWebButton(store, deps.chat, { codename: c.req.param('codename'), requestId: form.request ?? '', data: form.data ?? '', label: form.label ?? '', at: deps.now() }),
    );
    if (result !== 'pressed' && result !== 'replayed') return refusalPage(c, lang, result, back(c, lang));
    if (result === 'pressed') deps.onChange();
    return c.redirect(back(c, lang), 303);
  });

  app.get('/c/:codename/erase', (c) => {
    const lang = pageLanguage(c);
    const path = conversationPath(normaliseCodename(c.req.param('codename')) ?? '');
    return page(c, lang, t(lang, 'web-chat-erase-link'), html`${header(lang, `${path}/erase`)}<h1>${t(lang, 'web-chat-erase-link')}</h1><p>${t(lang, 'web-chat-erase-confirm')}</p>
      <form method="post" action="${path}/erase?lang=${lang}"><input type="hidden" name="request" value="${requestId()}"><button type="submit">${t(lang, 'forget-yes')}</button></form>
      <p><a href="${path}?lang=${lang}#latest">${t(lang, 'forget-no')}</a></p>`);
  });

  app.post('/c/:codename/erase', limited, async (c) => {
    const form = await readForm(c);
    const lang = pageLanguage(c);
    if (!form || !form.request) return refusalPage(c, lang, 'empty', back(c, lang));
    const result = await deps.transactor.run((store) => eraseWebConversation(store, deps.chat, { codename: c.req.param('codename'), requestId: form.request ?? '', at: deps.now() }));
    if (result !== 'erased') return refusalPage(c, lang, result, `${CHAT_PATH}?lang=${lang}`);
    deps.onChange();
    return c.redirect(`${CHAT_PATH}/erased?lang=${lang}`, 303);
  });

  app.get('/erased', (c) => {
    const lang = pageLanguage(c);
    return page(c, lang, t(lang, 'web-chat-title'), html`${header(lang, CHAT_PATH)}<p role="status">${t(lang, 'web-chat-erased')}</p><p><a href="${CHAT_PATH}?lang=${lang}">${t(lang, 'web-chat-home')}</a></p>`);
  });

  app.notFound((c) => {
    const lang = pageLanguage(c);
    return page(c, lang, t(lang, 'web-chat-title'), html`${header(lang, CHAT_PATH)}<p class="error">${t(lang, 'web-chat-not-found')}</p><p><a href="${CHAT_PATH}?lang=${lang}">${t(lang, 'web-chat-home')}</a></p>`, 404);
  });
  app.onError((_error, c) => {
    // Never a stack, never what was written: a plain page that says to try again.
    const lang = pageLanguage(c);
    return page(c, lang, t(lang, 'web-chat-title'), html`<p class="error" role="alert">${t(lang, 'web-chat-failed', { ambulance: deps.ambulance() })}</p><p><a href="${CHAT_PATH}?lang=${lang}">${t(lang, 'web-chat-home')}</a></p>`, 500);
  });
  return app;
}

/** One line of the conversation; a bot message's buttons are forms (an old one answers as it does in Telegram). */
function renderLine(t: Translate, lang: Language, line: WebChatLine, pressAction: string): Html {
  const who = line.direction === 'in' ? t(lang, 'web-chat-you') : line.direction === 'out' ? t(lang, 'web-chat-worker') : t(lang, 'web-chat-bot');
  const text = line.kind === 'text' || line.kind === 'choice' ? (line.text ?? '') : `${t(lang, 'web-chat-media-not-shown')}${line.text ? `\n${line.text}` : ''}`;
  const guide = line.buttons.length > 0 && line.buttons.flat().some((b) => b.data.startsWith('g'));
  const buttons = line.buttons.map(
    (row) =>
      html`<div>${row.map(
        (b) =>
          html`<form method="post" action="${pressAction}" class="inline"><input type="hidden" name="request" value="${requestId()}"><input type="hidden" name="data" value="${b.data}"><input type="hidden" name="label" value="${b.label}"><button type="submit">${b.label}</button></form>`,
      )}</div>`,
  );
  const stamp = new Date(line.at).toISOString().slice(0, 16).replace('T', ' ');
  return html`<div class="line ${line.direction}${guide ? ' guide' : ''}"><span class="meta">${who} · ${stamp} UTC</span>
${text}${line.buttons.length > 0 ? html`<div>${buttons}</div>` : ''}</div>`;
}

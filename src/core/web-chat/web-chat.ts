import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { continueConversation, type ReceiveClientMessageDeps } from '../receive-client-message.ts';
import { handleClientAction } from '../receive-client-action.ts';
import { eraseClientData } from '../erase-client.ts';
import type { RelayStore } from '../ports.ts';
import type { Client, Language } from '../types.ts';
import { newCodename, normaliseCodename } from './codename.ts';
import type { WebChatLine } from './ports.ts';

/** The longest message the web chat takes (characters). */
export const WEB_MESSAGE_MAX = 4000;
/** How many lines of the conversation a page shows. */
export const WEB_PAGE_LINES = 200;
/** How long the first message's question may be answered. */
const QUESTION_TTL_MS = 60 * 60_000;

/** A limit: at most `count` events per `windowMs`. */
export interface Limit {
  count: number;
  windowMs: number;
}

/** The web chat's limits, counted in the database (so they hold across restarts and instances). */
export interface WebChatLimits {
  /** Messages and presses of one codename. */
  perCodename: Limit;
  /** Messages and presses of everyone together. */
  overall: Limit;
  /** New conversations (first messages), everyone together. */
  newConversations: Limit;
  /** Codenames tried that open nothing, everyone together: past it, no codename is looked up until the window ends. */
  failedCodenames: Limit;
}

/** Defaults: generous for people, tight for a script. */
export const DEFAULT_WEB_CHAT_LIMITS: WebChatLimits = {
  perCodename: { count: 30, windowMs: 10 * 60_000 },
  overall: { count: 600, windowMs: 60_000 },
  newConversations: { count: 60, windowMs: 60 * 60_000 },
  failedCodenames: { count: 30, windowMs: 60_000 },
};

/** What the web chat's use-cases need: the relay's, plus the keyed hash and the limits. */
export interface WebChatDeps extends ReceiveClientMessageDeps {
  /** Keyed hash of a text for one purpose (the keyring's `tag`). */
  tag(purpose: string, value: string): string;
  limits: WebChatLimits;
}

/** Why the web chat refused something; each has a page of its own. */
export type WebChatRefusal = 'unknown-codename' | 'too-many-tries' | 'too-many' | 'busy' | 'replayed' | 'wrong-answer' | 'empty' | 'too-long';

/** The keyed hash that is all the database keeps of a codename. */
function pseudonymOf(deps: WebChatDeps, codename: string): string {
  return `web:${deps.tag('web-codename', codename)}`;
}

/** A text question for a first message: two numbers to add, signed so that no state is kept until it is answered. */
export interface WebQuestion {
  a: number;
  b: number;
  /** Goes back in a hidden field; names the question, when it was asked, and a one-time id. */
  token: string;
}

/** Asks the first message's question. */
export function askQuestion(deps: Pick<WebChatDeps, 'tag'>, at: number): WebQuestion {
  const a = randomInt(2, 10);
  const b = randomInt(2, 10);
  const nonce = randomBytes(12).toString('base64url');
  const body = `${a}.${b}.${at}.${nonce}`;
  return { a, b, token: `${body}.${deps.tag('web-question', body)}` };
}

/** The one-time id of a correctly answered, fresh question; undefined otherwise. */
function checkAnswer(deps: Pick<WebChatDeps, 'tag'>, token: string, answer: string, at: number): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 5) return undefined;
  const [a, b, issued, nonce, mac] = parts as [string, string, string, string, string];
  const expected = Buffer.from(deps.tag('web-question', `${a}.${b}.${issued}.${nonce}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const age = at - Number(issued);
  if (!Number.isFinite(age) || age < 0 || age > QUESTION_TTL_MS) return undefined;
  const typed = answer.trim().replace(/\s+/g, ' ').toLowerCase();
  const sum = Number(a) + Number(b);
  return typed === String(sum) || NUMBER_WORDS[sum]?.includes(typed) ? nonce : undefined;
}

/** Sums written as words, so a person who types "seven" or "семь" is not refused. */
const NUMBER_WORDS: Record<number, readonly string[]> = {
  4: ['four', 'четыре'],
  5: ['five', 'пять'],
  6: ['six', 'шесть'],
  7: ['seven', 'семь'],
  8: ['eight', 'восемь'],
  9: ['nine', 'девять'],
  10: ['ten', 'десять'],
  11: ['eleven', 'одиннадцать'],
  12: ['twelve', 'двенадцать'],
  13: ['thirteen', 'тринадцать'],
  14: ['fourteen', 'четырнадцать'],
  15: ['fifteen', 'пятнадцать'],
  16: ['sixteen', 'шестнадцать'],
  17: ['seventeen', 'семнадцать'],
  18: ['eighteen', 'восемнадцать'],
};

/** The text of a message as the web chat takes it: trimmed; refused when empty or too long. */
function messageText(text: string): string | WebChatRefusal {
  // Control characters other than line breaks and tabs never reach the case (PostgreSQL refuses NUL in text).
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (clean === '') return 'empty';
  if (clean.length > WEB_MESSAGE_MAX) return 'too-long';
  return clean;
}

/**
 * The client a codename opens, counting a codename that opens nothing against everyone's
 * failed tries; past their limit no codename is looked up until the window ends, so guessing
 * stays as slow for a botnet as for one person.
 */
export async function openCodename(store: RelayStore, deps: WebChatDeps, typed: string, at: number): Promise<{ client: Client; codename: string } | 'unknown-codename' | 'too-many-tries'> {
  const { failedCodenames } = deps.limits;
  if ((await store.webChat.count('failed-codenames', at)) >= failedCodenames.count) return 'too-many-tries';
  const codename = normaliseCodename(typed);
  const client = codename === undefined ? undefined : await store.clients.findWeb(pseudonymOf(deps, codename), at);
  if (!client || codename === undefined) {
    await store.webChat.hit('failed-codenames', failedCodenames.count, failedCodenames.windowMs, at);
    return 'unknown-codename';
  }
  return { client, codename };
}

/** Counts one message or press of a codename against its own limit and everyone's. */
async function withinLimits(store: RelayStore, deps: WebChatDeps, client: Client, at: number): Promise<WebChatRefusal | undefined> {
  const { perCodename, overall } = deps.limits;
  if (!(await store.webChat.hit('all', overall.count, overall.windowMs, at))) return 'busy';
  if (!(await store.webChat.hit(`client:${client.id}`, perCodename.count, perCodename.windowMs, at))) return 'too-many';
  return undefined;
}

/**
 * A first message on the web chat: once the question is answered (and its one-time id was
 * never used), a new web-chat client with a fresh codename, and their message goes into a new
 * case exactly as a Telegram message would (triage, guide, after-hours answer, staff topic).
 */
export async function startWebConversation(
  store: RelayStore,
  deps: WebChatDeps,
  input: { text: string; token: string; answer: string; language: Language; at: number },
): Promise<{ codename: string } | WebChatRefusal> {
  const text = messageText(input.text);
  if (text === 'empty' || text === 'too-long') return text;
  const nonce = checkAnswer(deps, input.token, input.answer, input.at);
  if (nonce === undefined) return 'wrong-answer';
  const { newConversations, overall } = deps.limits;
  if (!(await store.webChat.hit('all', overall.count, overall.windowMs, input.at))) return 'busy';
  if (!(await store.webChat.hit('new', newConversations.count, newConversations.windowMs, input.at))) return 'busy';
  if (!(await store.cases.claimRequest(`web-start:${nonce}`, input.at))) return 'replayed';
  const codename = newCodename(input.language);
  const client = await store.clients.createWeb({ pseudonym: pseudonymOf(deps, codename), language: input.language, at: input.at });
  await continueConversation(store, deps, client, { key: `web:${nonce}`, at: input.at, kind: 'text', text, media: null, sos: false });
  return { codename };
}

/** A later message (or 🆘) with a codename; `requestId` is the form's one-time id, so a resent form is stored once. */
export async function sendWebMessage(
  store: RelayStore,
  deps: WebChatDeps,
  input: { codename: string; requestId: string; text: string; sos: boolean; at: number },
): Promise<'sent' | WebChatRefusal> {
  const opened = await openCodename(store, deps, input.codename, input.at);
  if (typeof opened === 'string') return opened;
  const text = input.sos ? deps.t(opened.client.language, 'sos-button') : messageText(input.text);
  if (text === 'empty' || text === 'too-long') return text;
  // Limits first: a refused form keeps its id, so sending it again later still works.
  const refused = await withinLimits(store, deps, opened.client, input.at);
  if (refused) return refused;
  if (!(await store.cases.claimRequest(`web:${input.requestId}`, input.at))) return 'replayed';
  await continueConversation(store, deps, opened.client, { key: `web:${input.requestId}`, at: input.at, kind: 'text', text, media: null, sos: input.sos });
  return 'sent';
}

/** A press of one of the bot's buttons, sent as a form; it does what the button does in Telegram. */
export async function pressWebButton(
  store: RelayStore,
  deps: WebChatDeps,
  input: { codename: string; requestId: string; data: string; label: string; at: number },
): Promise<'pressed' | WebChatRefusal> {
  const opened = await openCodename(store, deps, input.codename, input.at);
  if (typeof opened === 'string') return opened;
  // Limits first: a refused form keeps its id, so sending it again later still works.
  const refused = await withinLimits(store, deps, opened.client, input.at);
  if (refused) return refused;
  if (!(await store.cases.claimRequest(`web:${input.requestId}`, input.at))) return 'replayed';
  await handleClientAction(store, deps, opened.client, { key: `web:${input.requestId}`, at: input.at, data: input.data.slice(0, 64), label: input.label.slice(0, 200) });
  return 'pressed';
}

/** The conversation a codename opens, for its page. */
export async function readWebConversation(store: RelayStore, deps: WebChatDeps, input: { codename: string; at: number }): Promise<{ client: Client; codename: string; lines: WebChatLine[] } | WebChatRefusal> {
  const opened = await openCodename(store, deps, input.codename, input.at);
  if (typeof opened === 'string') return opened;
  const lines = await store.webChat.conversation(opened.client.id, WEB_PAGE_LINES);
  const newest = lines.at(-1);
  if (newest) await store.webChat.markShown(opened.client.id, newest.at, input.at);
  return { ...opened, lines };
}

/** Sets the language the bot writes to this person in (guides, answers). */
export async function setWebLanguage(store: RelayStore, client: Client, language: Language): Promise<void> {
  if (client.language !== language) await store.clients.setLanguage(client.id, language);
}

/**
 * "Erase my conversation": what /forget does in Telegram. Their messages' text is deleted, the
 * codename opens nothing any more (its hash is cut from the client), the open case closes,
 * the relayed copies in the staff topic are deleted where Telegram still allows it, and the
 * topic is told; only the coded, text-free case remains for reports.
 */
export async function eraseWebConversation(store: RelayStore, deps: WebChatDeps, input: { codename: string; requestId: string; at: number }): Promise<'erased' | WebChatRefusal> {
  const opened = await openCodename(store, deps, input.codename, input.at);
  if (typeof opened === 'string') return opened;
  if (!(await store.cases.claimRequest(`web:${input.requestId}`, input.at))) return 'replayed';
  await eraseClientData(store, deps, { client: opened.client, chatId: null, at: input.at, key: `web:${input.requestId}`, alsoDelete: [] });
  return 'erased';
}

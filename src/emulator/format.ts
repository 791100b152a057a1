/**
 * Text formatting as Telegram applies it: `parse_mode: "HTML"` becomes plain text plus
 * entities, and commands in human messages get `bot_command` entities (grammY's
 * `bot.command()` matches on those, not on the text). MarkdownV2 is passed through as
 * plain text: the emulator does not check Markdown escaping.
 */
import type { MessageEntity } from 'grammy/types';
import { badRequest } from './errors.ts';

const HTML_TAGS: Readonly<Record<string, MessageEntity['type']>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  code: 'code',
  pre: 'pre',
  a: 'text_link',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  tag: string;
  start: number;
  attrs: string;
  language?: string;
}

/** Plain text with entities, as Telegram stores a formatted message. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** Turns Telegram-flavoured HTML into text and entities; throws Telegram's 400 on bad markup. */
export function parseHtml(html: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) throw badRequest(`can't parse entities: Unclosed start tag at byte offset ${i}`);
      const raw = html.slice(i + 1, end).trim();
      const closing = raw.startsWith('/');
      const tag = (closing ? raw.slice(1) : raw).split(/\s/, 1)[0]?.toLowerCase() ?? '';
      if (!(tag in HTML_TAGS)) {
        throw badRequest(`can't parse entities: Unsupported start tag "${tag}" at byte offset ${i}`);
      }
      if (closing) {
        const open = stack.pop();
        if (!open || open.tag !== tag) {
          throw badRequest(`can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${open?.tag ?? ''}>", found "</${tag}>"`);
        }
        closeTag(open, text.length, stack, entities);
      } else {
        stack.push({ tag, start: text.length, attrs: raw.slice(tag.length) });
      }
      i = end + 1;
    } else if (ch === '&') {
      const semi = html.indexOf(';', i);
      const name = semi > i ? html.slice(i + 1, semi) : '';
      const decoded = decodeEntity(name);
      if (decoded === undefined) {
        text += '&';
        i += 1;
      } else {
        text += decoded;
        i = semi + 1;
      }
    } else {
      text += ch;
      i += 1;
    }
  }
  const unclosed = stack.pop();
  if (unclosed) {
    throw badRequest(`can't parse entities: Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  }
  entities.sort((a, b) => a.offset - b.offset);
  return { text, entities };
}

function decodeEntity(name: string): string | undefined {
  if (name in NAMED_ENTITIES) return NAMED_ENTITIES[name];
  const numeric = /^#(x[0-9a-f]+|\d+)$/i.exec(name)?.[1];
  if (numeric === undefined) return undefined;
  const code = numeric.startsWith('x') || numeric.startsWith('X') ? parseInt(numeric.slice(1), 16) : Number(numeric);
  return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function attr(attrs: string, name: string): string | undefined {
  const match = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function closeTag(open: OpenTag, end: number, stack: OpenTag[], entities: MessageEntity[]): void {
  const length = end - open.start;
  const parent = stack.at(-1);
  if (open.tag === 'code' && parent?.tag === 'pre') {
    const language = /language-([\w+-]+)/.exec(attr(open.attrs, 'class') ?? '')?.[1];
    if (language) parent.language = language;
    return;
  }
  if (length === 0) return;
  const type = HTML_TAGS[open.tag] ?? 'bold';
  if (open.tag === 'span' && !/tg-spoiler/.test(attr(open.attrs, 'class') ?? '')) {
    throw badRequest(`can't parse entities: Tag "span" must have class "tg-spoiler"`);
  }
  if (type === 'text_link') {
    const url = attr(open.attrs, 'href');
    if (url) entities.push({ type: 'text_link', offset: open.start, length, url });
    return;
  }
  if (type === 'pre') {
    entities.push(open.language ? { type, offset: open.start, length, language: open.language } : { type, offset: open.start, length });
    return;
  }
  if (type === 'custom_emoji') {
    entities.push({ type, offset: open.start, length, custom_emoji_id: attr(open.attrs, 'emoji-id') ?? '0' });
    return;
  }
  if (type === 'blockquote' && /expandable/i.test(open.attrs)) {
    entities.push({ type: 'expandable_blockquote', offset: open.start, length });
    return;
  }
  entities.push({ type, offset: open.start, length } as MessageEntity);
}

/** Finds `/command` and `/command@bot` at word starts, as Telegram marks them. */
export function detectCommandEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const pattern = /(^|\s)(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,})?)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const lead = match[1] ?? '';
    const command = match[2] ?? '';
    entities.push({ type: 'bot_command', offset: match.index + lead.length, length: command.length });
  }
  return entities;
}

/**
 * Trims text the way Telegram does before storing it, shifting entities along.
 * Entities that fall entirely into the trimmed whitespace are dropped.
 */
export function trimFormatted({ text, entities }: FormattedText): FormattedText {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const shifted = entities
    .map((e) => {
      const start = Math.max(0, e.offset - lead);
      const end = Math.min(trimmed.length, e.offset - lead + e.length);
      return { ...e, offset: start, length: end - start };
    })
    .filter((e) => e.length > 0);
  return { text: trimmed, entities: shifted };
}

/**
 * Text as the bot supplied it (explicit entities, `parse_mode`, or plain) turned into what
 * Telegram stores: parsed, then trimmed.
 */
export function formatInput(
  text: string,
  parseMode: string | undefined,
  entities: MessageEntity[] | undefined,
): FormattedText {
  if (entities && entities.length > 0) return trimFormatted({ text, entities });
  if (parseMode === 'HTML') return trimFormatted(parseHtml(text));
  return trimFormatted({ text, entities: [] });
}

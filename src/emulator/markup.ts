/**
 * Validation of `reply_markup`, with Telegram's error wording for the mistakes bots
 * actually make (callback_data over 64 bytes, buttons without an action).
 */
import { z } from 'zod';
import type { InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton } from 'grammy/types';
import { badRequest } from './errors.ts';
import type { AnyReplyMarkup } from './types.ts';

const INLINE_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

const inlineButtonSchema = z.looseObject({ text: z.string() });
const keyboardButtonSchema = z.union([z.string(), z.looseObject({ text: z.string() })]);

const inlineMarkupSchema = z.looseObject({ inline_keyboard: z.array(z.array(inlineButtonSchema)) });
const keyboardMarkupSchema = z.looseObject({ keyboard: z.array(z.array(keyboardButtonSchema)) });
const otherMarkupSchema = z.union([
  z.looseObject({ remove_keyboard: z.literal(true) }),
  z.looseObject({ force_reply: z.literal(true) }),
]);

/**
 * Parses and checks a `reply_markup` parameter (object or JSON string).
 * Returns `undefined` when absent.
 */
export function parseReplyMarkup(raw: unknown): AnyReplyMarkup | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
  }
  const inline = inlineMarkupSchema.safeParse(value);
  if (inline.success) {
    for (const row of inline.data.inline_keyboard) for (const button of row) checkInlineButton(button);
    return inline.data as unknown as InlineKeyboardMarkup;
  }
  const reply = keyboardMarkupSchema.safeParse(value);
  if (reply.success) {
    const keyboard: KeyboardButton[][] = reply.data.keyboard.map((row) =>
      row.map((button) => (typeof button === 'string' ? { text: button } : (button as unknown as KeyboardButton))),
    );
    if (keyboard.some((row) => row.some((b) => (typeof b === 'string' ? b : b.text).length === 0))) {
      throw badRequest('keyboard button text is empty');
    }
    return { ...reply.data, keyboard } as unknown as AnyReplyMarkup;
  }
  const other = otherMarkupSchema.safeParse(value);
  if (!other.success) throw badRequest("can't parse reply keyboard markup JSON object");
  return other.data as unknown as AnyReplyMarkup;
}

function checkInlineButton(button: Record<string, unknown>): void {
  if (typeof button['text'] !== 'string' || button['text'].length === 0) {
    throw badRequest('text buttons are unallowed in the inline keyboard');
  }
  const actions = INLINE_ACTIONS.filter((key) => button[key] !== undefined);
  if (actions.length !== 1) {
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field");
  }
  const data = button['callback_data'];
  if (data !== undefined) {
    const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
    if (size < 1 || size > 64) throw badRequest('BUTTON_DATA_INVALID');
  }
  const url = button['url'];
  if (url !== undefined && (typeof url !== 'string' || !/^(https?|tg):\/\//i.test(url))) {
    throw badRequest('BUTTON_URL_INVALID');
  }
}

/** Narrows a stored markup to an inline keyboard, the only kind Telegram echoes in `Message`. */
export function inlineOnly(markup: AnyReplyMarkup | undefined): InlineKeyboardMarkup | undefined {
  return markup && 'inline_keyboard' in markup ? markup : undefined;
}

/** Every callback_data of an inline keyboard, for checking a simulated button press. */
export function callbackDataOf(markup: InlineKeyboardMarkup | undefined): string[] {
  const out: string[] = [];
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row as InlineKeyboardButton[]) {
      if ('callback_data' in button && typeof button.callback_data === 'string') out.push(button.callback_data);
    }
  }
  return out;
}

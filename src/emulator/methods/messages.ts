/**
 * Sending, copying, forwarding, editing and deleting messages.
 */
import { z } from 'zod';
import type { Message, MessageEntity, MessageId, MessageOrigin } from 'grammy/types';
import { badRequest } from '../errors.ts';
import { formatInput } from '../format.ts';
import { inlineOnly, parseReplyMarkup } from '../markup.ts';
import { boolParam, chatIdParam, intParam, jsonParam, parseModeParam, parseParams, stringParam } from '../params.ts';
import { postBotMessage, resolveTarget } from '../send.ts';
import type { ChatRecord, MessageRecord } from '../types.ts';
import type { MessageDraft, World } from '../world.ts';
import type { MethodTable } from './registry.ts';
import { captionShape, entitiesParam, messageRefShape, targetShape } from './schemas.ts';

/** Message fields that make up its content (what copyMessage carries over). */
const CONTENT_KEYS = [
  'text',
  'entities',
  'photo',
  'voice',
  'video',
  'document',
  'sticker',
  'location',
  'venue',
  'contact',
  'animation',
  'audio',
  'video_note',
  'caption',
  'caption_entities',
  'dice',
  'poll',
] as const;

/** Keys of content that can carry a caption. */
const CAPTION_KINDS = ['photo', 'video', 'document', 'voice', 'audio', 'animation'] as const;

const MAX_AGE_SECONDS = 48 * 3600;

const sendMessageSchema = z.object({
  ...targetShape,
  text: stringParam.optional(),
  parse_mode: parseModeParam,
  entities: entitiesParam,
  link_preview_options: z.unknown().optional(),
});

const copySchema = z.object({
  ...targetShape,
  ...captionShape,
  from_chat_id: chatIdParam,
  message_id: intParam,
  show_caption_above_media: boolParam.optional(),
});

const messageIdsParam = jsonParam(z.array(intParam).min(1).max(100));

const copyManySchema = z.object({
  chat_id: chatIdParam,
  message_thread_id: intParam.optional(),
  from_chat_id: chatIdParam,
  message_ids: messageIdsParam,
  remove_caption: boolParam.optional(),
  disable_notification: boolParam.optional(),
  protect_content: boolParam.optional(),
});

const forwardSchema = z.object({
  chat_id: chatIdParam,
  message_thread_id: intParam.optional(),
  from_chat_id: chatIdParam,
  message_id: intParam,
  disable_notification: boolParam.optional(),
  protect_content: boolParam.optional(),
});

const editTextSchema = z.object({
  ...messageRefShape,
  text: stringParam.optional(),
  parse_mode: parseModeParam,
  entities: entitiesParam,
  reply_markup: z.unknown().optional(),
  link_preview_options: z.unknown().optional(),
});

const editCaptionSchema = z.object({ ...messageRefShape, ...captionShape, reply_markup: z.unknown().optional() });
const editMarkupSchema = z.object({ ...messageRefShape, reply_markup: z.unknown().optional() });
const deleteManySchema = z.object({ chat_id: chatIdParam, message_ids: messageIdsParam });

/** Validates and formats message text: 1..4096 characters after trimming. */
export function messageText(
  text: string | undefined,
  parseMode: string | undefined,
  entities: MessageEntity[] | undefined,
): Partial<MessageDraft> {
  if (text === undefined || text.trim().length === 0) throw badRequest('message text is empty');
  const formatted = formatInput(text, parseMode, entities);
  if (formatted.text.length === 0) throw badRequest('message text is empty');
  if (formatted.text.length > 4096) throw badRequest('message is too long');
  return formatted.entities.length > 0 ? { text: formatted.text, entities: formatted.entities } : { text: formatted.text };
}

/** Validates and formats a caption: up to 1024 characters after parsing. */
export function messageCaption(
  caption: string | undefined,
  parseMode: string | undefined,
  entities: MessageEntity[] | undefined,
): Partial<MessageDraft> {
  if (caption === undefined) return {};
  const formatted = formatInput(caption, parseMode, entities);
  if (formatted.text.length > 1024) throw badRequest('message caption is too long');
  if (formatted.text.length === 0) return {};
  return formatted.entities.length > 0
    ? { caption: formatted.text, caption_entities: formatted.entities }
    : { caption: formatted.text };
}

function contentOf(message: Message): Partial<MessageDraft> {
  const content: Record<string, unknown> = {};
  for (const key of CONTENT_KEYS) {
    const value = message[key];
    if (value !== undefined) content[key] = value;
  }
  return content as Partial<MessageDraft>;
}

function hasCaptionSlot(message: Message): boolean {
  return CAPTION_KINDS.some((kind) => message[kind] !== undefined);
}

function sourceMessage(world: World, chatId: number | string, messageId: number, verb: string): MessageRecord {
  const chat = world.requireChat(chatId);
  const record = chat.messages.get(messageId);
  if (!record) throw badRequest(`message to ${verb} not found`);
  return record;
}

/** Finds a message the bot may edit, with Telegram's wording for each refusal. */
function editableMessage(world: World, chatId: number | string, messageId: number): { chat: ChatRecord; record: MessageRecord } {
  const chat = world.requireChat(chatId);
  const record = chat.messages.get(messageId);
  if (!record) throw badRequest('message to edit not found');
  const ownChannelPost = chat.chat.type === 'channel' && record.message.sender_chat?.id === chat.chat.id;
  if (record.message.from?.id !== world.bot.id && !ownChannelPost) throw badRequest("message can't be edited");
  return { chat, record };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

function applyEdit(world: World, chat: ChatRecord, record: MessageRecord, changes: Partial<Message>, dropKeys: string[]): Message {
  const next: Record<string, unknown> = { ...record.message, ...changes, edit_date: world.unixNow() };
  for (const key of dropKeys) if (!(key in changes) || changes[key as keyof Message] === undefined) delete next[key];
  record.message = next as unknown as Message;
  world.touched(chat.chat.id);
  return record.message;
}

function canDelete(world: World, chat: ChatRecord, message: Message): boolean {
  if (message.forum_topic_created) return false;
  const age = world.unixNow() - message.date;
  if (chat.chat.type === 'private') return age < MAX_AGE_SECONDS;
  if (world.botRights(chat)?.can_delete_messages) return true;
  return message.from?.id === world.bot.id && age < MAX_AGE_SECONDS;
}

function forwardOrigin(message: Message): MessageOrigin {
  if (message.forward_origin) return message.forward_origin;
  if (message.chat.type === 'channel') {
    return { type: 'channel', chat: message.chat, message_id: message.message_id, date: message.date };
  }
  if (message.sender_chat) return { type: 'chat', sender_chat: message.sender_chat, date: message.date };
  if (message.from) return { type: 'user', sender_user: message.from, date: message.date };
  return { type: 'hidden_user', sender_user_name: 'Deleted Account', date: message.date };
}

/** sendMessage, copy/forward, edits, deletions, chat actions and callback answers. */
export const messageMethods: MethodTable = {
  sendMessage({ world }, raw) {
    const params = parseParams(sendMessageSchema, raw);
    const content = messageText(params.text, params.parse_mode, params.entities);
    const markup = parseReplyMarkup(params.reply_markup);
    return postBotMessage(world, resolveTarget(world, params), content, markup);
  },

  copyMessage({ world }, raw): MessageId {
    const params = parseParams(copySchema, raw);
    const source = sourceMessage(world, params.from_chat_id, params.message_id, 'copy').message;
    const content = contentOf(source);
    if (Object.keys(content).length === 0) throw badRequest("message can't be copied");
    if (params.caption !== undefined && hasCaptionSlot(source)) {
      delete content.caption;
      delete content.caption_entities;
      Object.assign(content, messageCaption(params.caption, params.parse_mode, params.caption_entities));
    }
    const markup = parseReplyMarkup(params.reply_markup);
    const message = postBotMessage(world, resolveTarget(world, params), content, markup);
    return { message_id: message.message_id };
  },

  copyMessages({ world }, raw): MessageId[] {
    const params = parseParams(copyManySchema, raw);
    const from = world.requireChat(params.from_chat_id);
    const target = resolveTarget(world, params);
    const ids: MessageId[] = [];
    for (const id of [...new Set(params.message_ids)].sort((a, b) => a - b)) {
      const source = from.messages.get(id)?.message;
      if (!source) continue;
      const content = contentOf(source);
      if (Object.keys(content).length === 0) continue;
      if (params.remove_caption) {
        delete content.caption;
        delete content.caption_entities;
      }
      ids.push({ message_id: postBotMessage(world, { ...target }, content).message_id });
    }
    if (ids.length === 0) throw badRequest('message to copy not found');
    return ids;
  },

  forwardMessage({ world }, raw) {
    const params = parseParams(forwardSchema, raw);
    const source = sourceMessage(world, params.from_chat_id, params.message_id, 'forward').message;
    const content = contentOf(source);
    if (Object.keys(content).length === 0) throw badRequest("message can't be forwarded");
    const target = resolveTarget(world, params);
    return postBotMessage(world, target, { ...content, forward_origin: forwardOrigin(source) });
  },

  editMessageText({ world }, raw) {
    const params = parseParams(editTextSchema, raw);
    const { chat, record } = editableMessage(world, params.chat_id, params.message_id);
    if (record.message.text === undefined) throw badRequest('there is no text in the message to edit');
    const content = messageText(params.text, params.parse_mode, params.entities);
    const markup = inlineOnly(parseReplyMarkup(params.reply_markup));
    if (
      content.text === record.message.text &&
      sameJson(content.entities, record.message.entities) &&
      sameJson(markup, record.message.reply_markup)
    ) {
      throw badRequest(NOT_MODIFIED);
    }
    return applyEdit(world, chat, record, { ...content, reply_markup: markup } as Partial<Message>, [
      'entities',
      'reply_markup',
    ]);
  },

  editMessageCaption({ world }, raw) {
    const params = parseParams(editCaptionSchema, raw);
    const { chat, record } = editableMessage(world, params.chat_id, params.message_id);
    if (!hasCaptionSlot(record.message)) throw badRequest('there is no caption in the message to edit');
    const content = messageCaption(params.caption ?? '', params.parse_mode, params.caption_entities);
    const markup = inlineOnly(parseReplyMarkup(params.reply_markup));
    if (
      content.caption === record.message.caption &&
      sameJson(content.caption_entities, record.message.caption_entities) &&
      sameJson(markup, record.message.reply_markup)
    ) {
      throw badRequest(NOT_MODIFIED);
    }
    return applyEdit(world, chat, record, { ...content, reply_markup: markup } as Partial<Message>, [
      'caption',
      'caption_entities',
      'reply_markup',
    ]);
  },

  editMessageReplyMarkup({ world }, raw) {
    const params = parseParams(editMarkupSchema, raw);
    const { chat, record } = editableMessage(world, params.chat_id, params.message_id);
    const parsed = parseReplyMarkup(params.reply_markup);
    if (parsed && !('inline_keyboard' in parsed)) throw badRequest('inline keyboard expected');
    const markup = inlineOnly(parsed);
    if (sameJson(markup, record.message.reply_markup)) throw badRequest(NOT_MODIFIED);
    return applyEdit(world, chat, record, { reply_markup: markup } as Partial<Message>, ['reply_markup']);
  },

  deleteMessage({ world }, raw) {
    const params = parseParams(z.object(messageRefShape), raw);
    const chat = world.requireChat(params.chat_id);
    const record = chat.messages.get(params.message_id);
    if (!record) throw badRequest('message to delete not found');
    if (!canDelete(world, chat, record.message)) throw badRequest("message can't be deleted for everyone");
    world.removeMessage(chat, params.message_id);
    return true;
  },

  deleteMessages({ world }, raw) {
    const params = parseParams(deleteManySchema, raw);
    const chat = world.requireChat(params.chat_id);
    let deleted = 0;
    for (const id of params.message_ids) {
      const record = chat.messages.get(id);
      if (record && canDelete(world, chat, record.message)) {
        world.removeMessage(chat, id);
        deleted += 1;
      }
    }
    if (deleted === 0) throw badRequest('message to delete not found');
    return true;
  },
};

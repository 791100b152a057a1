/**
 * What every sending method shares: resolving the target chat, thread and reply, the
 * permission checks Telegram makes before a bot may post, rate limits, and appending
 * the bot's message.
 */
import type { Message } from 'grammy/types';
import { badRequest, forbidden } from './errors.ts';
import type { AnyReplyMarkup, ChatRecord, TopicRecord } from './types.ts';
import { inlineOnly } from './markup.ts';
import { shallowMessage, type MessageDraft, type World } from './world.ts';

/** Where a bot message goes. */
export interface SendTarget {
  chat: ChatRecord;
  threadId?: number;
  topic?: TopicRecord;
  replyTo?: Message;
}

/** Targeting parameters shared by sending methods (already validated). */
export interface TargetParams {
  chat_id: number | string;
  message_thread_id?: number | undefined;
  reply_to_message_id?: number | undefined;
  reply_parameters?: { message_id: number; allow_sending_without_reply?: boolean | undefined } | undefined;
  allow_sending_without_reply?: boolean | undefined;
}

/** Throws Telegram's 403/400 when the bot may not post into `chat` at all. */
export function assertBotCanPost(world: World, chat: ChatRecord): void {
  const type = chat.chat.type;
  if (type === 'private') {
    const record = world.requireUser(chat.chat.id);
    if (record.user.is_bot) throw forbidden("bot can't send messages to bots");
    if (record.blockedBot) throw forbidden('bot was blocked by the user');
    const joinedRecently = record.joinRequestAt !== undefined && world.unixNow() - record.joinRequestAt < 300;
    if (!record.startedBot && !joinedRecently) throw forbidden("bot can't initiate conversation with a user");
    return;
  }
  const status = chat.members.get(world.bot.id)?.status;
  const noun = type === 'channel' ? 'channel' : type === 'supergroup' ? 'supergroup' : 'group';
  if (status === 'kicked') throw forbidden(`bot was kicked from the ${noun} chat`);
  if (status === undefined || status === 'left') throw forbidden(`bot is not a member of the ${noun} chat`);
  if (type === 'channel' && !world.botRights(chat)?.can_post_messages) {
    throw badRequest('need administrator rights in the channel chat');
  }
  if (status === 'restricted' && chat.members.get(world.bot.id)?.permissions?.can_send_messages === false) {
    throw badRequest('not enough rights to send text messages to the chat');
  }
}

/** Resolves chat, thread and reply for a bot message, checking everything Telegram checks. */
export function resolveTarget(world: World, params: TargetParams): SendTarget {
  const chat = world.requireChat(params.chat_id);
  assertBotCanPost(world, chat);
  const target: SendTarget = { chat };
  if (params.message_thread_id !== undefined) applyThread(chat, params.message_thread_id, target);

  const replyId = params.reply_parameters?.message_id ?? params.reply_to_message_id;
  if (replyId !== undefined) {
    const replied = chat.messages.get(replyId)?.message;
    const allowMissing = params.reply_parameters?.allow_sending_without_reply ?? params.allow_sending_without_reply;
    if (!replied) {
      if (!allowMissing) throw badRequest('message to be replied not found');
    } else {
      target.replyTo = replied;
      if (replied.is_topic_message && replied.message_thread_id !== undefined && target.threadId === undefined) {
        applyThread(chat, replied.message_thread_id, target);
      }
    }
  }
  if (target.topic && !target.replyTo) {
    target.replyTo = chat.messages.get(target.topic.topic.message_thread_id)?.message;
  }
  return target;
}

function applyThread(chat: ChatRecord, threadId: number, target: SendTarget): void {
  const topic = chat.topics.get(threadId);
  if (topic) {
    target.threadId = threadId;
    target.topic = topic;
    return;
  }
  const isForum = chat.chat.type === 'supergroup' && chat.chat.is_forum === true;
  if (!isForum && chat.chat.type === 'supergroup' && chat.messages.has(threadId)) {
    target.threadId = threadId;
    return;
  }
  throw badRequest('message thread not found');
}

/** Fields a message in `target` carries besides its content. */
export function placementFields(target: SendTarget): Partial<MessageDraft> {
  const fields: Partial<MessageDraft> = {};
  if (target.threadId !== undefined) {
    fields.message_thread_id = target.threadId;
    if (target.topic) fields.is_topic_message = true;
  }
  if (target.replyTo) fields.reply_to_message = shallowMessage(target.replyTo) as MessageDraft['reply_to_message'];
  return fields;
}

/**
 * Appends a bot message to the target chat after the rate limit check; emits `botMessage`.
 * Returns the message as the Bot API returns it (only inline keyboards are echoed).
 */
export function postBotMessage(
  world: World,
  target: SendTarget,
  content: Partial<MessageDraft>,
  replyMarkup?: AnyReplyMarkup,
): Message {
  const { chat } = target;
  world.rateLimiter.check(chat.chat.id, chat.chat.type === 'private');
  const sender: Partial<MessageDraft> =
    chat.chat.type === 'channel' ? { sender_chat: chat.chat } : { from: world.bot };
  const inline = inlineOnly(replyMarkup);
  const draft = {
    ...sender,
    ...placementFields(target),
    ...content,
    ...(inline ? { reply_markup: inline } : {}),
  } as MessageDraft;
  const record = world.addMessage(chat, draft, replyMarkup);
  if (replyMarkup && chat.chat.type === 'private') {
    if ('keyboard' in replyMarkup) chat.activeKeyboard = replyMarkup;
    else if ('remove_keyboard' in replyMarkup) chat.activeKeyboard = undefined;
  }
  world.events.emit('botMessage', record.message);
  return record.message;
}

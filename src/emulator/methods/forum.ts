/**
 * Forum topics: create, edit, close, reopen and delete, each posting the service
 * message Telegram posts into the topic.
 */
import { z } from 'zod';
import type { ForumTopic } from 'grammy/types';
import { badRequest } from '../errors.ts';
import { chatIdParam, intParam, parseParams, stringParam } from '../params.ts';
import type { ChatRecord, TopicRecord } from '../types.ts';
import type { MessageDraft, World } from '../world.ts';
import type { MethodTable } from './registry.ts';

/** The six colours Telegram allows for topic icons. */
export const TOPIC_COLORS = [0x6fb9f0, 0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f] as const;

const createSchema = z.object({
  chat_id: chatIdParam,
  name: stringParam,
  icon_color: intParam.optional(),
  icon_custom_emoji_id: stringParam.optional(),
});

const topicRefSchema = z.object({ chat_id: chatIdParam, message_thread_id: intParam });

const editSchema = topicRefSchema.extend({
  name: stringParam.optional(),
  icon_custom_emoji_id: stringParam.optional(),
});

function forumChat(world: World, chatId: number | string): ChatRecord {
  const chat = world.requireChat(chatId);
  if (chat.chat.type !== 'supergroup' || chat.chat.is_forum !== true) throw badRequest('the chat is not a forum');
  if (!world.botIsMember(chat)) throw badRequest('chat not found');
  return chat;
}

function topicOf(chat: ChatRecord, threadId: number): TopicRecord {
  const topic = chat.topics.get(threadId);
  if (!topic) throw badRequest('message thread not found');
  return topic;
}

function requireTopicRights(world: World, chat: ChatRecord): void {
  if (!world.botRights(chat)?.can_manage_topics) throw badRequest('not enough rights to manage topics');
}

function checkName(name: string): string {
  if (name.trim().length === 0) throw badRequest('name is empty');
  if (name.length > 128) throw badRequest('TOPIC_NAME_INVALID');
  return name;
}

function postService(world: World, chat: ChatRecord, threadId: number, fields: Partial<MessageDraft>): void {
  const root = chat.messages.get(threadId)?.message;
  world.addMessage(chat, {
    from: world.bot,
    message_thread_id: threadId,
    is_topic_message: true,
    ...(root ? { reply_to_message: root } : {}),
    ...fields,
  } as MessageDraft);
}

/** createForumTopic, editForumTopic, closeForumTopic, reopenForumTopic, deleteForumTopic. */
export const forumMethods: MethodTable = {
  createForumTopic({ world }, raw): ForumTopic {
    const params = parseParams(createSchema, raw);
    const chat = forumChat(world, params.chat_id);
    if (!world.botRights(chat)?.can_manage_topics) throw badRequest('not enough rights to create a topic');
    const name = checkName(params.name);
    // A new topic posts its service message into the group: it counts against the group's limit.
    world.rateLimiter.check(chat.chat.id, false);
    const color = params.icon_color ?? TOPIC_COLORS[chat.topics.size % TOPIC_COLORS.length] ?? TOPIC_COLORS[0];
    if (!(TOPIC_COLORS as readonly number[]).includes(color)) throw badRequest('TOPIC_COLOR_INVALID');
    const threadId = chat.nextMessageId;
    const topic: ForumTopic = {
      message_thread_id: threadId,
      name,
      icon_color: color,
      ...(params.icon_custom_emoji_id ? { icon_custom_emoji_id: params.icon_custom_emoji_id } : {}),
    };
    chat.topics.set(threadId, { topic, closed: false, lastMessageId: threadId, lastActivity: 0 });
    world.addMessage(chat, {
      from: world.bot,
      message_thread_id: threadId,
      is_topic_message: true,
      forum_topic_created: {
        name,
        icon_color: color,
        ...(params.icon_custom_emoji_id ? { icon_custom_emoji_id: params.icon_custom_emoji_id } : {}),
      },
    } as MessageDraft);
    return topic;
  },

  editForumTopic({ world }, raw) {
    const params = parseParams(editSchema, raw);
    const chat = forumChat(world, params.chat_id);
    const record = topicOf(chat, params.message_thread_id);
    requireTopicRights(world, chat);
    const name = params.name === undefined ? undefined : checkName(params.name);
    const sameName = name === undefined || name === record.topic.name;
    const sameIcon =
      params.icon_custom_emoji_id === undefined || params.icon_custom_emoji_id === record.topic.icon_custom_emoji_id;
    if (sameName && sameIcon) throw badRequest('TOPIC_NOT_MODIFIED');
    record.topic = {
      ...record.topic,
      ...(name === undefined ? {} : { name }),
      ...(params.icon_custom_emoji_id === undefined ? {} : { icon_custom_emoji_id: params.icon_custom_emoji_id }),
    };
    postService(world, chat, params.message_thread_id, {
      forum_topic_edited: {
        ...(name === undefined ? {} : { name }),
        ...(params.icon_custom_emoji_id === undefined ? {} : { icon_custom_emoji_id: params.icon_custom_emoji_id }),
      },
    });
    return true;
  },

  closeForumTopic({ world }, raw) {
    const params = parseParams(topicRefSchema, raw);
    const chat = forumChat(world, params.chat_id);
    const record = topicOf(chat, params.message_thread_id);
    requireTopicRights(world, chat);
    if (record.closed) throw badRequest('TOPIC_NOT_MODIFIED');
    record.closed = true;
    postService(world, chat, params.message_thread_id, { forum_topic_closed: {} });
    return true;
  },

  reopenForumTopic({ world }, raw) {
    const params = parseParams(topicRefSchema, raw);
    const chat = forumChat(world, params.chat_id);
    const record = topicOf(chat, params.message_thread_id);
    requireTopicRights(world, chat);
    if (!record.closed) throw badRequest('TOPIC_NOT_MODIFIED');
    record.closed = false;
    postService(world, chat, params.message_thread_id, { forum_topic_reopened: {} });
    return true;
  },

  deleteForumTopic({ world }, raw) {
    const params = parseParams(topicRefSchema, raw);
    const chat = forumChat(world, params.chat_id);
    topicOf(chat, params.message_thread_id);
    if (!world.botRights(chat)?.can_delete_messages) throw badRequest('not enough rights to delete a topic');
    chat.topics.delete(params.message_thread_id);
    for (const [id, record] of chat.messages) {
      if (record.message.is_topic_message && record.message.message_thread_id === params.message_thread_id) {
        chat.messages.delete(id);
      }
    }
    world.touched(chat.chat.id);
    return true;
  },

  unpinAllForumTopicMessages({ world }, raw) {
    const params = parseParams(topicRefSchema, raw);
    topicOf(forumChat(world, params.chat_id), params.message_thread_id);
    return true;
  },

  getForumTopicIconStickers: () => [],
};

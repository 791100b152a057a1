/**
 * The emulator's in-memory world: accounts, chats with their members, messages and
 * topics, files, callback queries and the bot's update queue. Method handlers and the
 * simulated humans both change the world only through this object.
 */
import type { Chat, Message, User } from 'grammy/types';
import { badRequest } from './errors.ts';
import type { TypedEmitter } from './events.ts';
import type { RateLimiter } from './rate-limit.ts';
import type {
  AdminRights,
  AnyReplyMarkup,
  CallbackQueryRecord,
  ChatRecord,
  CommandSet,
  EmulatorEvents,
  FileRecord,
  MessageRecord,
  UpdateJson,
} from './types.ts';
import type { UpdateQueue } from './update-queue.ts';
import type { UserRecord } from './types.ts';

/** Message fields a caller supplies; the world fills id, date and chat. */
export type MessageDraft = Omit<Message, 'message_id' | 'date' | 'chat'> & { date?: number };

/** Webhook settings as getWebhookInfo reports them. */
export interface WebhookState {
  url: string;
  secretToken?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

/** Dependencies of `createWorld`. */
export interface WorldDeps {
  bot: User;
  now: () => number;
  queue: UpdateQueue;
  events: TypedEmitter<EmulatorEvents>;
  rateLimiter: RateLimiter;
  privacyMode: boolean;
  maxMessagesPerChat: number;
}

/** The mutable state of one emulator. */
export interface World {
  readonly bot: User;
  readonly queue: UpdateQueue;
  readonly events: TypedEmitter<EmulatorEvents>;
  readonly rateLimiter: RateLimiter;
  readonly privacyMode: boolean;
  readonly users: Map<number, UserRecord>;
  readonly chats: Map<number, ChatRecord>;
  readonly files: Map<string, FileRecord>;
  readonly filesByPath: Map<string, FileRecord>;
  readonly callbackQueries: Map<string, CallbackQueryRecord>;
  readonly commands: Map<string, CommandSet>;
  webhook: WebhookState | undefined;
  /** Clock in milliseconds. */
  now(): number;
  /** Clock in unix seconds, as message dates use it. */
  unixNow(): number;
  /** Next value of a global counter used for ids and activity ordering. */
  nextSeq(): number;
  /** The chat with this id, or Telegram's "chat not found". Accepts "@username". */
  requireChat(chatId: number | string): ChatRecord;
  /** The user with this id, or Telegram's "user not found". */
  requireUser(userId: number): UserRecord;
  /** The private chat between the bot and `userId`, created on first use. */
  privateChat(userId: number): ChatRecord;
  /** Appends a message to a chat: assigns its id and date, tracks topic activity, emits `change`. */
  addMessage(chat: ChatRecord, draft: MessageDraft, replyMarkup?: AnyReplyMarkup): MessageRecord;
  /** Removes a message; emits `change`. */
  removeMessage(chat: ChatRecord, messageId: number): void;
  /** Queues an update for the bot and emits `update`. */
  deliver(body: Record<string, unknown>): UpdateJson | undefined;
  /** Rights of the bot in a chat, or undefined when it is no administrator there. */
  botRights(chat: ChatRecord): AdminRights | undefined;
  /** Whether the bot is a member (any status but left/kicked) of a chat. */
  botIsMember(chat: ChatRecord): boolean;
  /** Emits `change` for a chat. */
  touched(chatId: number): void;
}

/** Creates an empty world around the bot account. */
export function createWorld(deps: WorldDeps): World {
  const users = new Map<number, UserRecord>();
  const chats = new Map<number, ChatRecord>();
  let seq = 0;
  users.set(deps.bot.id, { user: deps.bot, startedBot: false, blockedBot: false });

  const world: World = {
    bot: deps.bot,
    queue: deps.queue,
    events: deps.events,
    rateLimiter: deps.rateLimiter,
    privacyMode: deps.privacyMode,
    users,
    chats,
    files: new Map(),
    filesByPath: new Map(),
    callbackQueries: new Map(),
    commands: new Map(),
    webhook: undefined,
    now: deps.now,
    unixNow: () => Math.floor(deps.now() / 1000),
    nextSeq: () => {
      seq += 1;
      return seq;
    },
    requireChat(chatId) {
      if (typeof chatId === 'string') {
        const name = chatId.replace(/^@/, '').toLowerCase();
        for (const chat of chats.values()) {
          if ('username' in chat.chat && chat.chat.username?.toLowerCase() === name && chat.chat.type !== 'private') {
            return chat;
          }
        }
        throw badRequest('chat not found');
      }
      const existing = chats.get(chatId);
      if (existing) return existing;
      if (chatId > 0 && users.has(chatId) && chatId !== deps.bot.id) return world.privateChat(chatId);
      throw badRequest('chat not found');
    },
    requireUser(userId) {
      const record = users.get(userId);
      if (!record) throw badRequest('user not found');
      return record;
    },
    privateChat(userId) {
      const existing = chats.get(userId);
      if (existing) return existing;
      const user = world.requireUser(userId).user;
      const chat: Chat.PrivateChat = {
        id: user.id,
        type: 'private',
        first_name: user.first_name,
        ...(user.last_name ? { last_name: user.last_name } : {}),
        ...(user.username ? { username: user.username } : {}),
      };
      const record = newChatRecord(chat);
      chats.set(user.id, record);
      return record;
    },
    addMessage(chat, draft, replyMarkup) {
      const messageId = chat.nextMessageId;
      chat.nextMessageId += 1;
      const { date, ...rest } = draft;
      const message = { message_id: messageId, date: date ?? world.unixNow(), chat: chat.chat, ...rest } as Message;
      const record: MessageRecord = replyMarkup ? { message, replyMarkup } : { message };
      chat.messages.set(messageId, record);
      if (chat.messages.size > deps.maxMessagesPerChat) {
        const oldest = chat.messages.keys().next();
        if (!oldest.done) chat.messages.delete(oldest.value);
      }
      const activity = world.nextSeq();
      const topic = message.message_thread_id === undefined ? undefined : chat.topics.get(message.message_thread_id);
      if (topic && message.is_topic_message) {
        topic.lastMessageId = messageId;
        topic.lastActivity = activity;
      } else {
        chat.generalLastMessageId = messageId;
        chat.generalActivity = activity;
      }
      world.touched(chat.chat.id);
      return record;
    },
    removeMessage(chat, messageId) {
      if (chat.messages.delete(messageId)) world.touched(chat.chat.id);
    },
    deliver(body) {
      const update = deps.queue.push(body);
      if (update) deps.events.emit('update', update);
      return update;
    },
    botRights(chat) {
      const member = chat.members.get(deps.bot.id);
      if (member?.status === 'creator') return fullRights();
      return member?.status === 'administrator' ? member.rights : undefined;
    },
    botIsMember(chat) {
      const status = chat.members.get(deps.bot.id)?.status;
      return status !== undefined && status !== 'left' && status !== 'kicked';
    },
    touched(chatId) {
      if (deps.events.has('change')) deps.events.emit('change', { chatId });
    },
  };
  return world;
}

/** A fresh record for a chat with no members or messages. */
export function newChatRecord(chat: Chat): ChatRecord {
  return {
    chat,
    members: new Map(),
    messages: new Map(),
    nextMessageId: 1,
    topics: new Map(),
    joinRequests: new Set(),
    generalLastMessageId: 0,
    generalActivity: 0,
  };
}

/** Administrator rights with everything allowed (a chat creator, or the bot by default). */
export function fullRights(): AdminRights {
  return {
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: true,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: true,
    can_edit_stories: true,
    can_delete_stories: true,
    can_post_messages: true,
    can_edit_messages: true,
    can_pin_messages: true,
    can_manage_topics: true,
  };
}

/** A message without its own `reply_to_message`, as Telegram embeds a replied-to message. */
export function shallowMessage(message: Message): Message {
  const { reply_to_message: _ignored, ...rest } = message;
  return rest as Message;
}

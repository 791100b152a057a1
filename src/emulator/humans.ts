/**
 * Simulated humans: the people on the other side of the bot. Tests, the training page and
 * benchmarks use these to create accounts and groups and to write, edit, press buttons,
 * block the bot or ask to join a group. Each action lands in chat history and, when the
 * bot would see it in real Telegram, queues the matching update.
 */
import type { Chat, Message, User } from 'grammy/types';
import { EmulatorUsageError } from './errors.ts';
import { createMedia, type NewFile } from './files.ts';
import { detectCommandEntities } from './format.ts';
import { callbackDataOf } from './markup.ts';
import type { ChatRecord, MediaKind, UpdateJson } from './types.ts';
import { fullRights, newChatRecord, shallowMessage, type MessageDraft, type World } from './world.ts';
import { memberChanged, memberJson } from './methods/chats.ts';

/** Input of `createUser`. */
export interface NewUser {
  id?: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  isBot?: boolean;
}

/** Input of `createForumGroup`. */
export interface NewForumGroup {
  id?: number;
  title: string;
  /** Human administrators; the first one is the creator. */
  adminUserIds: number[];
  /** Ordinary members. */
  memberUserIds?: number[];
  /** Whether the bot is an administrator with every right (topics included). Default true. */
  botIsAdmin?: boolean;
  /** Whether the bot is in the group at all. Default true. */
  botIsMember?: boolean;
  /** Rights to give the bot instead of all of them (e.g. `{ can_manage_topics: false }`). */
  botRights?: Partial<ReturnType<typeof fullRights>>;
  username?: string;
}

/** Input of `createGroup`: an ordinary (non-forum) group or supergroup. */
export interface NewGroup {
  id?: number;
  title: string;
  memberUserIds?: number[];
  supergroup?: boolean;
  botIsAdmin?: boolean;
  botIsMember?: boolean;
  username?: string;
}

/** Input of `createChannel`. */
export interface NewChannel {
  id?: number;
  title: string;
  username?: string;
  botIsAdmin?: boolean;
}

/** A media attachment of a simulated message: `true` for defaults, or details. */
export type MediaInput = true | NewFile;

/** Input of `userSendMessage`. */
export interface UserMessageInput {
  userId: number;
  /** Target chat; the private chat with the bot when omitted. */
  chatId?: number;
  text?: string;
  caption?: string;
  photo?: MediaInput;
  /** Voice message: `true`, a duration in seconds, or details. */
  voice?: MediaInput | number;
  video?: MediaInput;
  document?: MediaInput;
  audio?: MediaInput;
  animation?: MediaInput;
  sticker?: MediaInput;
  videoNote?: MediaInput;
  location?: { latitude: number; longitude: number };
  contact?: { phoneNumber: string; firstName: string; lastName?: string };
  messageThreadId?: number;
  replyToMessageId?: number;
  /** Makes the message a forward from this chat (channel or group). */
  forwardFromChat?: number;
  /** Makes the message a forward from this user. */
  forwardFromUserId?: number;
  /** Unix seconds; defaults to the emulator clock. */
  date?: number;
}

/** What a simulated action created. `update` is absent when the bot would not see it. */
export interface HumanAction {
  message: Message;
  update: UpdateJson | undefined;
}

const MEDIA_INPUTS: ReadonlyArray<[keyof UserMessageInput, MediaKind]> = [
  ['photo', 'photo'],
  ['voice', 'voice'],
  ['video', 'video'],
  ['document', 'document'],
  ['audio', 'audio'],
  ['animation', 'animation'],
  ['sticker', 'sticker'],
  ['videoNote', 'video_note'],
];

/** The simulated-human API over a world. */
export type Humans = ReturnType<typeof createHumans>;

/** Creates the simulated-human API for `world`. */
export function createHumans(world: World) {
  const isActiveMember = (chat: ChatRecord, userId: number): boolean => {
    const status = chat.members.get(userId)?.status;
    return status === 'creator' || status === 'administrator' || status === 'member' || status === 'restricted';
  };

  let chatIdCounter = 0;
  const freshChatId = (base: number): number => {
    chatIdCounter += 1;
    let id = base - chatIdCounter;
    while (world.chats.has(id)) id -= 1;
    return id;
  };

  const addGroup = (chat: Chat, botStatus: 'administrator' | 'member' | undefined, rights = fullRights()): ChatRecord => {
    if (world.chats.has(chat.id)) throw new EmulatorUsageError(`chat ${chat.id} already exists`);
    const record = newChatRecord(chat);
    if (botStatus) {
      record.members.set(world.bot.id, {
        userId: world.bot.id,
        status: botStatus,
        ...(botStatus === 'administrator' ? { rights } : {}),
      });
    }
    world.chats.set(chat.id, record);
    return record;
  };

  const addMembers = (record: ChatRecord, ids: readonly number[], status: 'creator' | 'administrator' | 'member'): void => {
    for (const id of ids) {
      world.requireUser(id);
      record.members.set(id, { userId: id, status, ...(status === 'administrator' ? { rights: fullRights() } : {}) });
    }
  };

  /** Whether the bot receives a message posted in `chat` (privacy mode rules). */
  const botSees = (chat: ChatRecord, message: Message): boolean => {
    if (chat.chat.type === 'private') return true;
    if (!world.botIsMember(chat)) return false;
    if (chat.chat.type === 'channel' || world.botRights(chat) || !world.privacyMode) return true;
    const command = message.entities?.some((e) => e.type === 'bot_command') ?? false;
    const repliesToBot = message.reply_to_message?.from?.id === world.bot.id;
    return command || repliesToBot;
  };

  const myChatMember = (userId: number, oldStatus: 'member' | 'kicked', newStatus: 'member' | 'kicked'): UpdateJson | undefined => {
    const user = world.requireUser(userId).user;
    const chat = world.privateChat(userId).chat;
    const member = (status: 'member' | 'kicked') =>
      status === 'kicked' ? { status, user: world.bot, until_date: 0 } : { status, user: world.bot };
    return world.deliver({
      my_chat_member: {
        chat,
        from: user,
        date: world.unixNow(),
        old_chat_member: member(oldStatus),
        new_chat_member: member(newStatus),
      },
    });
  };

  const resolveHumanChat = (userId: number, chatId: number | undefined): ChatRecord => {
    if (chatId === undefined || chatId === userId) return world.privateChat(userId);
    const chat = world.chats.get(chatId);
    if (!chat) throw new EmulatorUsageError(`chat ${chatId} does not exist`);
    if (chat.chat.type === 'private') throw new EmulatorUsageError('a user can only write in their own private chat');
    if (!isActiveMember(chat, userId)) throw new EmulatorUsageError(`user ${userId} is not a member of chat ${chatId}`);
    const member = chat.members.get(userId);
    const until = member?.untilDate ?? 0;
    if (member?.status === 'restricted' && member.permissions?.can_send_messages === false && (until === 0 || until > world.unixNow())) {
      throw new EmulatorUsageError(`user ${userId} is restricted in chat ${chatId} and cannot write`);
    }
    return chat;
  };

  const placement = (chat: ChatRecord, userId: number, input: UserMessageInput): Partial<MessageDraft> => {
    const fields: Partial<MessageDraft> = {};
    let threadId = input.messageThreadId;
    let replyTo: Message | undefined;
    if (input.replyToMessageId !== undefined) {
      replyTo = chat.messages.get(input.replyToMessageId)?.message;
      if (!replyTo) throw new EmulatorUsageError(`message ${input.replyToMessageId} does not exist`);
      if (replyTo.is_topic_message && threadId === undefined) threadId = replyTo.message_thread_id;
    }
    if (threadId !== undefined) {
      const topic = chat.topics.get(threadId);
      if (!topic) throw new EmulatorUsageError(`topic ${threadId} does not exist`);
      const status = chat.members.get(userId)?.status;
      if (topic.closed && status !== 'creator' && status !== 'administrator') {
        throw new EmulatorUsageError('the topic is closed');
      }
      fields.message_thread_id = threadId;
      fields.is_topic_message = true;
      replyTo ??= chat.messages.get(threadId)?.message;
    }
    if (replyTo) fields.reply_to_message = shallowMessage(replyTo) as MessageDraft['reply_to_message'];
    return fields;
  };

  const content = (input: UserMessageInput): Partial<MessageDraft> => {
    const fields: Record<string, unknown> = {};
    let hasMedia = false;
    for (const [key, kind] of MEDIA_INPUTS) {
      const value = input[key];
      if (value === undefined) continue;
      const details: NewFile = typeof value === 'number' ? { duration: value } : value === true ? {} : (value as NewFile);
      const file = createMedia(world, kind, details);
      fields[kind] = file.media;
      if (kind === 'animation') fields['document'] = file.media;
      hasMedia = true;
    }
    if (input.location) fields['location'] = { ...input.location };
    if (input.contact) {
      fields['contact'] = {
        phone_number: input.contact.phoneNumber,
        first_name: input.contact.firstName,
        ...(input.contact.lastName ? { last_name: input.contact.lastName } : {}),
      };
    }
    const text = hasMedia ? input.caption ?? input.text : input.text;
    if (text !== undefined && text.length > 0) {
      const key = hasMedia ? 'caption' : 'text';
      fields[key] = text;
      const entities = detectCommandEntities(text);
      if (entities.length > 0) fields[hasMedia ? 'caption_entities' : 'entities'] = entities;
    }
    if (Object.keys(fields).length === 0) throw new EmulatorUsageError('a message needs text or an attachment');
    return fields as Partial<MessageDraft>;
  };

  const forwardFields = (input: UserMessageInput): Partial<MessageDraft> => {
    const date = world.unixNow();
    if (input.forwardFromChat !== undefined) {
      const from = world.requireChat(input.forwardFromChat).chat;
      if (from.type === 'channel') return { forward_origin: { type: 'channel', chat: from, message_id: 1, date } };
      if (from.type === 'private') throw new EmulatorUsageError('use forwardFromUserId for users');
      return { forward_origin: { type: 'chat', sender_chat: from, date } };
    }
    if (input.forwardFromUserId !== undefined) {
      return { forward_origin: { type: 'user', sender_user: world.requireUser(input.forwardFromUserId).user, date } };
    }
    return {};
  };

  return {
    /** Creates a Telegram account. Ids default to 100000001, 100000002, ... */
    createUser(input: NewUser): User {
      const id = input.id ?? 100_000_000 + world.nextSeq();
      if (world.users.has(id)) throw new EmulatorUsageError(`user ${id} already exists`);
      const user: User = {
        id,
        is_bot: input.isBot ?? false,
        first_name: input.firstName,
        ...(input.lastName ? { last_name: input.lastName } : {}),
        ...(input.username ? { username: input.username } : {}),
        ...(input.languageCode ? { language_code: input.languageCode } : {}),
      };
      world.users.set(id, { user, startedBot: false, blockedBot: false });
      return user;
    },

    /** Creates a forum supergroup (topics on) with human admins and, by default, the bot as admin. */
    createForumGroup(input: NewForumGroup): Chat.SupergroupChat {
      const chat: Chat.SupergroupChat = {
        id: input.id ?? freshChatId(-1_001_000_000_000),
        type: 'supergroup',
        title: input.title,
        is_forum: true,
        ...(input.username ? { username: input.username } : {}),
      };
      const botStatus = input.botIsMember === false ? undefined : input.botIsAdmin === false ? 'member' : 'administrator';
      const record = addGroup(chat, botStatus, { ...fullRights(), ...input.botRights });
      const [creator, ...admins] = input.adminUserIds;
      if (creator !== undefined) addMembers(record, [creator], 'creator');
      addMembers(record, admins, 'administrator');
      addMembers(record, input.memberUserIds ?? [], 'member');
      return chat;
    },

    /** Creates an ordinary group or (non-forum) supergroup. */
    createGroup(input: NewGroup): Chat.GroupChat | Chat.SupergroupChat {
      const chat: Chat.GroupChat | Chat.SupergroupChat = input.supergroup
        ? {
            id: input.id ?? freshChatId(-1_001_000_000_000),
            type: 'supergroup',
            title: input.title,
            ...(input.username ? { username: input.username } : {}),
          }
        : { id: input.id ?? freshChatId(-4_000_000_000), type: 'group', title: input.title };
      const botStatus = input.botIsMember === false ? undefined : input.botIsAdmin ? 'administrator' : 'member';
      const record = addGroup(chat, botStatus);
      const [creator, ...rest] = input.memberUserIds ?? [];
      if (creator !== undefined) addMembers(record, [creator], 'creator');
      addMembers(record, rest, 'member');
      return chat;
    },

    /** Creates a channel; the bot is an admin that may post unless `botIsAdmin: false`. */
    createChannel(input: NewChannel): Chat.ChannelChat {
      const chat: Chat.ChannelChat = {
        id: input.id ?? freshChatId(-1_002_000_000_000),
        type: 'channel',
        title: input.title,
        ...(input.username ? { username: input.username } : {}),
      };
      addGroup(chat, input.botIsAdmin === false ? 'member' : 'administrator');
      return chat;
    },

    /** A human writes a message. In a private chat this starts (or unblocks) the bot. */
    userSendMessage(input: UserMessageInput): HumanAction {
      const userRecord = world.requireUser(input.userId);
      const chat = resolveHumanChat(input.userId, input.chatId);
      if (chat.chat.type === 'private') {
        if (userRecord.blockedBot) {
          userRecord.blockedBot = false;
          myChatMember(input.userId, 'kicked', 'member');
        }
        userRecord.startedBot = true;
      }
      const draft = {
        from: userRecord.user,
        ...(input.date === undefined ? {} : { date: input.date }),
        ...placement(chat, input.userId, input),
        ...forwardFields(input),
        ...content(input),
      } as MessageDraft;
      const { message } = world.addMessage(chat, draft);
      const update = botSees(chat, message) ? world.deliver({ message }) : undefined;
      return { message, update };
    },

    /** A human edits their own text (or caption); queues `edited_message`. */
    userEditMessage(input: { userId: number; chatId?: number; messageId: number; text: string }): HumanAction {
      const chat = resolveHumanChat(input.userId, input.chatId);
      const record = chat.messages.get(input.messageId);
      if (!record || record.message.from?.id !== input.userId) {
        throw new EmulatorUsageError(`user ${input.userId} has no message ${input.messageId} in chat ${chat.chat.id}`);
      }
      const key = record.message.text === undefined ? 'caption' : 'text';
      const entities = detectCommandEntities(input.text);
      const next: Record<string, unknown> = { ...record.message, [key]: input.text, edit_date: world.unixNow() };
      delete next[key === 'text' ? 'entities' : 'caption_entities'];
      if (entities.length > 0) next[key === 'text' ? 'entities' : 'caption_entities'] = entities;
      record.message = next as unknown as Message;
      world.touched(chat.chat.id);
      const update = botSees(chat, record.message) ? world.deliver({ edited_message: record.message }) : undefined;
      return { message: record.message, update };
    },

    /**
     * A human presses an inline button. The message must carry a button with this
     * callback_data unless `force` is set (to simulate stale or forged presses).
     */
    userPressButton(input: { userId: number; chatId?: number; messageId: number; data: string; force?: boolean }): {
      callbackQueryId: string;
      update: UpdateJson | undefined;
    } {
      const user = world.requireUser(input.userId).user;
      const chat = resolveHumanChat(input.userId, input.chatId);
      const record = chat.messages.get(input.messageId);
      if (!record) throw new EmulatorUsageError(`message ${input.messageId} does not exist`);
      if (!input.force && !callbackDataOf(record.message.reply_markup).includes(input.data)) {
        throw new EmulatorUsageError(`message ${input.messageId} has no button with this callback_data`);
      }
      const id = `${BigInt(world.bot.id) * 1000n + BigInt(world.nextSeq())}`;
      world.callbackQueries.set(id, {
        id,
        chatId: chat.chat.id,
        messageId: input.messageId,
        userId: input.userId,
        createdAt: world.unixNow(),
      });
      if (world.callbackQueries.size > 10_000) {
        const oldest = world.callbackQueries.keys().next();
        if (!oldest.done) world.callbackQueries.delete(oldest.value);
      }
      const update = world.deliver({
        callback_query: {
          id,
          from: user,
          message: record.message,
          chat_instance: String(BigInt.asUintN(63, BigInt(chat.chat.id) * 2654435761n)),
          data: input.data,
        },
      });
      return { callbackQueryId: id, update };
    },

    /** The user blocks the bot: sending to them now fails with 403; queues `my_chat_member`. */
    userBlockBot(userId: number): UpdateJson | undefined {
      const record = world.requireUser(userId);
      if (record.blockedBot) return undefined;
      record.blockedBot = true;
      return myChatMember(userId, 'member', 'kicked');
    },

    /** The user unblocks (restarts) the bot; queues `my_chat_member`. */
    userUnblockBot(userId: number): UpdateJson | undefined {
      const record = world.requireUser(userId);
      if (!record.blockedBot) return undefined;
      record.blockedBot = false;
      record.startedBot = true;
      return myChatMember(userId, 'kicked', 'member');
    },

    /** A post appears in a channel; queues `channel_post` when the bot is in the channel. */
    channelPost(input: { chatId: number; text: string }): HumanAction {
      const chat = world.chats.get(input.chatId);
      if (!chat || chat.chat.type !== 'channel') throw new EmulatorUsageError(`channel ${input.chatId} does not exist`);
      const entities = detectCommandEntities(input.text);
      const { message } = world.addMessage(chat, {
        sender_chat: chat.chat,
        text: input.text,
        ...(entities.length > 0 ? { entities } : {}),
      } as MessageDraft);
      const update = world.botIsMember(chat) ? world.deliver({ channel_post: message }) : undefined;
      return { message, update };
    },

    /** The user asks to join a group; queues `chat_join_request` and lets the bot write first for 5 minutes. */
    userRequestJoin(input: { userId: number; chatId: number; bio?: string }): UpdateJson | undefined {
      const userRecord = world.requireUser(input.userId);
      const chat = world.chats.get(input.chatId);
      if (!chat || chat.chat.type === 'private') throw new EmulatorUsageError(`group ${input.chatId} does not exist`);
      chat.joinRequests.add(input.userId);
      userRecord.joinRequestAt = world.unixNow();
      if (!world.botRights(chat)?.can_invite_users) return undefined;
      return world.deliver({
        chat_join_request: {
          chat: chat.chat,
          from: userRecord.user,
          user_chat_id: input.userId,
          date: world.unixNow(),
          ...(input.bio ? { bio: input.bio } : {}),
        },
      });
    },

    /**
     * The user leaves a group: the "left" service message and, for an administrator bot, a
     * `chat_member` update. They may ask to join again later.
     */
    userLeaveChat(input: { userId: number; chatId: number }): void {
      const user = world.requireUser(input.userId).user;
      const chat = world.chats.get(input.chatId);
      if (!chat || chat.chat.type === 'private' || chat.chat.type === 'channel') throw new EmulatorUsageError(`group ${input.chatId} does not exist`);
      if (!isActiveMember(chat, input.userId)) throw new EmulatorUsageError(`user ${input.userId} is not a member of chat ${input.chatId}`);
      const before = memberJson(world, chat.members.get(input.userId) ?? { userId: input.userId, status: 'left' });
      chat.members.set(input.userId, { userId: input.userId, status: 'left' });
      const { message } = world.addMessage(chat, { from: user, left_chat_member: user } as MessageDraft);
      if (world.botIsMember(chat)) world.deliver({ message });
      memberChanged(world, chat, user, before, memberJson(world, { userId: input.userId, status: 'left' }));
    },

    /** Adds a user to a group as an ordinary member (as an admin adding them would), without updates. */
    addChatMember(input: { userId: number; chatId: number }): void {
      world.requireUser(input.userId);
      const chat = world.chats.get(input.chatId);
      if (!chat || chat.chat.type === 'private') throw new EmulatorUsageError(`group ${input.chatId} does not exist`);
      chat.members.set(input.userId, { userId: input.userId, status: 'member' });
    },

    /** Queues any object as an update with the next update_id, bypassing allowed_updates. */
    injectRawUpdate(body: Record<string, unknown>): UpdateJson {
      const { update_id: _ignored, ...rest } = body;
      const update = world.queue.push(rest, { force: true });
      if (!update) throw new EmulatorUsageError('update was not queued');
      world.events.emit('update', update);
      return update;
    },
  };
}

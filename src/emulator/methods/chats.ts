/**
 * Chats and members: getChat, member lookups, join requests, bans and restrictions,
 * pins, and answering callback queries.
 */
import { z } from 'zod';
import type { ChatMember, User } from 'grammy/types';
import { badRequest } from '../errors.ts';
import { boolParam, chatIdParam, intParam, jsonParam, parseParams, stringParam } from '../params.ts';
import type { ChatRecord, MemberRecord } from '../types.ts';
import { fullRights, type MessageDraft, type World } from '../world.ts';
import type { MethodTable } from './registry.ts';

const CALLBACK_QUERY_TTL_SECONDS = 15 * 60;

const memberRefSchema = z.object({ chat_id: chatIdParam, user_id: intParam });
const chatRefSchema = z.object({ chat_id: chatIdParam });

/** A member record as Telegram's ChatMember object. */
export function memberJson(world: World, member: MemberRecord): ChatMember {
  const user = world.requireUser(member.userId).user;
  switch (member.status) {
    case 'creator':
      return { status: 'creator', user, is_anonymous: false };
    case 'administrator':
      return {
        status: 'administrator',
        user,
        can_be_edited: false,
        is_anonymous: false,
        ...(member.rights ?? fullRights()),
      } as ChatMember;
    case 'kicked':
      return { status: 'kicked', user, until_date: member.untilDate ?? 0 };
    case 'restricted':
      return {
        status: 'restricted',
        user,
        is_member: true,
        until_date: member.untilDate ?? 0,
        ...(member.permissions ?? {}),
      } as ChatMember;
    case 'left':
      return { status: 'left', user };
    case 'member':
      return { status: 'member', user };
  }
}

function accessibleChat(world: World, chatId: number | string): ChatRecord {
  const chat = world.requireChat(chatId);
  if (chat.chat.type !== 'private' && !world.botIsMember(chat)) throw badRequest('chat not found');
  return chat;
}

function memberOf(world: World, chat: ChatRecord, userId: number): MemberRecord {
  world.requireUser(userId);
  if (chat.chat.type === 'private') {
    if (userId !== chat.chat.id && userId !== world.bot.id) throw badRequest('user not found');
    return { userId, status: 'member' };
  }
  return chat.members.get(userId) ?? { userId, status: 'left' };
}

function requireRight(world: World, chat: ChatRecord, right: 'can_restrict_members' | 'can_invite_users' | 'can_pin_messages'): void {
  if (chat.chat.type === 'private') throw badRequest('method is available for supergroup and channel chats only');
  if (!world.botRights(chat)?.[right]) throw badRequest('not enough rights to restrict/unrestrict chat member');
}

function requireNotAdmin(chat: ChatRecord, userId: number): void {
  const status = chat.members.get(userId)?.status;
  if (status === 'creator' || status === 'administrator') throw badRequest('user is an administrator of the chat');
}

/**
 * Queues a `chat_member` update (Telegram sends these only to administrator bots that ask for
 * them in allowed_updates; the queue applies the latter).
 */
export function memberChanged(world: World, chat: ChatRecord, by: User, before: ChatMember, after: ChatMember, extra: Record<string, unknown> = {}): void {
  if (!world.botRights(chat)) return;
  world.deliver({ chat_member: { chat: chat.chat, from: by, date: world.unixNow(), old_chat_member: before, new_chat_member: after, ...extra } });
}

/**
 * What Telegram does when a join request is approved: the "joined" service message in the
 * chat (from the new member) and a `chat_member` update whose performer is the approver.
 */
function announceJoin(world: World, chat: ChatRecord, userId: number, before: ChatMember): void {
  const user = world.requireUser(userId).user;
  const { message } = world.addMessage(chat, { from: user, new_chat_members: [user] } as MessageDraft);
  if (world.botIsMember(chat)) world.deliver({ message });
  memberChanged(world, chat, world.bot, before, memberJson(world, memberOf(world, chat, userId)), { via_join_request: true });
}

/** getChat, members, join requests, bans, pins and answerCallbackQuery. */
export const chatMethods: MethodTable = {
  getChat({ world }, raw) {
    const chat = accessibleChat(world, parseParams(chatRefSchema, raw).chat_id);
    return {
      ...chat.chat,
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: {
        unlimited_gifts: false,
        limited_gifts: false,
        unique_gifts: false,
        premium_subscription: false,
      },
      ...(chat.description ? { description: chat.description } : {}),
    };
  },

  getChatMember({ world }, raw) {
    const params = parseParams(memberRefSchema, raw);
    const chat = accessibleChat(world, params.chat_id);
    return memberJson(world, memberOf(world, chat, params.user_id));
  },

  getChatAdministrators({ world }, raw) {
    const chat = accessibleChat(world, parseParams(chatRefSchema, raw).chat_id);
    if (chat.chat.type === 'private') throw badRequest('there are no administrators in the private chat');
    return [...chat.members.values()]
      .filter((m) => m.status === 'creator' || m.status === 'administrator')
      .map((m) => memberJson(world, m));
  },

  getChatMemberCount({ world }, raw) {
    const chat = accessibleChat(world, parseParams(chatRefSchema, raw).chat_id);
    if (chat.chat.type === 'private') return 2;
    return [...chat.members.values()].filter((m) => m.status !== 'left' && m.status !== 'kicked').length;
  },

  approveChatJoinRequest({ world }, raw) {
    const params = parseParams(memberRefSchema, raw);
    const chat = accessibleChat(world, params.chat_id);
    requireRight(world, chat, 'can_invite_users');
    if (!chat.joinRequests.delete(params.user_id)) throw badRequest('HIDE_REQUESTER_MISSING');
    const before = memberJson(world, memberOf(world, chat, params.user_id));
    chat.members.set(params.user_id, { userId: params.user_id, status: 'member' });
    announceJoin(world, chat, params.user_id, before);
    return true;
  },

  declineChatJoinRequest({ world }, raw) {
    const params = parseParams(memberRefSchema, raw);
    const chat = accessibleChat(world, params.chat_id);
    requireRight(world, chat, 'can_invite_users');
    if (!chat.joinRequests.delete(params.user_id)) throw badRequest('HIDE_REQUESTER_MISSING');
    world.touched(chat.chat.id);
    return true;
  },

  banChatMember({ world }, raw) {
    const params = parseParams(
      memberRefSchema.extend({ until_date: intParam.optional(), revoke_messages: boolParam.optional() }),
      raw,
    );
    const chat = accessibleChat(world, params.chat_id);
    requireRight(world, chat, 'can_restrict_members');
    world.requireUser(params.user_id);
    requireNotAdmin(chat, params.user_id);
    const before = memberJson(world, memberOf(world, chat, params.user_id));
    chat.members.set(params.user_id, {
      userId: params.user_id,
      status: 'kicked',
      ...(params.until_date ? { untilDate: params.until_date } : {}),
    });
    memberChanged(world, chat, world.bot, before, memberJson(world, memberOf(world, chat, params.user_id)));
    if (params.revoke_messages) {
      for (const [id, record] of chat.messages) if (record.message.from?.id === params.user_id) chat.messages.delete(id);
    }
    world.touched(chat.chat.id);
    return true;
  },

  unbanChatMember({ world }, raw) {
    const params = parseParams(memberRefSchema.extend({ only_if_banned: boolParam.optional() }), raw);
    const chat = accessibleChat(world, params.chat_id);
    requireRight(world, chat, 'can_restrict_members');
    requireNotAdmin(chat, params.user_id);
    const current = chat.members.get(params.user_id);
    if (params.only_if_banned && current?.status !== 'kicked') return true;
    chat.members.set(params.user_id, { userId: params.user_id, status: 'left' });
    return true;
  },

  restrictChatMember({ world }, raw) {
    const params = parseParams(
      memberRefSchema.extend({
        permissions: jsonParam(z.record(z.string(), z.boolean())),
        until_date: intParam.optional(),
        use_independent_chat_permissions: boolParam.optional(),
      }),
      raw,
    );
    const chat = accessibleChat(world, params.chat_id);
    if (chat.chat.type !== 'supergroup') throw badRequest('method is available only for supergroups');
    requireRight(world, chat, 'can_restrict_members');
    world.requireUser(params.user_id);
    requireNotAdmin(chat, params.user_id);
    chat.members.set(params.user_id, {
      userId: params.user_id,
      status: 'restricted',
      permissions: params.permissions,
      ...(params.until_date ? { untilDate: params.until_date } : {}),
    });
    return true;
  },

  leaveChat({ world }, raw) {
    const chat = accessibleChat(world, parseParams(chatRefSchema, raw).chat_id);
    if (chat.chat.type === 'private') throw badRequest('chat member status can\'t be changed in private chats');
    chat.members.set(world.bot.id, { userId: world.bot.id, status: 'left' });
    return true;
  },

  pinChatMessage({ world }, raw) {
    const params = parseParams(z.object({ chat_id: chatIdParam, message_id: intParam }).passthrough(), raw);
    const chat = accessibleChat(world, params.chat_id);
    if (chat.chat.type !== 'private') requireRight(world, chat, 'can_pin_messages');
    if (!chat.messages.has(params.message_id)) throw badRequest('message to pin not found');
    return true;
  },

  unpinChatMessage({ world }, raw) {
    accessibleChat(world, parseParams(chatRefSchema.passthrough(), raw).chat_id);
    return true;
  },

  answerCallbackQuery({ world }, raw) {
    const params = parseParams(
      z.object({
        callback_query_id: stringParam,
        text: stringParam.optional(),
        show_alert: boolParam.optional(),
        url: stringParam.optional(),
        cache_time: intParam.optional(),
      }),
      raw,
    );
    const query = world.callbackQueries.get(params.callback_query_id);
    const tooOld = query !== undefined && world.unixNow() - query.createdAt > CALLBACK_QUERY_TTL_SECONDS;
    if (!query || query.answer || tooOld) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    if (params.text !== undefined && params.text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    query.answer = {
      ...(params.text === undefined ? {} : { text: params.text }),
      ...(params.show_alert === undefined ? {} : { show_alert: params.show_alert }),
      ...(params.url === undefined ? {} : { url: params.url }),
    };
    world.touched(query.chatId);
    return true;
  },
};

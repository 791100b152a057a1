import { Composer } from 'grammy';
import {
  GROUP_ANSWER_CALLBACK,
  openPrivateCase,
  pressGroupAnswerButton,
  PRIVATE_CASE_PAYLOAD,
  receiveCommunityMessage,
  receiveGroupTopicMessage,
  type GroupRequestDeps,
} from '../../core/community/group-request.ts';
import { languageFrom } from '../../core/types.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';
import { isServiceMessage } from '../describe-message.ts';
import type { StaffChat } from '../staff-chat.ts';

type Deps = GroupRequestDeps & { keys: Keyring; staffChat: StaffChat };

const START_CASE = /^\/start(?:@\w+)?\s+(\S+)$/i;

/**
 * The staff side of requests from the community chat, before the ordinary staff relay: a
 * worker's answer in such a case's topic is posted publicly or taken private (`/public`,
 * `/private`, or the buttons under a plain answer).
 */
export function groupRequestTopics(deps: Deps): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.on('message', async (ctx, next) => {
    const topicId = ctx.msg.message_thread_id;
    if (ctx.chat.id !== deps.staffChat.get() || !ctx.from || topicId === undefined || isServiceMessage(ctx.msg)) return next();
    const outcome = await receiveGroupTopicMessage(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      staffPseudonym: deps.keys.pseudonym('user', ctx.from.id),
      staffChatId: ctx.from.id,
      topicId,
      messageId: ctx.msg.message_id,
      text: ctx.msg.text ?? null,
    });
    if (outcome === 'not-group') return next();
  });
  composer.on('callback_query:data', async (ctx, next) => {
    if (!GROUP_ANSWER_CALLBACK.test(ctx.callbackQuery.data) || ctx.chat?.id !== deps.staffChat.get()) return next();
    await pressGroupAnswerButton(ctx.scope.store, deps, { updateId: ctx.update.update_id, at: ctx.scope.receivedAt, callbackQueryId: ctx.callbackQuery.id, data: ctx.callbackQuery.data });
  });
  return composer;
}

/**
 * The community side: messages moderation let through are triaged into requests (or are
 * peer answers to one), and `/start case_<token>` in the private chat continues a request
 * from the chat there.
 */
export function groupRequests(deps: Deps): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.on('message', async (ctx, next) => {
    if (ctx.chat.id !== deps.chatId || !ctx.from || isServiceMessage(ctx.msg)) return next();
    const replied = ctx.msg.reply_to_message;
    await receiveCommunityMessage(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      pseudonym: deps.keys.pseudonym('user', ctx.from.id),
      userId: ctx.from.id,
      language: languageFrom(ctx.from.language_code),
      messageId: ctx.msg.message_id,
      text: ctx.msg.text ?? ctx.msg.caption ?? null,
      ...(replied?.from ? { replyTo: { messageId: replied.message_id, pseudonym: deps.keys.pseudonym('user', replied.from.id), isBot: replied.from.is_bot } } : {}),
    });
  });
  composer.chatType('private').on('message:text', async (ctx, next) => {
    const token = PRIVATE_CASE_PAYLOAD.exec(START_CASE.exec(ctx.msg.text.trim())?.[1] ?? '')?.[1];
    if (token === undefined) return next();
    await openPrivateCase(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      pseudonym: deps.keys.pseudonym('user', ctx.from.id),
      userId: ctx.from.id,
      language: languageFrom(ctx.from.language_code),
      token,
    });
  });
  return composer;
}

import { Composer } from 'grammy';
import type { User } from 'grammy/types';
import type { CommunityDeps } from '../../core/community/deps.ts';
import { memberLeft, welcomeMember } from '../../core/community/welcome.ts';
import { languageFrom } from '../../core/types.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';

const PRESENT = new Set(['member', 'restricted', 'administrator', 'creator']);

/**
 * New members of the community chat are welcomed (from `chat_member` or the
 * `new_chat_members` service message, whichever comes first); members who leave are
 * remembered as such, so that they may come back without a new code.
 */
export function communityWelcome(deps: CommunityDeps & { keys: Keyring }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  const welcome = (ctx: NetreachContext, user: User) =>
    welcomeMember(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      pseudonym: deps.keys.pseudonym('user', user.id),
      userId: user.id,
      language: languageFrom(user.language_code),
    });
  const left = (ctx: NetreachContext, user: User, banned: boolean) =>
    memberLeft(ctx.scope.store, { at: ctx.scope.receivedAt, pseudonym: deps.keys.pseudonym('user', user.id), userId: user.id, language: languageFrom(user.language_code), banned });

  composer.on('chat_member', async (ctx, next) => {
    const update = ctx.chatMember;
    if (update.chat.id !== deps.chatId || update.new_chat_member.user.is_bot) return next();
    const was = PRESENT.has(update.old_chat_member.status) && (update.old_chat_member.status !== 'restricted' || update.old_chat_member.is_member);
    const is = PRESENT.has(update.new_chat_member.status) && (update.new_chat_member.status !== 'restricted' || update.new_chat_member.is_member);
    if (!was && is) await welcome(ctx, update.new_chat_member.user);
    else if (was && !is) await left(ctx, update.new_chat_member.user, update.new_chat_member.status === 'kicked');
  });
  composer.on('message:new_chat_members', async (ctx, next) => {
    if (ctx.chat.id !== deps.chatId) return next();
    for (const user of ctx.msg.new_chat_members) if (!user.is_bot) await welcome(ctx, user);
  });
  composer.on('message:left_chat_member', async (ctx, next) => {
    if (ctx.chat.id !== deps.chatId) return next();
    if (!ctx.msg.left_chat_member.is_bot) await left(ctx, ctx.msg.left_chat_member, false);
  });
  return composer;
}

import { Composer } from 'grammy';
import type { Logger } from 'pino';
import type { NetreachContext } from '../context.ts';
import type { StaffChat } from '../staff-chat.ts';

/**
 * First middleware: lets through only what a feature may act on. Updates from bots
 * (including ourselves), channel posts and chats that are neither private nor the staff
 * group stop here, logged by kind only (never content or ids). Group messages still pass
 * when the staff group is not linked yet, so a link code can be posted.
 */
export function guard(deps: { staffChat: StaffChat; logger: Logger }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.use(async (ctx, next) => {
    const kind = Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';
    const drop = (reason: string) => deps.logger.debug({ update: ctx.update.update_id, kind, reason }, 'update ignored');
    // A member change made by a bot (ours approving a join request) is still news about the member.
    if (ctx.from?.is_bot && !ctx.chatMember) return drop('from a bot');
    const chat = ctx.chat;
    if (!chat) return drop('no chat');
    if (chat.type === 'channel') return drop('channel');
    if (chat.type === 'private') return next();
    if (chat.id === deps.staffChat.get()) return next();
    if (chat.type === 'supergroup' || chat.type === 'group') return next();
    return drop('other chat');
  });
  return composer;
}

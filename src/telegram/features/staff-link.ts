import { Composer } from 'grammy';
import { linkStaffChat, looksLikeLinkCode } from '../../core/link-staff-chat.ts';
import type { Translate } from '../../core/ports.ts';
import { PRIORITY, type Language } from '../../core/types.ts';
import type { NetreachContext } from '../context.ts';
import type { StaffChat } from '../staff-chat.ts';

/** A one-time code from `netreach staff-chat link`, posted in a group, makes it the staff group. */
export function staffLink(deps: { t: Translate; staffLanguage: Language; staffChat: StaffChat }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.chatType(['group', 'supergroup']).on('message:text', async (ctx, next) => {
    if (deps.staffChat.fixed || !looksLikeLinkCode(ctx.msg.text)) return next();
    const chatId = ctx.chat.id;
    const reply = async (key: string) =>
      ctx.scope.store.enqueue(
        {
          dedupeKey: `link-reply:${ctx.update.update_id}`,
          lane: `group:${chatId}`,
          priority: PRIORITY.normal,
          target: { kind: 'group', chatId },
          method: 'sendMessage',
          params: { text: deps.t(deps.staffLanguage, key) },
        },
        ctx.scope.receivedAt,
      );
    if (ctx.chat.type !== 'supergroup' || !ctx.chat.is_forum) {
      await reply('staff-link-needs-forum');
      return;
    }
    const result = await linkStaffChat(ctx.scope.store, { chatId, text: ctx.msg.text, at: ctx.scope.receivedAt });
    if (result !== 'linked') return;
    await reply('staff-linked');
    ctx.scope.afterCommit.push(() => deps.staffChat.set(chatId));
  });
  return composer;
}

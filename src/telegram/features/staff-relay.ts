import { Composer } from 'grammy';
import type { Translate } from '../../core/ports.ts';
import { receiveStaffMessage } from '../../core/receive-staff-message.ts';
import type { Language } from '../../core/types.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';
import { describeMessage, isServiceMessage } from '../describe-message.ts';
import type { StaffChat } from '../staff-chat.ts';

/** Workers' messages in the staff forum group: replies, notes, /close and /alias. */
export function staffRelay(deps: { keys: Keyring; t: Translate; staffLanguage: Language; staffChat: StaffChat; orgContacts?: string }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.on('message', async (ctx, next) => {
    if (ctx.chat.id !== deps.staffChat.get()) return next();
    const message = ctx.msg;
    if (!ctx.from || isServiceMessage(message)) return;
    const described = describeMessage(message);
    await receiveStaffMessage(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      staffPseudonym: deps.keys.pseudonym('user', ctx.from.id),
      staffChatId: ctx.from.id,
      // In a forum, message_thread_id names the topic; a reply thread in General has the id of
      // a General message, which is never a case's topic id.
      topicId: message.message_thread_id,
      messageId: message.message_id,
      ...described,
    });
  });
  return composer;
}

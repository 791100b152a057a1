import type { Filter } from 'grammy';
import type { StaffButtonPress } from '../../core/types.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';
import type { StaffChat } from '../staff-chat.ts';

/**
 * The press, if it is on a button whose data matches `pattern` in the staff group; features
 * that own other buttons (or other chats) pass the update on.
 */
export function staffButtonPress(ctx: Filter<NetreachContext, 'callback_query:data'>, deps: { keys: Keyring; staffChat: StaffChat }, pattern: RegExp): StaffButtonPress | undefined {
  if (!pattern.test(ctx.callbackQuery.data) || ctx.chat?.id !== deps.staffChat.get()) return undefined;
  return {
    updateId: ctx.update.update_id,
    at: ctx.scope.receivedAt,
    callbackQueryId: ctx.callbackQuery.id,
    data: ctx.callbackQuery.data,
    staffPseudonym: deps.keys.pseudonym('user', ctx.from.id),
    staffChatId: ctx.from.id,
  };
}

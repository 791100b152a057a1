import { Composer } from 'grammy';
import { receiveClientMessage, type ReceiveClientMessageDeps } from '../../core/receive-client-message.ts';
import { languageFrom } from '../../core/types.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';
import { describeMessage, isServiceMessage } from '../describe-message.ts';

/** Private messages from clients: open or continue their case and relay into the staff topic. */
export function clientRelay(deps: ReceiveClientMessageDeps & { keys: Keyring }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.chatType('private').on(['message', 'edited_message'], async (ctx) => {
    const message = ctx.msg;
    const from = ctx.from;
    if (!from || isServiceMessage(message)) return;
    const described = describeMessage(message);
    await receiveClientMessage(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      pseudonym: deps.keys.pseudonym('user', from.id),
      chatId: ctx.chat.id,
      language: languageFrom(from.language_code),
      messageId: message.message_id,
      ...described,
      edited: ctx.editedMessage !== undefined,
      ...(message.reply_to_message?.from?.id === ctx.me.id ? { replyToMessageId: message.reply_to_message.message_id } : {}),
    });
  });
  return composer;
}

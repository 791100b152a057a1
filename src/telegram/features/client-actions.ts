import { Composer } from 'grammy';
import type { MaybeInaccessibleMessage } from 'grammy/types';
import type { EmergencyDeps } from '../../core/emergency/run-guide.ts';
import type { Translate } from '../../core/ports.ts';
import { receiveClientAction } from '../../core/receive-client-action.ts';
import { languageFrom, type Language } from '../../core/types.ts';
import type { SelfHelpSource } from '../../core/self-help.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';

/** Inline buttons pressed by clients in their private chat: guide steps, language, with the pressed button's label. */
export function clientActions(deps: { keys: Keyring; t: Translate; staffLanguage: Language; emergency?: EmergencyDeps; selfHelp?: SelfHelpSource }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.chatType('private').on('callback_query:data', async (ctx) => {
    await receiveClientAction(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      pseudonym: deps.keys.pseudonym('user', ctx.from.id),
      chatId: ctx.chat.id,
      language: languageFrom(ctx.from.language_code),
      callbackQueryId: ctx.callbackQuery.id,
      data: ctx.callbackQuery.data,
      ...(ctx.callbackQuery.message ? { messageId: ctx.callbackQuery.message.message_id } : {}),
      ...labelOf(ctx.callbackQuery.message, ctx.callbackQuery.data),
    });
  });
  return composer;
}

/**
 * The label of the pressed button: Telegram sends the message with its inline keyboard, so
 * the button whose callback_data is the pressed data is the one. An old message comes as
 * "inaccessible" (no keyboard): then there is no label.
 */
export function labelOf(message: MaybeInaccessibleMessage | undefined, data: string): { label?: string } {
  if (!message || !('reply_markup' in message)) return {};
  for (const row of message.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if ('callback_data' in button && button.callback_data === data) return { label: button.text };
    }
  }
  return {};
}

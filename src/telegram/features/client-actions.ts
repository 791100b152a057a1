import { Composer } from 'grammy';
import type { EmergencyDeps } from '../../core/emergency/run-guide.ts';
import type { Translate } from '../../core/ports.ts';
import { receiveClientAction } from '../../core/receive-client-action.ts';
import { languageFrom, type Language } from '../../core/types.ts';
import type { SelfHelpSource } from '../../core/self-help.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';

/** Inline buttons pressed by clients in their private chat: guide steps, language. */
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
    });
  });
  return composer;
}

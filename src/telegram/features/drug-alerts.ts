import { Composer } from 'grammy';
import { DRUG_ALERT_CALLBACK, pressDrugAlertButton, receiveAlertMessage, type DrugAlertDeps } from '../../core/channel/drug-alerts.ts';
import { languageFrom } from '../../core/types.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';
import type { StaffChat } from '../staff-chat.ts';
import { staffButtonPress } from './staff-button.ts';

/**
 * Drug alerts: `/alert` in the private chat and the answers to its questions; the
 * verify / reject / publish buttons in the staff group. Other messages, and urgent ones
 * even inside a report, go on.
 */
export function drugAlerts(deps: DrugAlertDeps & { keys: Keyring; staffChat: StaffChat }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.chatType('private').on('message:text', async (ctx, next) => {
    const { outcome, urgent } = await receiveAlertMessage(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      pseudonym: deps.keys.pseudonym('user', ctx.from.id),
      userId: ctx.from.id,
      language: languageFrom(ctx.from.language_code),
      text: ctx.msg.text,
    });
    // An emergency written into a report is answered by the emergency response as well.
    if (outcome === 'not-alert' || urgent) return next();
  });
  composer.on('callback_query:data', async (ctx, next) => {
    const press = staffButtonPress(ctx, deps, DRUG_ALERT_CALLBACK);
    if (!press) return next();
    await pressDrugAlertButton(ctx.scope.store, deps, press);
  });
  return composer;
}

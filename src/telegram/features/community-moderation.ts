import { Composer } from 'grammy';
import type { CommunityDeps } from '../../core/community/deps.ts';
import { BAN_CALLBACK, decideBan, decideReview, moderateCommunityMessage, receiveStaffModeration, REVIEW_CALLBACK } from '../../core/community/moderation.ts';
import { languageFrom } from '../../core/types.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';
import { isServiceMessage } from '../describe-message.ts';
import type { StaffChat } from '../staff-chat.ts';
import { staffButtonPress } from './staff-button.ts';

const STAFF_COMMAND = /^\/(warn|mute|ban)(?:@\w+)?(?:\s|$)/i;

/**
 * Moderation of the community chat: every message (and every edit) is checked; workers
 * reply to a message with /warn, /mute or /ban; a supervisor confirms a ban with the
 * button posted in the staff group, and a worker removes or keeps a message sent for review.
 * New messages left in the chat (reviewed ones too) go on to the next feature.
 */
export function communityModeration(deps: CommunityDeps & { keys: Keyring; staffChat: StaffChat }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.on(['message', 'edited_message'], async (ctx, next) => {
    if (ctx.chat.id !== deps.chatId) return next();
    const message = ctx.msg;
    const from = ctx.from;
    if (!from || isServiceMessage(message)) return next();
    const at = ctx.scope.receivedAt;
    const text = message.text ?? message.caption ?? null;
    const command = ctx.editedMessage === undefined && text !== null ? STAFF_COMMAND.exec(text)?.[1]?.toLowerCase() : undefined;
    const replied = message.reply_to_message;
    if (command && replied?.from) {
      const outcome = await receiveStaffModeration(ctx.scope.store, deps, {
        updateId: ctx.update.update_id,
        at,
        command: command as 'warn' | 'mute' | 'ban',
        actorPseudonym: deps.keys.pseudonym('user', from.id),
        commandMessageId: message.message_id,
        target: {
          pseudonym: deps.keys.pseudonym('user', replied.from.id),
          userId: replied.from.id,
          language: languageFrom(replied.from.language_code),
          messageId: replied.message_id,
          isBot: replied.from.is_bot,
        },
      });
      if (outcome !== 'not-staff') return;
    }
    const moderated = await moderateCommunityMessage(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at,
      pseudonym: deps.keys.pseudonym('user', from.id),
      userId: from.id,
      language: languageFrom(from.language_code),
      messageId: message.message_id,
      text,
      edited: ctx.editedMessage !== undefined,
    });
    // A new message left in the chat may be a request (see group-requests.ts).
    if (moderated?.action !== 'removed' && ctx.editedMessage === undefined) return next();
  });
  composer.on('callback_query:data', async (ctx, next) => {
    const ban = staffButtonPress(ctx, deps, BAN_CALLBACK);
    if (ban) {
      await decideBan(ctx.scope.store, deps, ban);
      return;
    }
    const review = staffButtonPress(ctx, deps, REVIEW_CALLBACK);
    if (!review) return next();
    await decideReview(ctx.scope.store, deps, review);
  });
  return composer;
}

import { Composer } from 'grammy';
import { receiveApplicantMessage, receiveJoinRequest, requestPeerInvite } from '../../core/community/access.ts';
import type { CommunityDeps } from '../../core/community/deps.ts';
import { receiveAppeal } from '../../core/community/moderation.ts';
import { languageFrom } from '../../core/types.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';

const COMMAND = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i;

/**
 * Access to the community chat: join requests are answered privately with a request for
 * an access code; the applicant's code (typed, or from a card's QR code via /start) admits
 * them; `/invite` gives a member a personal code for a peer; `/appeal` contests moderation.
 * Private messages that are none of these go on to the client relay.
 */
export function communityAccess(deps: CommunityDeps & { keys: Keyring }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.on('chat_join_request', async (ctx, next) => {
    const request = ctx.chatJoinRequest;
    if (request.chat.id !== deps.chatId) return next();
    await receiveJoinRequest(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      pseudonym: deps.keys.pseudonym('user', request.from.id),
      userId: request.from.id,
      privateChatId: request.user_chat_id,
      language: languageFrom(request.from.language_code),
    });
  });
  composer.chatType('private').on('message:text', async (ctx, next) => {
    const person = {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      pseudonym: deps.keys.pseudonym('user', ctx.from.id),
      userId: ctx.from.id,
      language: languageFrom(ctx.from.language_code),
    };
    const command = COMMAND.exec(ctx.msg.text.trim());
    const name = command?.[1]?.toLowerCase();
    const argument = command?.[2]?.trim() ?? '';
    if (name === 'invite') {
      await requestPeerInvite(ctx.scope.store, deps, person);
      return;
    }
    if (name === 'appeal' || (name === 'start' && argument === 'appeal')) {
      await receiveAppeal(ctx.scope.store, deps, { ...person, text: name === 'appeal' ? argument : '' });
      return;
    }
    const outcome = await receiveApplicantMessage(ctx.scope.store, deps, {
      ...person,
      text: ctx.msg.text,
      ...(name === 'start' && argument !== '' ? { startPayload: argument } : {}),
    });
    if (outcome === 'not-applicant') return next();
  });
  return composer;
}

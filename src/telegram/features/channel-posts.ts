import { Composer } from 'grammy';
import { CHANNEL_CALLBACK, CHANNEL_TOPIC_SETTING, pressChannelButton, receiveChannelTopicMessage, type ChannelDeps } from '../../core/channel/channel-posts.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { NetreachContext } from '../context.ts';
import { isServiceMessage } from '../describe-message.ts';
import type { StaffChat } from '../staff-chat.ts';
import { staffButtonPress } from './staff-button.ts';

/**
 * Channel posts drafted in the staff group's channel topic: a message there is a draft
 * (previewed with buttons), `/schedule` and `/edit` reply to one; the buttons approve,
 * publish, explain scheduling or delete. Other staff-group messages go on.
 */
export function channelPosts(deps: ChannelDeps & { keys: Keyring; staffChat: StaffChat }): Composer<NetreachContext> {
  const composer = new Composer<NetreachContext>();
  composer.on('message', async (ctx, next) => {
    if (ctx.chat.id !== deps.staffChat.get() || !ctx.from || isServiceMessage(ctx.msg)) return next();
    const topic = await ctx.scope.store.getSetting(CHANNEL_TOPIC_SETTING);
    if (topic === undefined || ctx.msg.message_thread_id !== Number(topic)) return next();
    const replied = ctx.msg.reply_to_message;
    await receiveChannelTopicMessage(ctx.scope.store, deps, {
      updateId: ctx.update.update_id,
      at: ctx.scope.receivedAt,
      staffPseudonym: deps.keys.pseudonym('user', ctx.from.id),
      staffChatId: ctx.from.id,
      messageId: ctx.msg.message_id,
      text: ctx.msg.text ?? null,
      // In a topic, a message that replies to nothing still "replies" to the topic's first message.
      replyToMessageId: replied && replied.message_id !== Number(topic) ? replied.message_id : undefined,
    });
  });
  composer.on('callback_query:data', async (ctx, next) => {
    const press = staffButtonPress(ctx, deps, CHANNEL_CALLBACK);
    if (!press) return next();
    await pressChannelButton(ctx.scope.store, deps, press);
  });
  return composer;
}

import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import type { Translate } from '../core/ports.ts';
import type { Language } from '../core/types.ts';
import type { EmergencyDeps } from '../core/emergency/run-guide.ts';
import type { WorkingHours } from '../core/hours.ts';
import type { TriageVerdict } from '../core/receive-client-message.ts';
import type { SelfHelpSource } from '../core/self-help.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { NetreachContext, UpdateScope } from './context.ts';
import type { ChannelDeps } from '../core/channel/channel-posts.ts';
import { channelPosts } from './features/channel-posts.ts';
import { clientActions } from './features/client-actions.ts';
import { clientRelay } from './features/client-relay.ts';
import { communityAccess } from './features/community-access.ts';
import { communityModeration } from './features/community-moderation.ts';
import { communityWelcome } from './features/community-welcome.ts';
import type { CommunityDeps } from '../core/community/deps.ts';
import { groupRequests, groupRequestTopics } from './features/group-requests.ts';
import { drugAlerts } from './features/drug-alerts.ts';
import { guard } from './features/guard.ts';
import { staffLink } from './features/staff-link.ts';
import { staffRelay } from './features/staff-relay.ts';
import type { StaffChat } from './staff-chat.ts';

/** What the bot needs; everything is passed in. */
export interface BotDeps {
  token: string;
  apiRoot: string;
  botInfo: UserFromGetMe;
  keys: Keyring;
  t: Translate;
  staffLanguage: Language;
  staffChat: StaffChat;
  logger: Logger;
  /** Triage of client messages (urgent ones start a guide). */
  classify?: (text: string, language: Language) => TriageVerdict;
  /** The emergency engine (guides, alerts). */
  emergency?: EmergencyDeps;
  /** Working hours (after-hours answers). */
  hours?: WorkingHours;
  /** The organisation's contacts (given to a client when a case closes). */
  orgContacts?: string;
  /** Self-help articles. */
  selfHelp?: SelfHelpSource;
  /** The community chat (access codes, moderation, welcome); absent when not configured. */
  community?: CommunityDeps;
  /** The read-only channel (posts drafted in the staff group); absent when not configured. */
  channel?: ChannelDeps;
}

/** A bot plus the way to hand it an update inside a transaction. */
export interface NetreachBot {
  bot: Bot<NetreachContext>;
  /** Runs the middleware for one update with its scope (the transaction's store). */
  handle(update: object, scope: UpdateScope): Promise<void>;
}

/**
 * Builds the grammY bot. Features never call Telegram directly: what they send goes into
 * the outbox through `ctx.scope.store`, in the same transaction that marks the update done.
 */
export function createBot(deps: BotDeps): NetreachBot {
  const bot = new Bot<NetreachContext>(deps.token, { botInfo: deps.botInfo, client: { apiRoot: deps.apiRoot } });
  const scopes = new WeakMap<object, UpdateScope>();
  bot.use(async (ctx, next) => {
    const scope = scopes.get(ctx.update);
    if (!scope) throw new Error('update handled without a scope');
    ctx.scope = scope;
    await next();
  });
  bot.use(guard(deps));
  bot.use(staffLink(deps));
  if (deps.channel) bot.use(channelPosts({ ...deps.channel, keys: deps.keys, staffChat: deps.staffChat }));
  const community = deps.community
    ? { ...deps.community, keys: deps.keys, staffChat: deps.staffChat, ...(deps.classify ? { classify: deps.classify } : {}), ...(deps.emergency ? { emergency: deps.emergency } : {}) }
    : undefined;
  // Answers in the topics of requests from the community chat, before the ordinary relay.
  if (community) bot.use(groupRequestTopics(community));
  bot.use(staffRelay(deps));
  if (community) {
    bot.use(communityWelcome(community));
    bot.use(communityModeration(community));
    bot.use(groupRequests(community));
    bot.use(communityAccess(community));
  }
  bot.use(
    drugAlerts({
      t: deps.t,
      staffLanguage: deps.staffLanguage,
      keys: deps.keys,
      staffChat: deps.staffChat,
      ...(deps.classify ? { classify: deps.classify } : {}),
      ...(deps.channel ? { channel: deps.channel } : {}),
    }),
  );
  bot.use(clientActions(deps));
  bot.use(clientRelay(deps));
  return {
    bot,
    async handle(update, scope) {
      scopes.set(update, scope);
      // grammY types the update; the inbox holds what Telegram sent, checked to have an update_id.
      await bot.handleUpdate(update as Parameters<typeof bot.handleUpdate>[0]);
    },
  };
}

import type { OutboxRequest, RelayStore, Translate } from '../ports.ts';
import { PRIORITY, type Language } from '../types.ts';
import type { ModerationDetector } from './detect.ts';
import type { ModerationRules } from './moderation-rules.ts';
import { LANE } from '../outbox/lanes.ts';

/** What the community-chat use-cases need. */
export interface CommunityDeps {
  t: Translate;
  staffLanguage: Language;
  /** The private community supergroup. */
  chatId: number;
  /** The bot's username, for links that open a private chat with it. */
  botUsername: string;
  /** Personal codes a member may ask for in 30 days. */
  peerInvitesPerMonth: number;
  /** The chat's invite link (join requests on), told to whoever redeems a code first. */
  inviteLink?: string;
  rules: ModerationRules;
  detector: ModerationDetector;
}

/** How long a personal (peer) code stays valid. */
export const PEER_CODE_TTL_MS = 14 * 24 * 3_600_000;
/** Wrong codes before a join request is declined. */
export const MAX_WRONG_CODES = 3;
/** The window of "per month" for peer invites. */
export const INVITE_WINDOW_MS = 30 * 24 * 3_600_000;

/** A link that opens a private chat with the bot, optionally with a start payload. */
export function botLink(deps: Pick<CommunityDeps, 'botUsername'>, payload?: string): string {
  return `https://t.me/${deps.botUsername}${payload ? `?start=${payload}` : ''}`;
}

/** A link to a message of a private supergroup (members of the chat, staff among them, can open it). */
export function chatMessageLink(chatId: number, messageId: number): string {
  return `https://t.me/c/${String(chatId).replace(/^-100/, '')}/${messageId}`;
}

/** Builders of the outbox requests the community features queue (ids stay inside sealed payloads). */
export function communityOutbox(store: RelayStore, deps: CommunityDeps, updateId: number, at: number) {
  return {
    /** A private message to a member or applicant (their private chat has their user id). */
    toMember: (memberId: number, userId: number, key: string, params: Record<string, unknown>) =>
      store.enqueue(
        { dedupeKey: `${key}:${updateId}`, lane: LANE.member(memberId), priority: PRIORITY.normal, target: { kind: 'direct', chatId: userId }, method: 'sendMessage', params },
        at,
      ),
    /** A call on the community chat (approve, delete, restrict, post). */
    toChat: (key: string, method: OutboxRequest['method'], params: Record<string, unknown>, priority: OutboxRequest['priority'] = PRIORITY.normal) =>
      store.enqueue({ dedupeKey: `${key}:${updateId}`, lane: LANE.community, priority, target: { kind: 'group', chatId: deps.chatId }, method, params }, at),
    /** A message in the staff group's General topic. */
    toStaff: (key: string, params: Record<string, unknown>) =>
      store.enqueue({ dedupeKey: `${key}:${updateId}`, lane: LANE.staffCommunity, priority: PRIORITY.normal, target: { kind: 'staff-chat' }, method: 'sendMessage', params }, at),
  };
}

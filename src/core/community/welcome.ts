import type { RelayStore } from '../ports.ts';
import type { Language } from '../types.ts';
import { botLink, communityOutbox, type CommunityDeps } from './deps.ts';

/** Someone became a member of the community chat (approved, added, or back after leaving). */
export interface NewCommunityMember {
  updateId: number;
  at: number;
  pseudonym: string;
  userId: number;
  language: Language;
}

/** One welcome per member in this long, whichever of Telegram's two notices comes first. */
const WELCOME_AGAIN_AFTER_MS = 10 * 60_000;

/**
 * Welcomes a new member with the chat's rules and how to reach a worker privately. A member
 * who has written to the bot gets it privately; anyone else gets a short message in the
 * chat with a button that opens the bot, and the previous such message is deleted, so at
 * most one welcome stands in the chat.
 */
export async function welcomeMember(store: RelayStore, deps: CommunityDeps, input: NewCommunityMember): Promise<'private' | 'chat' | 'skipped'> {
  const community = store.community;
  const member = await community.upsertMember(input);
  if (member.status === 'banned') return 'skipped';
  if (member.welcomedAt !== null && input.at - member.welcomedAt < WELCOME_AGAIN_AFTER_MS) return 'skipped';
  await community.updateMember(member.id, { status: 'member', welcomedAt: input.at }, input.at);
  const lang = member.language;
  const out = communityOutbox(store, deps, input.updateId, input.at);
  const rules = deps.rules.rulesText[lang] ?? deps.t(lang, 'community-rules');
  if (member.talkedToBot) {
    await out.toMember(member.id, input.userId, 'welcome', { text: `${deps.t(lang, 'community-welcome-private')}\n\n${rules}` });
    return 'private';
  }
  const previous = await community.lastChatWelcome();
  if (previous !== undefined) await out.toChat('welcome-clear', 'deleteMessages', { message_ids: [previous] });
  // The chat's language is the organisation's: the staff language is the closest setting.
  const chatLang = lang;
  await out.toChat('cwelcome', 'sendMessage', {
    text: deps.t(chatLang, 'community-welcome-chat'),
    reply_markup: { inline_keyboard: [[{ text: deps.t(chatLang, 'community-write-worker'), url: botLink(deps, 'welcome') }]] },
  });
  return 'chat';
}

/** A member left (or was removed from) the chat; they may come back without a new code. */
export async function memberLeft(store: RelayStore, input: { at: number; pseudonym: string; userId: number; language: Language; banned: boolean }): Promise<void> {
  const community = store.community;
  const member = await community.upsertMember(input);
  await community.updateMember(member.id, { status: input.banned ? 'banned' : member.status === 'banned' ? 'banned' : 'left', requestStatus: null }, input.at);
}

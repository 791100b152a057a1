import { randomInt } from 'node:crypto';
import type { RelayStore } from '../ports.ts';
import type { Language } from '../types.ts';
import { botLink, communityOutbox, INVITE_WINDOW_MS, MAX_WRONG_CODES, PEER_CODE_TTL_MS, type CommunityDeps } from './deps.ts';
import type { CommunityMember } from './ports.ts';

/** Letters and digits nobody confuses when reading a printed card (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G). */
export const ACCESS_CODE_ALPHABET = 'ACDEFHJKMNPQRTUVWXY3479';
const CODE_LENGTH = 8;
/** Cyrillic letters typed for their Latin look-alikes on a Russian keyboard. */
const LOOKALIKES: Readonly<Record<string, string>> = { А: 'A', С: 'C', Е: 'E', Н: 'H', К: 'K', М: 'M', Р: 'P', Т: 'T', Х: 'X', У: 'Y', В: 'B', О: 'O' };
/** The start payload prefix of a code in a QR link (`?start=c_XXXXXXXX`). */
export const CODE_PAYLOAD_PREFIX = 'c_';

/** A new one-time code, `XXXX-XXXX`. */
export function generateAccessCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ACCESS_CODE_ALPHABET[randomInt(ACCESS_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * The canonical form of a typed code (upper case, without spaces, dashes or dots, Cyrillic
 * look-alikes read as Latin), or undefined if it cannot be a code.
 *
 * @example
 * normalizeAccessCode(' acde-fhjk ') // 'ACDEFHJK'
 */
export function normalizeAccessCode(text: string): string | undefined {
  const upper = text.trim().toUpperCase().replace(/[\s\-_.–—]+/g, '');
  const code = [...upper].map((ch) => LOOKALIKES[ch] ?? ch).join('');
  if (code.length !== CODE_LENGTH) return undefined;
  for (const ch of code) if (!ACCESS_CODE_ALPHABET.includes(ch)) return undefined;
  return code;
}

/** The code in a `/start c_XXXXXXXX` payload, if any. */
export function codeFromStartPayload(payload: string): string | undefined {
  return payload.startsWith(CODE_PAYLOAD_PREFIX) ? normalizeAccessCode(payload.slice(CODE_PAYLOAD_PREFIX.length)) : undefined;
}

/** A join request or private message from someone, as the transport hands it over. */
export interface CommunityPerson {
  updateId: number;
  at: number;
  /** Keyed hash of the Telegram user id. */
  pseudonym: string;
  /** Telegram user id (= their private chat with the bot); sealed by storage. */
  userId: number;
  language: Language;
  /** The private chat to write to when it may differ from the user id (a join request's user_chat_id). */
  privateChatId?: number;
}

/**
 * A join request to the community chat: someone who was a member before (left, rejoins) or
 * who already redeemed a code is approved at once; a banned member is declined; anyone else
 * is asked privately for an access code. If they never started the bot and the message
 * cannot reach them, the request stays pending until they write to the bot.
 */
export async function receiveJoinRequest(store: RelayStore, deps: CommunityDeps, person: CommunityPerson): Promise<'approved' | 'declined' | 'asked'> {
  const community = store.community;
  const member = await community.upsertMember(person);
  const out = communityOutbox(store, deps, person.updateId, person.at);
  if (member.status === 'banned') {
    await out.toChat('join-decline', 'declineChatJoinRequest', { user_id: person.userId });
    await community.updateMember(member.id, { requestStatus: 'declined' }, person.at);
    return 'declined';
  }
  if (member.admitted) {
    await approve(store, deps, member, person, 'community-rejoined');
    return 'approved';
  }
  await community.updateMember(member.id, { status: member.status === 'member' ? 'member' : 'applicant', requestStatus: 'pending', wrongCodes: 0 }, person.at);
  await out.toMember(member.id, person.privateChatId ?? person.userId, 'join-ask', { text: deps.t(member.language, 'community-ask-code') });
  return 'asked';
}

async function approve(store: RelayStore, deps: CommunityDeps, member: CommunityMember, person: CommunityPerson, key: string): Promise<void> {
  const out = communityOutbox(store, deps, person.updateId, person.at);
  await out.toChat('join-approve', 'approveChatJoinRequest', { user_id: person.userId });
  await store.community.updateMember(member.id, { status: 'member', requestStatus: 'approved', admitted: true, wrongCodes: 0 }, person.at);
  await out.toMember(member.id, person.userId, 'join-approved', { text: deps.t(member.language, key) });
}

/** What the applicant's private message was, for the caller. */
export type ApplicantOutcome = 'approved' | 'wrong-code' | 'declined' | 'used-code' | 'admitted-early' | 'not-applicant';

/**
 * A private message from someone who may be joining the community chat: while their join
 * request waits, it is read as an access code (three wrong ones decline it); a code sent
 * before any request (`/start c_…` from a card's QR code, or typed) is redeemed for them
 * and their later request is approved at once. Anything else is not for this use-case.
 */
export async function receiveApplicantMessage(store: RelayStore, deps: CommunityDeps, person: CommunityPerson & { text: string; startPayload?: string }): Promise<ApplicantOutcome> {
  const community = store.community;
  const fromStart = person.startPayload === undefined ? undefined : codeFromStartPayload(person.startPayload);
  const existing = await community.getMember(person.pseudonym);
  const pending = existing?.requestStatus === 'pending';
  const typed = /^\s*[\p{L}\d]{4}[\s\-–—]?[\p{L}\d]{4}\s*$/u.test(person.text) ? normalizeAccessCode(person.text) : undefined;
  if (!pending && fromStart === undefined && typed === undefined) return 'not-applicant';
  if (person.text.startsWith('/') && fromStart === undefined) return 'not-applicant';

  const member = await community.upsertMember(person);
  await community.updateMember(member.id, { talkedToBot: true }, person.at);
  const out = communityOutbox(store, deps, person.updateId, person.at);
  const lang = member.language;
  const code = fromStart ?? typed ?? normalizeAccessCode(person.text);
  if (member.status === 'banned') {
    await out.toMember(member.id, person.userId, 'code-banned', { text: deps.t(lang, 'community-banned') });
    return 'declined';
  }
  if (member.admitted && !pending) {
    await out.toMember(member.id, person.userId, 'code-already', { text: joinHint(deps, lang, 'community-already-admitted') });
    return 'admitted-early';
  }
  const result = code === undefined ? ({ ok: false, reason: 'unknown' } as const) : await community.redeemCode(code, person.pseudonym, person.at);
  if (result.ok) {
    if (pending) {
      await approve(store, deps, member, person, 'community-approved');
      return 'approved';
    }
    await community.updateMember(member.id, { admitted: true }, person.at);
    await out.toMember(member.id, person.userId, 'code-early', { text: joinHint(deps, lang, 'community-code-accepted') });
    return 'admitted-early';
  }
  if (!pending) {
    await out.toMember(member.id, person.userId, 'code-invalid', { text: deps.t(lang, result.reason === 'used' ? 'community-code-used' : 'community-code-invalid') });
    return result.reason === 'used' ? 'used-code' : 'wrong-code';
  }
  const wrong = member.wrongCodes + 1;
  if (wrong >= MAX_WRONG_CODES) {
    await out.toChat('join-decline', 'declineChatJoinRequest', { user_id: person.userId });
    await community.updateMember(member.id, { requestStatus: 'declined', wrongCodes: wrong }, person.at);
    await out.toMember(member.id, person.userId, 'code-declined', { text: deps.t(lang, 'community-declined') });
    return 'declined';
  }
  await community.updateMember(member.id, { wrongCodes: wrong }, person.at);
  const key = result.reason === 'used' ? 'community-code-used-left' : 'community-code-wrong';
  await out.toMember(member.id, person.userId, 'code-wrong', { text: deps.t(lang, key, { left: MAX_WRONG_CODES - wrong }) });
  return result.reason === 'used' ? 'used-code' : 'wrong-code';
}

function joinHint(deps: CommunityDeps, lang: Language, key: string): string {
  const text = deps.t(lang, key);
  return deps.inviteLink ? `${text}\n${deps.inviteLink}` : text;
}

/**
 * `/invite` from a member of the community chat: a personal one-time code for a peer, at
 * most `peerInvitesPerMonth` in 30 days. The code is recorded with the inviter's pseudonym.
 */
export async function requestPeerInvite(store: RelayStore, deps: CommunityDeps, person: CommunityPerson): Promise<'issued' | 'limit' | 'not-member'> {
  const community = store.community;
  const member = await community.getMember(person.pseudonym);
  const out = communityOutbox(store, deps, person.updateId, person.at);
  const lang = member?.language ?? person.language;
  if (!member || member.status !== 'member') {
    await out.toMember(0, person.userId, 'invite-not-member', { text: deps.t(lang, 'community-invite-not-member') });
    return 'not-member';
  }
  const used = await community.countInvites(person.pseudonym, person.at - INVITE_WINDOW_MS);
  if (used >= deps.peerInvitesPerMonth) {
    await out.toMember(member.id, person.userId, 'invite-limit', { text: deps.t(lang, 'community-invite-limit', { limit: deps.peerInvitesPerMonth }) });
    return 'limit';
  }
  const code = generateAccessCode();
  const expiresAt = person.at + PEER_CODE_TTL_MS;
  await community.createCodes([normalizeAccessCode(code) ?? code], { inviter: person.pseudonym }, expiresAt, person.at);
  const link = botLink(deps, `${CODE_PAYLOAD_PREFIX}${normalizeAccessCode(code) ?? ''}`);
  await out.toMember(member.id, person.userId, 'invite-code', {
    text: deps.t(lang, 'community-invite-code', { code, link, left: deps.peerInvitesPerMonth - used - 1, days: Math.round(PEER_CODE_TTL_MS / 86_400_000) }),
  });
  return 'issued';
}

/**
 * A batch of one-time codes for a mobile unit, stored as keyed hashes; the codes themselves
 * are returned once, to be printed.
 */
export async function createAccessCodeBatch(store: Pick<RelayStore, 'community'>, input: { batch: string; count: number; days: number; at: number }): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < input.count) codes.add(generateAccessCode());
  const list = [...codes];
  await store.community.createCodes(list.map((c) => normalizeAccessCode(c) ?? c), { batch: input.batch }, input.at + input.days * 86_400_000, input.at);
  return list;
}

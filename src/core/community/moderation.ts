import type { RelayStore } from '../ports.ts';
import { PRIORITY, type Language } from '../types.ts';
import { chatMessageLink, communityOutbox, type CommunityDeps } from './deps.ts';
import type { CommunityMember } from './ports.ts';
import { answerStaffPress, LANE } from '../outbox/lanes.ts';

/** A message posted (or edited) in the community chat. */
export interface CommunityMessage {
  updateId: number;
  at: number;
  pseudonym: string;
  userId: number;
  language: Language;
  messageId: number;
  /** Text or caption; null for media without one. */
  text: string | null;
  edited: boolean;
}

/** Permissions of a muted member: nothing may be sent. */
const MUTED = {
  can_send_messages: false,
  can_send_audios: false,
  can_send_documents: false,
  can_send_photos: false,
  can_send_videos: false,
  can_send_video_notes: false,
  can_send_voice_notes: false,
  can_send_polls: false,
  can_send_other_messages: false,
  can_add_web_page_previews: false,
};

/** Callback data of the supervisor's buttons under a ban request. */
export const BAN_CALLBACK = /^cban:(\d+):(yes|no)$/;
/** Callback data of a worker's buttons under a message sent for review. */
export const REVIEW_CALLBACK = /^crev:(\d+):(delete|keep)$/;

/** What moderation did with a message: removed it (and went up the ladder), or left it for a worker to review. */
export interface ModerationOutcome {
  action: 'removed' | 'review';
  /** The category (or "flood"). */
  reason: string;
}

/** How much of a doubtful message the staff group sees, as with relayed messages. */
const REVIEW_TEXT = 2000;

/**
 * A message in the community chat. Staff are never moderated automatically. Anything the
 * detector or the flood counter finds for certain goes up the ladder: delete and warn
 * privately, then also mute for a day, then also ask a supervisor to confirm a ban. A message
 * the detector is in doubt about stays in the chat and goes to the staff group for review,
 * with buttons to remove or keep it. An edited message is checked again.
 */
export async function moderateCommunityMessage(store: RelayStore, deps: CommunityDeps, input: CommunityMessage): Promise<ModerationOutcome | undefined> {
  const community = store.community;
  const member = await community.upsertMember(input);
  if (member.status !== 'member' && member.status !== 'banned') await community.updateMember(member.id, { status: 'member' }, input.at);
  if (await community.staffByPseudonym(input.pseudonym)) return undefined;

  const flood = deps.rules.flood;
  const count = input.edited ? 0 : await community.countMessage(member.id, input.at, flood.seconds * 1000);
  const verdict = input.text ? deps.detector.check(input.text) : undefined;
  let reason: string | undefined = verdict?.action === 'remove' ? verdict.category : undefined;
  if (reason === undefined && count > flood.messages) reason = 'flood';
  if (reason === undefined) {
    if (verdict?.action !== 'review' || !input.text) return undefined;
    await requestReview(store, deps, member, { ...input, text: input.text, reason: verdict.category });
    return { action: 'review', reason: verdict.category };
  }

  const out = communityOutbox(store, deps, input.updateId, input.at);
  await out.toChat('mod-delete', 'deleteMessages', { message_ids: [input.messageId] }, PRIORITY.urgent);
  // A flood is one offence, however many messages it takes: later ones are only removed.
  if (reason === 'flood' && (await community.hasRecent(member.id, 'flood', input.at - flood.seconds * 1000 * 3))) {
    return { action: 'removed', reason };
  }
  await community.log({ memberId: member.id, action: 'delete', reason, source: 'auto', messageId: input.messageId, body: input.text, at: input.at });
  await escalate(store, deps, member, { ...input, reason, source: 'auto' });
  return { action: 'removed', reason };
}

/**
 * Logs a doubtful message (its text sealed) and asks the staff group: one short line with the
 * suspected reason and the message's link, the text below it as relays show it, and buttons
 * to remove or keep it. Never the member's name.
 */
async function requestReview(store: RelayStore, deps: CommunityDeps, member: CommunityMember, input: CommunityMessage & { text: string; reason: string }): Promise<void> {
  const id = await store.community.log({ memberId: member.id, action: 'review', reason: input.reason, source: 'auto', messageId: input.messageId, body: input.text, status: 'pending', at: input.at });
  const lang = deps.staffLanguage;
  const line = deps.t(lang, 'community-staff-review', {
    member: member.id,
    reason: deps.t(lang, `community-reason-${input.reason}`),
    link: chatMessageLink(deps.chatId, input.messageId),
  });
  await communityOutbox(store, deps, input.updateId, input.at).toStaff('mod-review', {
    text: `${line}\n\n${input.text.slice(0, REVIEW_TEXT)}`,
    link_preview_options: { is_disabled: true },
    reply_markup: {
      inline_keyboard: [[
        { text: deps.t(lang, 'community-staff-review-delete'), callback_data: `crev:${id}:delete` },
        { text: deps.t(lang, 'community-staff-review-keep'), callback_data: `crev:${id}:keep` },
      ]],
    },
  });
}

/** Applies the next rung of the ladder for an offence just logged. */
async function escalate(
  store: RelayStore,
  deps: CommunityDeps,
  member: CommunityMember,
  input: { updateId: number; at: number; userId: number; reason: string; source: 'auto' | 'staff'; staffId?: number; forceMute?: boolean },
): Promise<void> {
  const community = store.community;
  const out = communityOutbox(store, deps, input.updateId, input.at);
  const strikes = await community.countStrikes(member.id, input.at - deps.rules.strikeWindowDays * 86_400_000);
  const reasonText = deps.t(member.language, `community-reason-${input.reason}`);
  const hours = deps.rules.muteHours;
  if (strikes <= 1 && !input.forceMute) {
    await community.log({ memberId: member.id, action: 'warn', reason: input.reason, source: input.source, staffId: input.staffId ?? null, at: input.at });
    await out.toMember(member.id, input.userId, 'mod-warn', { text: deps.t(member.language, 'community-warned', { reason: reasonText }), reply_markup: appealHint(deps, member.language) });
    return;
  }
  const until = input.at + hours * 3_600_000;
  await out.toChat('mod-mute', 'restrictChatMember', { user_id: input.userId, permissions: MUTED, until_date: Math.floor(until / 1000) }, PRIORITY.urgent);
  await community.updateMember(member.id, { mutedUntil: until }, input.at);
  await community.log({ memberId: member.id, action: 'mute', reason: input.reason, source: input.source, staffId: input.staffId ?? null, at: input.at });
  await out.toMember(member.id, input.userId, 'mod-muted', { text: deps.t(member.language, 'community-muted', { reason: reasonText, hours }), reply_markup: appealHint(deps, member.language) });
  if (strikes >= 3) await requestBan(store, deps, member, { ...input, staffId: input.staffId ?? null });
}

async function requestBan(store: RelayStore, deps: CommunityDeps, member: CommunityMember, input: { updateId: number; at: number; reason: string; source: 'auto' | 'staff'; staffId: number | null }): Promise<void> {
  const id = await store.community.log({ memberId: member.id, action: 'ban-request', reason: input.reason, source: input.source, staffId: input.staffId, status: 'pending', at: input.at });
  const lang = deps.staffLanguage;
  await communityOutbox(store, deps, input.updateId, input.at).toStaff('mod-ban-request', {
    text: deps.t(lang, 'community-staff-ban-request', { member: member.id, reason: deps.t(lang, `community-reason-${input.reason}`), request: id }),
    reply_markup: {
      inline_keyboard: [[
        { text: deps.t(lang, 'community-staff-ban-confirm'), callback_data: `cban:${id}:yes` },
        { text: deps.t(lang, 'community-staff-ban-reject'), callback_data: `cban:${id}:no` },
      ]],
    },
  });
}

function appealHint(deps: CommunityDeps, language: Language) {
  return { inline_keyboard: [[{ text: deps.t(language, 'community-appeal-button'), url: `https://t.me/${deps.botUsername}?start=appeal` }]] };
}

/** A worker's `/warn`, `/mute` or `/ban` in reply to a member's message in the community chat. */
export interface StaffModerationCommand {
  updateId: number;
  at: number;
  command: 'warn' | 'mute' | 'ban';
  actorPseudonym: string;
  /** The worker's command message (removed from the chat). */
  commandMessageId: number;
  /** The member's message the worker replied to. */
  target: { pseudonym: string; userId: number; language: Language; messageId: number; isBot: boolean };
}

/**
 * Workers moderate by replying: `/warn` removes the message and warns the member
 * privately, `/mute` also mutes them for a day, `/ban` asks a supervisor to confirm a ban.
 * Only staff may; an action on a worker or on a bot is refused (told in the staff group,
 * never in the community chat).
 */
export async function receiveStaffModeration(store: RelayStore, deps: CommunityDeps, input: StaffModerationCommand): Promise<'done' | 'refused' | 'not-staff'> {
  const community = store.community;
  const actor = await community.staffByPseudonym(input.actorPseudonym);
  if (!actor) return 'not-staff';
  const out = communityOutbox(store, deps, input.updateId, input.at);
  await out.toChat('mod-cmd-delete', 'deleteMessages', { message_ids: [input.commandMessageId] }, PRIORITY.urgent);
  const targetIsStaff = !input.target.isBot && (await community.staffByPseudonym(input.target.pseudonym)) !== undefined;
  if (input.target.isBot || targetIsStaff) {
    const member = await community.upsertMember({ pseudonym: input.target.pseudonym, userId: input.target.userId, language: input.target.language, at: input.at });
    await community.log({ memberId: member.id, action: 'refused', reason: input.target.isBot ? 'target-bot' : 'target-staff', source: 'staff', staffId: actor.id, at: input.at });
    await out.toStaff('mod-refused', { text: deps.t(deps.staffLanguage, input.target.isBot ? 'community-staff-refused-bot' : 'community-staff-refused-staff', { command: input.command }) });
    return 'refused';
  }
  const member = await community.upsertMember({ pseudonym: input.target.pseudonym, userId: input.target.userId, language: input.target.language, at: input.at });
  await out.toChat('mod-delete', 'deleteMessages', { message_ids: [input.target.messageId] }, PRIORITY.urgent);
  await community.log({ memberId: member.id, action: 'delete', reason: 'staff', source: 'staff', staffId: actor.id, messageId: input.target.messageId, at: input.at });
  const base = { updateId: input.updateId, at: input.at, userId: input.target.userId, reason: 'staff', source: 'staff' as const, staffId: actor.id };
  if (input.command === 'ban') {
    await requestBan(store, deps, member, { ...base, staffId: actor.id });
  } else {
    await escalate(store, deps, member, { ...base, forceMute: input.command === 'mute' });
  }
  await out.toStaff('mod-done', { text: deps.t(deps.staffLanguage, `community-staff-${input.command}-done`, { member: member.id }) });
  return 'done';
}

/** A press on the buttons of a ban request or a review in the staff group. */
export interface StaffDecisionInput {
  updateId: number;
  at: number;
  callbackQueryId: string;
  data: string;
  staffPseudonym: string;
}

/** The short answer Telegram shows to whoever pressed a button in the staff group. */
function answerPress(store: RelayStore, deps: CommunityDeps, input: StaffDecisionInput, button: 'cban' | 'crev', key: string) {
  return store.enqueue(
    answerStaffPress(LANE.staffCommunity, `${button}-answer:${input.updateId}`, input.callbackQueryId, deps.t(deps.staffLanguage, key)),
    input.at,
  );
}

/**
 * A supervisor (staff role supervisor or admin) confirms or rejects a ban request. The ban
 * happens only on confirmation; others get an explanation in the button's answer.
 */
export async function decideBan(store: RelayStore, deps: CommunityDeps, input: StaffDecisionInput): Promise<'banned' | 'rejected' | 'not-supervisor' | 'already' | 'unknown'> {
  const match = BAN_CALLBACK.exec(input.data);
  const answer = (key: string) => answerPress(store, deps, input, 'cban', key);
  if (!match) return 'unknown';
  const community = store.community;
  const staff = await community.staffByPseudonym(input.staffPseudonym);
  if (!staff || (staff.role !== 'supervisor' && staff.role !== 'admin')) {
    await answer('community-staff-only-supervisor');
    return 'not-supervisor';
  }
  const request = await community.getDecision(Number(match[1]), 'ban-request');
  if (!request) return 'unknown';
  const confirmed = match[2] === 'yes';
  if (!(await community.decide(request.id, 'ban-request', confirmed ? 'confirmed' : 'rejected', staff.id, input.at))) {
    await answer('community-staff-ban-already');
    return 'already';
  }
  await answer(confirmed ? 'community-staff-ban-confirmed' : 'community-staff-ban-rejected');
  const out = communityOutbox(store, deps, input.updateId, input.at);
  await out.toStaff('cban-result', { text: deps.t(deps.staffLanguage, confirmed ? 'community-staff-banned' : 'community-staff-ban-dropped', { member: request.memberId }) });
  if (!confirmed) return 'rejected';
  const userId = await community.memberUserId(request.memberId);
  if (userId === undefined) return 'rejected';
  await out.toChat('cban', 'banChatMember', { user_id: userId });
  await community.updateMember(request.memberId, { status: 'banned' }, input.at);
  await community.log({ memberId: request.memberId, action: 'ban', reason: 'confirmed', source: 'staff', staffId: staff.id, at: input.at });
  return 'banned';
}

/**
 * A worker's press on a review's buttons in the staff group. "Remove" deletes the message and
 * takes the member one rung up the ladder, as a worker's /warn would (the reason is what the
 * detector suspected); "keep" leaves it. Any staff member may decide; the first press counts.
 */
export async function decideReview(store: RelayStore, deps: CommunityDeps, input: StaffDecisionInput): Promise<'removed' | 'kept' | 'not-staff' | 'already' | 'unknown'> {
  const match = REVIEW_CALLBACK.exec(input.data);
  const answer = (key: string) => answerPress(store, deps, input, 'crev', key);
  if (!match) return 'unknown';
  const community = store.community;
  const staff = await community.staffByPseudonym(input.staffPseudonym);
  if (!staff) {
    await answer('community-staff-review-only-staff');
    return 'not-staff';
  }
  const review = await community.getDecision(Number(match[1]), 'review');
  if (!review) return 'unknown';
  const remove = match[2] === 'delete';
  if (!(await community.decide(review.id, 'review', remove ? 'confirmed' : 'rejected', staff.id, input.at))) {
    await answer('community-staff-review-already');
    return 'already';
  }
  await answer(remove ? 'community-staff-review-removed' : 'community-staff-review-kept');
  const out = communityOutbox(store, deps, input.updateId, input.at);
  await out.toStaff('crev-result', { text: deps.t(deps.staffLanguage, remove ? 'community-staff-review-removed-line' : 'community-staff-review-kept-line', { member: review.memberId }) });
  if (!remove) return 'kept';
  const userId = await community.memberUserId(review.memberId);
  const member = userId === undefined ? undefined : await community.getMemberById(review.memberId);
  if (review.messageId !== null) await out.toChat('crev-delete', 'deleteMessages', { message_ids: [review.messageId] }, PRIORITY.urgent);
  if (userId === undefined || !member) return 'removed';
  await community.log({ memberId: member.id, action: 'delete', reason: review.reason, source: 'staff', staffId: staff.id, messageId: review.messageId, at: input.at });
  await escalate(store, deps, member, { updateId: input.updateId, at: input.at, userId, reason: review.reason, source: 'staff', staffId: staff.id });
  return 'removed';
}

/**
 * `/appeal TEXT` in a private chat: the member's appeal (sealed) is logged and reaches the
 * staff group with the reasons of their recent moderation, never their name or id.
 */
export async function receiveAppeal(store: RelayStore, deps: CommunityDeps, input: { updateId: number; at: number; pseudonym: string; userId: number; language: Language; text: string }): Promise<'sent' | 'empty' | 'not-member'> {
  const community = store.community;
  const member = await community.getMember(input.pseudonym);
  const out = communityOutbox(store, deps, input.updateId, input.at);
  if (!member) {
    await out.toMember(0, input.userId, 'appeal-none', { text: deps.t(input.language, 'community-appeal-not-member') });
    return 'not-member';
  }
  await community.updateMember(member.id, { talkedToBot: true }, input.at);
  const text = input.text.trim();
  if (text === '') {
    await out.toMember(member.id, input.userId, 'appeal-empty', { text: deps.t(member.language, 'community-appeal-how') });
    return 'empty';
  }
  const reasons = await community.recentReasons(member.id, 3);
  await community.log({ memberId: member.id, action: 'appeal', reason: 'appeal', source: 'member', body: text.slice(0, 2000), at: input.at });
  const lang = deps.staffLanguage;
  await out.toStaff('appeal', {
    text: `${deps.t(lang, 'community-staff-appeal', { member: member.id, reasons: reasons.map((r) => deps.t(lang, `community-reason-${r}`)).join(', ') || '—' })}\n\n${text.slice(0, 2000)}`,
  });
  await out.toMember(member.id, input.userId, 'appeal-sent', { text: deps.t(member.language, 'community-appeal-sent') });
  return 'sent';
}

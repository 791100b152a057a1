import type { OutboxRequest, RelayStore, Translate } from '../ports.ts';
import { PRIORITY, type Language, type StaffButtonPress, type StaffMember } from '../types.ts';
import { formatZoned, lastOccurrence, parseWeeklySlot, zonedTime } from './local-time.ts';
import type { ChannelPost } from './ports.ts';
import { LANE } from '../outbox/lanes.ts';

/** What the channel use-cases need. */
export interface ChannelDeps {
  t: Translate;
  staffLanguage: Language;
  /** The read-only channel. */
  channelChatId: number;
  /** The language of automatic posts (the weekly schedule). */
  channelLanguage: Language;
  /** The organisation's timezone (scheduled times are read in it); a getter, it can change live. */
  timezone(): string;
  /** "mon 09:00": when to post the mobile units' weekly schedule; none means never. */
  schedulePost?: string;
}

/** Setting holding the staff group's channel topic (where drafts are written). */
export const CHANNEL_TOPIC_SETTING = 'channel_topic_id';
/** Callback data of a draft's buttons: `chp:<post id>:<action>`. */
export const CHANNEL_CALLBACK = /^chp:(\d+):(approve|schedule|publish|delete)$/;
/** The longest text Telegram takes in one message. */
const MAX_POST = 4096;
/** How late the weekly schedule may still be posted (the process was down at its time). */
const SCHEDULE_POST_GRACE_MS = 24 * 3_600_000;

const COMMAND = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i;

/** True for a supervisor or admin: who may approve and change what the channel shows. */
export function isSupervisor(staff: StaffMember | undefined): boolean {
  return staff?.role === 'supervisor' || staff?.role === 'admin';
}

/** The request that creates the staff group's channel topic, once; its id goes into a setting. */
export function channelTopicRequest(deps: Pick<ChannelDeps, 't' | 'staffLanguage'>): OutboxRequest {
  return {
    dedupeKey: 'channel-topic',
    lane: LANE.staffChannel,
    priority: PRIORITY.prerequisite,
    target: { kind: 'staff-chat' },
    method: 'createForumTopic',
    params: { name: deps.t(deps.staffLanguage, 'channel-topic-name') },
    effect: { kind: 'setting-topic', key: CHANNEL_TOPIC_SETTING },
  };
}

/** A preview: its label, then the post (cut to fit one message; the post itself is whole). */
function preview(label: string, text: string): string {
  const room = MAX_POST - label.length - 2;
  return `${label}\n\n${text.length > room ? `${text.slice(0, room - 1)}…` : text}`;
}

function draftKeyboard(deps: ChannelDeps, postId: number) {
  const button = (action: string) => ({ text: deps.t(deps.staffLanguage, `channel-button-${action}`), callback_data: `chp:${postId}:${action}` });
  return { inline_keyboard: [[button('approve'), button('publish')], [button('schedule'), button('delete')]] };
}

/** Calls on the staff group's channel topic and on the channel, keyed by the update or job step. */
function channelOutbox(store: RelayStore, deps: ChannelDeps, key: string, at: number) {
  const topic = async () => {
    const id = await store.getSetting(CHANNEL_TOPIC_SETTING);
    return id === undefined ? {} : { message_thread_id: Number(id) };
  };
  return {
    /** A message in the channel topic (General when the topic is not there yet). */
    async toTopic(name: string, params: Record<string, unknown>, effect?: OutboxRequest['effect']) {
      await store.enqueue(
        { dedupeKey: `${name}:${key}`, lane: LANE.staffChannel, priority: PRIORITY.normal, target: { kind: 'staff-chat' }, method: 'sendMessage', params: { ...(await topic()), ...params }, ...(effect ? { effect } : {}) },
        at,
      );
    },
    /** A short answer to a button press. */
    answer(callbackQueryId: string, textKey: string, args?: Record<string, string | number>) {
      return store.enqueue(
        { dedupeKey: `channel-answer:${key}`, lane: LANE.staffChannel, priority: PRIORITY.urgent, target: { kind: 'staff-chat' }, method: 'answerCallbackQuery', params: { callback_query_id: callbackQueryId, text: deps.t(deps.staffLanguage, textKey, args), show_alert: textKey === 'channel-schedule-how' } },
        at,
      );
    },
    /** A call on the channel (one lane: posts, edits and deletions go out in order). */
    toChannel(name: string, method: OutboxRequest['method'], params: Record<string, unknown>, effect?: OutboxRequest['effect']) {
      return store.enqueue({ dedupeKey: `${name}:${key}`, lane: LANE.channel, priority: PRIORITY.normal, target: { kind: 'group', chatId: deps.channelChatId }, method, params, ...(effect ? { effect } : {}) }, at);
    },
  };
}

/** Sends a post to the channel; its channel message id is recorded once Telegram accepts it. */
async function sendPost(store: RelayStore, deps: ChannelDeps, post: Pick<ChannelPost, 'id' | 'text'>, at: number): Promise<void> {
  const out = channelOutbox(store, deps, String(post.id), at);
  await out.toChannel('channel-publish', 'sendMessage', { text: post.text }, { kind: 'channel-post', postId: post.id, field: 'channel' });
  await out.toTopic('channel-published', { text: deps.t(deps.staffLanguage, 'channel-published', { id: post.id }) });
}

/** A worker's message in the staff group's channel topic. */
export interface ChannelTopicMessage {
  updateId: number;
  at: number;
  staffPseudonym: string;
  staffChatId: number;
  messageId: number;
  /** Null for media: channel posts are text only. */
  text: string | null;
  /** The message it replies to (the draft or its preview), if any. */
  replyToMessageId: number | undefined;
}

/**
 * A message in the channel topic: text becomes a draft, previewed with buttons (approve,
 * publish now, schedule, delete); `/schedule YYYY-MM-DD HH:MM` and `/edit TEXT` in reply to
 * a draft set its time or change it (in the channel too, once published).
 */
export async function receiveChannelTopicMessage(store: RelayStore, deps: ChannelDeps, input: ChannelTopicMessage): Promise<'draft' | 'scheduled' | 'edited' | 'refused'> {
  const staff = await store.staff.upsert({ pseudonym: input.staffPseudonym, chatId: input.staffChatId, at: input.at });
  const out = channelOutbox(store, deps, String(input.updateId), input.at);
  const lang = deps.staffLanguage;
  const tell = async (key: string, args?: Record<string, string | number>) => {
    await out.toTopic('channel-tell', { text: deps.t(lang, key, args), reply_parameters: { message_id: input.messageId, allow_sending_without_reply: true } });
    return 'refused' as const;
  };
  const text = input.text?.trim() ?? '';
  if (text === '') return tell('channel-text-only');
  const command = COMMAND.exec(text);
  const name = command?.[1]?.toLowerCase();
  if (!command) {
    if (text.length > MAX_POST) return tell('channel-too-long', { max: MAX_POST });
    const id = await store.channel.createDraft({ text, draftMessageId: input.messageId, authorStaffId: staff.id, at: input.at });
    await out.toTopic(
      'channel-preview',
      { text: preview(deps.t(lang, 'channel-preview', { id }), text), reply_parameters: { message_id: input.messageId, allow_sending_without_reply: true }, reply_markup: draftKeyboard(deps, id) },
      { kind: 'channel-post', postId: id, field: 'preview' },
    );
    return 'draft';
  }
  if (name !== 'schedule' && name !== 'edit') return tell('channel-help');
  const post = input.replyToMessageId === undefined ? undefined : await store.channel.findByMessage(input.replyToMessageId);
  if (!post || post.status === 'deleted') return tell('channel-reply-to-draft', { command: name });
  const argument = command[2]?.trim() ?? '';

  if (name === 'schedule') {
    const [date = '', time = ''] = argument.split(/\s+/);
    const when = zonedTime(deps.timezone(), date, time);
    if (when === undefined) return tell('channel-schedule-how');
    if (when <= input.at) return tell('channel-schedule-past');
    if (post.status === 'published') return tell('channel-already-published', { id: post.id });
    await store.channel.setPublishAt(post.id, when, input.at);
    const scheduled = await store.channel.transition(post.id, ['approved', 'scheduled'], 'scheduled', {}, input.at);
    await tell(scheduled ? 'channel-scheduled' : 'channel-scheduled-needs-approval', { id: post.id, when: formatZoned(deps.timezone(), when) });
    return 'scheduled';
  }

  if (argument === '') return tell('channel-edit-how');
  if (argument.length > MAX_POST) return tell('channel-too-long', { max: MAX_POST });
  if (post.status === 'published') {
    if (!isSupervisor(staff)) return tell('channel-only-supervisor');
    if (post.channelMessageId === null) return tell('channel-not-sent-yet');
    await store.channel.updateText(post.id, argument, input.at);
    await out.toChannel('channel-edit', 'editMessageText', { message_id: post.channelMessageId, text: argument });
    await tell('channel-edited', { id: post.id });
    return 'edited';
  }
  await store.channel.updateText(post.id, argument, input.at);
  await out.toTopic(
    'channel-preview',
    { text: preview(deps.t(lang, 'channel-preview-changed', { id: post.id }), argument), reply_parameters: { message_id: input.messageId, allow_sending_without_reply: true }, reply_markup: draftKeyboard(deps, post.id) },
    { kind: 'channel-post', postId: post.id, field: 'preview' },
  );
  return 'edited';
}

/** What became of an action on a post: a message key (and its arguments) to tell the worker. */
export interface ChannelOutcome {
  ok: boolean;
  key: string;
  args?: Record<string, string | number>;
}

/**
 * Approve (supervisors), publish now (an approved post, or a supervisor's), delete (a draft;
 * a published post only by a supervisor, from the channel too: the bot needs the channel's
 * "delete messages" right for posts older than 48 hours). Each change is one conditional
 * update, so two presses (or a press and a dashboard click) act once. `key` makes the
 * queued calls of this one action idempotent.
 */
export async function actOnChannelPost(
  store: RelayStore,
  deps: ChannelDeps,
  input: { postId: number; action: 'approve' | 'publish' | 'delete'; staff: StaffMember; at: number; key: string },
): Promise<ChannelOutcome> {
  const post = await store.channel.getPost(input.postId);
  const done = (ok: boolean, key: string, args?: Record<string, string | number>): ChannelOutcome => ({ ok, key, ...(args ? { args } : {}) });
  if (!post || post.status === 'deleted') return done(false, 'channel-gone');
  const out = channelOutbox(store, deps, input.key, input.at);
  const supervisor = isSupervisor(input.staff);
  const id = post.id;

  if (input.action === 'approve') {
    if (!supervisor) return done(false, 'channel-only-supervisor');
    const to = post.publishAt !== null ? 'scheduled' : 'approved';
    if (!(await store.channel.transition(id, ['draft'], to, { approvedBy: input.staff.id }, input.at))) return done(false, 'channel-already', { id });
    const key = to === 'scheduled' ? 'channel-approved-scheduled' : 'channel-approved';
    const args = { id, when: post.publishAt === null ? '' : formatZoned(deps.timezone(), post.publishAt) };
    await out.toTopic('channel-approved', { text: deps.t(deps.staffLanguage, key, args) });
    return done(true, key, args);
  }

  if (input.action === 'publish') {
    if (post.status === 'published') return done(false, 'channel-already-published', { id });
    if (post.status === 'draft' && !supervisor) return done(false, 'channel-needs-approval');
    const from = supervisor ? (['draft', 'approved', 'scheduled'] as const) : (['approved', 'scheduled'] as const);
    if (!(await store.channel.transition(id, from, 'published', post.status === 'draft' ? { approvedBy: input.staff.id } : {}, input.at))) return done(false, 'channel-already', { id });
    await sendPost(store, deps, post, input.at);
    return done(true, 'channel-published', { id });
  }

  if (post.status === 'published') {
    if (!supervisor) return done(false, 'channel-only-supervisor');
    if (post.channelMessageId === null) return done(false, 'channel-not-sent-yet');
    if (!(await store.channel.transition(id, ['published'], 'deleted', {}, input.at))) return done(false, 'channel-already', { id });
    await out.toChannel('channel-delete', 'deleteMessage', { message_id: post.channelMessageId });
  } else if (!(await store.channel.transition(id, ['draft', 'approved', 'scheduled'], 'deleted', {}, input.at))) {
    return done(false, 'channel-already', { id });
  }
  await out.toTopic('channel-deleted', { text: deps.t(deps.staffLanguage, 'channel-deleted', { id }) });
  return done(true, 'channel-deleted', { id });
}

/** A press of one of a draft's buttons: the action, answered in the button's little note. */
export async function pressChannelButton(store: RelayStore, deps: ChannelDeps, input: StaffButtonPress): Promise<string> {
  const match = CHANNEL_CALLBACK.exec(input.data);
  const out = channelOutbox(store, deps, String(input.updateId), input.at);
  const answer = async (outcome: Pick<ChannelOutcome, 'key' | 'args'>) => {
    await out.answer(input.callbackQueryId, outcome.key, outcome.args);
    return outcome.key;
  };
  if (!match) return answer({ key: 'channel-gone' });
  if (match[2] === 'schedule') return answer({ key: 'channel-schedule-how' });
  const staff = await store.staff.upsert({ pseudonym: input.staffPseudonym, chatId: input.staffChatId, at: input.at });
  return answer(await actOnChannelPost(store, deps, { postId: Number(match[1]), action: match[2] as 'approve' | 'publish' | 'delete', staff, at: input.at, key: String(input.updateId) }));
}

/**
 * A post drafted through the API (the dashboard): stored like one written in the channel
 * topic, and previewed there with the same buttons, so a supervisor can approve it from
 * either place. `publishAt` (optional) is when to publish it once approved.
 */
export async function draftChannelPost(store: RelayStore, deps: ChannelDeps, input: { text: string; staff: StaffMember; publishAt?: number; at: number; key: string }): Promise<number> {
  const id = await store.channel.createDraft({ text: input.text, draftMessageId: null, authorStaffId: input.staff.id, at: input.at });
  if (input.publishAt !== undefined) await store.channel.setPublishAt(id, input.publishAt, input.at);
  await channelOutbox(store, deps, input.key, input.at).toTopic(
    'channel-preview',
    { text: preview(deps.t(deps.staffLanguage, 'channel-preview', { id }), input.text), reply_markup: draftKeyboard(deps, id) },
    { kind: 'channel-post', postId: id, field: 'preview' },
  );
  return id;
}

/** The longest post text (one Telegram message). */
export const MAX_CHANNEL_POST = MAX_POST;

/**
 * Publishes scheduled posts that are due. Each is claimed with one conditional update in
 * the same transaction that queues it, so however late (the process was down) or however
 * many processes look, a post goes out once. Returns how many.
 */
export async function publishDuePosts(store: RelayStore, deps: ChannelDeps, at: number): Promise<number> {
  const due = await store.channel.claimDue(at, 20);
  for (const post of due) await sendPost(store, deps, post, at);
  return due.length;
}

/**
 * The key of the week whose schedule post is due at `at` (from its time until a day
 * later), or undefined when none is.
 */
export function scheduleWeek(deps: Pick<ChannelDeps, 'schedulePost' | 'timezone'>, at: number): string | undefined {
  const slot = deps.schedulePost === undefined ? undefined : parseWeeklySlot(deps.schedulePost);
  if (!slot) return undefined;
  const last = lastOccurrence(slot, deps.timezone(), at);
  if (!last || at - last.at > SCHEDULE_POST_GRACE_MS) return undefined;
  return `mobile-schedule:${last.date}`;
}

/**
 * Posts the mobile units' weekly schedule (the live text) once per week at the configured
 * time, or up to a day late when the process was down then. `settled` is the week key the
 * caller already saw settled (no insert is tried again). Returns the week's key and whether
 * this call posted it; undefined when no week's post is due now.
 */
export async function postWeeklySchedule(
  store: RelayStore,
  deps: ChannelDeps,
  scheduleText: (lang: Language) => string | undefined,
  at: number,
  settled?: string,
): Promise<{ week: string; posted: boolean } | undefined> {
  const week = scheduleWeek(deps, at);
  if (week === undefined) return undefined;
  if (week === settled) return { week, posted: false };
  const text = scheduleText(deps.channelLanguage);
  // No stops and no configured text: nothing to post this week.
  if (text === undefined) return { week, posted: false };
  const body = `${deps.t(deps.channelLanguage, 'channel-schedule-title')}\n\n${text}`.slice(0, MAX_POST);
  const id = await store.channel.createAutoPost({ kind: 'schedule', text: body, autoKey: week, at });
  if (id !== undefined) await sendPost(store, deps, { id, text: body }, at);
  return { week, posted: id !== undefined };
}

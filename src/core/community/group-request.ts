import { raiseEmergency, startGuide, type EmergencyDeps } from '../emergency/run-guide.ts';
import type { OutboxRequest, RelayStore } from '../ports.ts';
import { DEFAULT_AMBULANCE, guideFor, UNCLEAR_CONFIDENCE, type TriageVerdict } from '../receive-client-message.ts';
import { withSignature } from '../receive-staff-message.ts';
import { openTopicRequest } from '../staff-topic.ts';
import { PRIORITY, type Case, type Client, type Language } from '../types.ts';
import { botLink, chatMessageLink, communityOutbox, type CommunityDeps } from './deps.ts';
import type { GroupCase } from './group-request-ports.ts';
import type { CommunityMessage } from './moderation.ts';
import { answerStaffPress, LANE, topicMessage } from '../outbox/lanes.ts';

/** What the community-chat requests need besides the community's own dependencies. */
export type GroupRequestDeps = CommunityDeps & {
  /** Triage of message text; absent means only questions are taken for requests. */
  classify?: (text: string, language: Language) => TriageVerdict;
  /** The emergency engine, for the full private response to an urgent request. */
  emergency?: EmergencyDeps;
};

/** Callback data of the buttons under a worker's answer in a group case's topic. */
export const GROUP_ANSWER_CALLBACK = /^grq:(\d+):(public|private)$/;
/** The start payload of the link that takes a group case into the private chat. */
export const PRIVATE_CASE_PAYLOAD = /^case_([A-Za-z0-9]{16,40})$/;

// `\b` knows only Latin letters: a question word ends at a space, a sign or the end.
const QUESTION = /\?|^(где|как|когда|что|кто|можно|сколько|почему|зачем|какой|какая|какие|есть ли|подскажите|посоветуйте|нужн\p{L}*|помогите|where|how|when|what|who|can|is there|does|any(one)? know|need|help)(?=[\s,.!:;]|$)/iu;
const MAX_TEXT = 3500;

/** True for a question ("где взять налоксон", "anyone know…?"): asked in the chat, it is a request. */
export function looksLikeQuestion(text: string): boolean {
  return QUESTION.test(text.trim());
}

/** A member's message in the community chat that moderation let through. */
export interface CommunityChatMessage extends Omit<CommunityMessage, 'edited'> {
  /** The chat message it replies to, if any (a peer answer replies to someone's request). */
  replyTo?: { messageId: number; pseudonym: string; isBot: boolean };
}

const topicRequest = (kase: Pick<Case, 'id' | 'urgent'>, key: string, params: { text: string } & Record<string, unknown>, urgent = false): OutboxRequest =>
  topicMessage(kase, key, params, urgent || kase.urgent ? PRIORITY.urgent : PRIORITY.normal);
/**
 * A message in the community chat. A request (triage finds a need, or it is a question)
 * opens or joins the member's group case and appears in its staff topic with a link to the
 * message; an urgent one gets a short public answer at once and, if the member talks to the
 * bot, the full private emergency response. A reply to someone's request is a peer answer:
 * its text goes into that case's topic, without the peer's name.
 */
export async function receiveCommunityMessage(store: RelayStore, deps: GroupRequestDeps, input: CommunityChatMessage): Promise<'request' | 'peer-answer' | 'ignored'> {
  const text = input.text?.trim() ?? '';
  if (text === '' || text.startsWith('/')) return 'ignored';
  if (await store.community.staffByPseudonym(input.pseudonym)) return 'ignored';
  const groups = store.groupRequests;
  if (input.replyTo && !input.replyTo.isBot && input.replyTo.pseudonym !== input.pseudonym) {
    const asked = await groups.caseOfMessage(input.replyTo.messageId);
    if (!asked) return 'ignored';
    const kase = await store.cases.get(asked.caseId);
    if (!kase) return 'ignored';
    const label = deps.t(deps.staffLanguage, 'group-peer-answer', { link: chatMessageLink(deps.chatId, input.messageId) });
    await store.enqueue(topicRequest(kase, `group-peer:${input.updateId}`, { text: `${label}\n\n${text.slice(0, MAX_TEXT)}`, link_preview_options: { is_disabled: true } }), input.at);
    return 'peer-answer';
  }

  const verdict = deps.classify?.(text, input.language);
  const urgent = verdict?.urgent === true;
  const isRequest = urgent || (verdict !== undefined && verdict.need !== 'other' && verdict.confidence >= UNCLEAR_CONFIDENCE) || looksLikeQuestion(text);
  if (!isRequest) return 'ignored';

  // The same pseudonym as in their private chat: one client, whichever way they write.
  const { client } = await store.clients.upsert({ pseudonym: input.pseudonym, chatId: input.userId, language: input.language, at: input.at });
  let kase = await store.cases.findOpen(client.id, 'group');
  const opened = kase === undefined;
  kase ??= await store.cases.open({ clientId: client.id, channel: 'group', urgent, at: input.at });
  if (opened) await store.enqueue(openTopicRequest(client.code, kase.id), input.at);
  const group = await groups.trackRequest({ caseId: kase.id, clientId: client.id, chatMessageId: input.messageId, token: crypto.randomUUID().replaceAll('-', ''), at: input.at });
  await store.cases.recordMessage({ caseId: kase.id, direction: 'in', kind: 'text', body: text, media: null, updateId: input.updateId, at: input.at });
  if (verdict && verdict.need !== 'other') await store.cases.addNeed(kase.id, verdict.need);

  if (urgent && verdict) {
    if (!kase.urgent) await store.cases.markUrgent(kase.id, input.at);
    const ambulance = deps.emergency?.numbers.ambulance ?? DEFAULT_AMBULANCE;
    await communityOutbox(store, deps, input.updateId, input.at).toChat(
      'group-emergency',
      'sendMessage',
      {
        text: deps.t(client.language, 'group-emergency-public', { ambulance }),
        reply_parameters: { message_id: input.messageId, allow_sending_without_reply: true },
        reply_markup: { inline_keyboard: [[{ text: deps.t(client.language, 'group-open-private-button'), url: botLink(deps, `case_${group.token}`) }]] },
      },
      PRIORITY.urgent,
    );
    if (deps.emergency) {
      // The on-call staff are alerted (and re-alerted) whether or not the member can get the private guide.
      const scope = { client, caseId: kase.id, key: String(input.updateId), at: input.at };
      await raiseEmergency(store, deps.emergency, scope, guideFor(verdict.urgentKind), 'group');
      const member = await store.community.getMember(input.pseudonym);
      if (member?.talkedToBot === true || (await groups.hasPrivateChat(client.id))) await startGuide(store, deps.emergency, scope, guideFor(verdict.urgentKind), 'triage');
    }
  }
  const label = deps.t(deps.staffLanguage, urgent ? 'group-request-staff-urgent' : 'group-request-staff', { link: chatMessageLink(deps.chatId, input.messageId) });
  await store.enqueue(topicRequest(kase, `group-request:${input.updateId}`, { text: `${label}\n\n${text.slice(0, MAX_TEXT)}`, link_preview_options: { is_disabled: true } }, urgent), input.at);
  return 'request';
}

/** A worker's message in a case's topic, as the group side needs it. */
export interface GroupTopicMessage {
  updateId: number;
  at: number;
  staffPseudonym: string;
  staffChatId: number;
  topicId: number;
  messageId: number;
  /** Null for media. */
  text: string | null;
}

const COMMAND = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i;

/**
 * A worker's message in the topic of a case from the community chat (not yet taken
 * private): `/public TEXT` answers in the chat, `/private` invites the member to the private
 * chat, and a plain answer is kept and offered with the buttons "answer publicly" / "take
 * private". Notes (`!`), `/close` and other commands, and cases that are not from the chat,
 * are `'not-group'`: the ordinary staff relay handles them.
 */
export async function receiveGroupTopicMessage(store: RelayStore, deps: GroupRequestDeps, input: GroupTopicMessage): Promise<'public' | 'invited' | 'choose' | 'refused' | 'not-group'> {
  const kase = await store.cases.byTopic(input.topicId);
  if (!kase || kase.channel !== 'group' || kase.status !== 'open') return 'not-group';
  const text = input.text?.trim() ?? '';
  const command = COMMAND.exec(text);
  const name = command?.[1]?.toLowerCase();
  if (text.startsWith('!') || (command && name !== 'public' && name !== 'private')) return 'not-group';
  const group = await store.groupRequests.getGroupCase(kase.id);
  if (!group) return 'not-group';
  const staff = await store.staff.upsert({ pseudonym: input.staffPseudonym, chatId: input.staffChatId, at: input.at });
  const key = String(input.updateId);
  const tell = async (messageKey: string, extra: Record<string, unknown> = {}) =>
    store.enqueue(topicRequest(kase, `group-tell:${key}`, { text: deps.t(deps.staffLanguage, messageKey), reply_parameters: { message_id: input.messageId, allow_sending_without_reply: true }, ...extra }), input.at);

  if (text === '') {
    await tell('group-answer-text-only');
    return 'refused';
  }
  if (name === 'public') {
    const answer = command?.[2]?.trim() ?? '';
    if (answer === '') {
      await tell('group-public-how');
      return 'refused';
    }
    await answerPublicly(store, deps, { kase, group, staffId: staff.id, alias: staff.alias, text: answer, key, at: input.at });
    return 'public';
  }
  if (name === 'private') {
    await inviteToPrivate(store, deps, { kase, group, key, at: input.at });
    return 'invited';
  }
  const answerId = await store.groupRequests.saveAnswer({ caseId: kase.id, staffId: staff.id, text: text.slice(0, MAX_TEXT), at: input.at });
  await tell('group-answer-choose', {
    reply_markup: {
      inline_keyboard: [[
        { text: deps.t(deps.staffLanguage, 'group-button-public'), callback_data: `grq:${answerId}:public` },
        { text: deps.t(deps.staffLanguage, 'group-button-private'), callback_data: `grq:${answerId}:private` },
      ]],
    },
  });
  return 'choose';
}

/** A press of "answer publicly" or "take private" under a worker's kept answer. */
export async function pressGroupAnswerButton(
  store: RelayStore,
  deps: GroupRequestDeps,
  input: { updateId: number; at: number; callbackQueryId: string; data: string },
): Promise<'public' | 'private' | 'already'> {
  const key = String(input.updateId);
  const reply = (messageKey: string) =>
    store.enqueue(
      answerStaffPress(LANE.staffCommunity, `group-answer-cb:${key}`, input.callbackQueryId, deps.t(deps.staffLanguage, messageKey)),
      input.at,
    );
  const match = GROUP_ANSWER_CALLBACK.exec(input.data);
  const answer = match ? await store.groupRequests.getAnswer(Number(match[1])) : undefined;
  const kase = answer ? await store.cases.get(answer.caseId) : undefined;
  const group = answer ? await store.groupRequests.getGroupCase(answer.caseId) : undefined;
  const choice = match?.[2] === 'public' ? 'public' : 'private';
  if (!answer || !kase || !group || kase.status !== 'open' || !(await store.groupRequests.setAnswerStatus(answer.id, 'pending', choice, input.at))) {
    await reply('group-answer-already');
    return 'already';
  }
  if (choice === 'public') {
    await answerPublicly(store, deps, { kase, group, staffId: answer.staffId, alias: await store.groupRequests.staffAlias(answer.staffId), text: answer.text, key, at: input.at });
    await reply('group-answered-publicly');
    return 'public';
  }
  const client = await store.clients.get(kase.clientId);
  if (group.privateAt !== null && client) {
    // Already in the private chat: the answer goes there now.
    await deliverPrivateAnswers(store, deps, kase, client, key, input.at);
  } else {
    await inviteToPrivate(store, deps, { kase, group, key, at: input.at });
  }
  await reply('group-invited-private');
  return 'private';
}

async function answerPublicly(
  store: RelayStore,
  deps: GroupRequestDeps,
  input: { kase: Case; group: GroupCase; staffId: number; alias: string | null; text: string; key: string; at: number },
): Promise<void> {
  const client = await store.clients.get(input.kase.clientId);
  const language = client?.language ?? deps.staffLanguage;
  const signature = input.alias ? deps.t(language, 'client-reply-signature', { alias: input.alias }) : '';
  await store.cases.recordMessage({ caseId: input.kase.id, direction: 'out', kind: 'text', body: input.text, media: null, staffId: input.staffId, at: input.at });
  await store.cases.markFirstResponse(input.kase.id, input.at);
  await communityOutbox(store, deps, Number(input.key), input.at).toChat('group-public', 'sendMessage', {
    text: withSignature(input.text, signature, 4096),
    reply_parameters: { message_id: input.group.lastMessageId, allow_sending_without_reply: true },
  });
  await store.enqueue(topicRequest(input.kase, `group-public-done:${input.key}`, { text: deps.t(deps.staffLanguage, 'group-answered-publicly') }), input.at);
}

async function inviteToPrivate(store: RelayStore, deps: GroupRequestDeps, input: { kase: Case; group: GroupCase; key: string; at: number }): Promise<void> {
  const client = await store.clients.get(input.kase.clientId);
  const language = client?.language ?? deps.staffLanguage;
  await communityOutbox(store, deps, Number(input.key), input.at).toChat('group-private', 'sendMessage', {
    text: deps.t(language, 'group-take-private'),
    reply_parameters: { message_id: input.group.lastMessageId, allow_sending_without_reply: true },
    reply_markup: { inline_keyboard: [[{ text: deps.t(language, 'group-open-private-button'), url: botLink(deps, `case_${input.group.token}`) }]] },
  });
  await store.enqueue(topicRequest(input.kase, `group-invite-done:${input.key}`, { text: deps.t(deps.staffLanguage, 'group-invited-private') }), input.at);
}

async function deliverPrivateAnswers(store: RelayStore, deps: GroupRequestDeps, kase: Case, client: Client, key: string, at: number): Promise<void> {
  for (const answer of await store.groupRequests.answersForPrivate(kase.id)) {
    if (!(await store.groupRequests.setAnswerStatus(answer.id, 'private', 'delivered', at))) continue;
    const alias = await store.groupRequests.staffAlias(answer.staffId);
    const signature = alias ? deps.t(client.language, 'client-reply-signature', { alias }) : '';
    const messageId = await store.cases.recordMessage({ caseId: kase.id, direction: 'out', kind: 'text', body: answer.text, media: null, staffId: answer.staffId, at });
    await store.cases.markFirstResponse(kase.id, at);
    await store.enqueue(
      {
        dedupeKey: `group-private-answer:${answer.id}:${key}`,
        lane: LANE.client(client.id),
        priority: PRIORITY.normal,
        target: { kind: 'client', clientId: client.id },
        method: 'sendMessage',
        params: { text: withSignature(answer.text, signature, 4096) },
        effect: { kind: 'client-message-id', messageId },
        caseId: kase.id,
      },
      at,
    );
  }
}

/**
 * `/start case_<token>` in the private chat: the member takes their request from the chat
 * into the private chat. The same case continues there (it becomes a private case), the
 * answers a worker kept for it arrive, and the topic is told.
 */
export async function openPrivateCase(
  store: RelayStore,
  deps: GroupRequestDeps,
  input: { updateId: number; at: number; pseudonym: string; userId: number; language: Language; token: string },
): Promise<'opened' | 'not-theirs'> {
  const group = await store.groupRequests.caseByToken(input.token);
  const { client } = await store.clients.upsert({ pseudonym: input.pseudonym, chatId: input.userId, language: input.language, at: input.at });
  const kase = group ? await store.cases.get(group.caseId) : undefined;
  const key = String(input.updateId);
  const toClient = (name: string, text: string) =>
    store.enqueue({ dedupeKey: `${name}:${key}`, lane: LANE.client(client.id), priority: PRIORITY.normal, target: { kind: 'client', clientId: client.id }, method: 'sendMessage', params: { text } }, input.at);
  if (!group || !kase || group.clientId !== client.id || kase.status !== 'open') {
    await toClient('group-private-none', deps.t(client.language, 'group-private-not-found'));
    return 'not-theirs';
  }
  const member = await store.community.getMember(input.pseudonym);
  if (member) await store.community.updateMember(member.id, { talkedToBot: true }, input.at);
  const moved = await store.groupRequests.takePrivate(kase.id, input.at);
  await toClient('group-private-welcome', deps.t(client.language, 'group-private-welcome'));
  await deliverPrivateAnswers(store, deps, kase, client, key, input.at);
  if (moved) await store.enqueue(topicRequest(kase, `group-went-private:${key}`, { text: deps.t(deps.staffLanguage, 'group-member-went-private') }), input.at);
  return 'opened';
}

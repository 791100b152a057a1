import type { NeedCode } from './codebook.ts';
import type { SpottingStore } from './spotting/ports.ts';
import type { CommunityStore } from './community/ports.ts';
import type { ChannelStore } from './channel/ports.ts';
import type { GroupRequestStore } from './community/group-request-ports.ts';
import type { DrugAlertStore } from './channel/drug-alert-ports.ts';
import type { WebChatStore } from './web-chat/ports.ts';
import type { Case, CaseChannel, Client, Direction, Language, Priority, StaffMember, TranscriptKind } from './types.ts';

/** Whom an outgoing message goes to; resolved to a Telegram chat only when it is sent. */
export type OutboxTarget =
  | { kind: 'client'; clientId: number }
  | { kind: 'staff-topic'; caseId: number }
  | { kind: 'staff-chat' }
  | { kind: 'staff-dm'; staffId: number }
  /** A private chat named directly; only inside a sealed payload, for a client who erased themselves. */
  | { kind: 'direct'; chatId: number }
  | { kind: 'group'; chatId: number };

/** What to record once Telegram accepted the call. */
export type OutboxEffect =
  | { kind: 'case-topic'; caseId: number }
  | { kind: 'staff-message-id'; messageId: number }
  | { kind: 'client-message-id'; messageId: number }
  /** A channel post's message: its preview in the staff group, or the post in the channel. */
  | { kind: 'channel-post'; postId: number; field: 'preview' | 'channel' }
  /** A setting that keeps the result's topic id (the staff group's channel topic). */
  | { kind: 'setting-topic'; key: string };

/** Bot API methods the outbox may call. */
export type OutboxMethod =
  | 'sendMessage'
  | 'copyMessage'
  | 'createForumTopic'
  | 'editForumTopic'
  | 'closeForumTopic'
  | 'reopenForumTopic'
  | 'answerCallbackQuery'
  | 'deleteMessages'
  | 'sendLocation'
  | 'approveChatJoinRequest'
  | 'declineChatJoinRequest'
  | 'restrictChatMember'
  | 'banChatMember'
  | 'editMessageText'
  | 'deleteMessage';

/** One durable outgoing call. `params` never hold chat ids: the target does. */
export interface OutboxRequest {
  /** Makes enqueueing idempotent: the same key is stored once. */
  dedupeKey: string;
  /** Calls in one lane are sent in order (a client's chat, or one case's staff topic). */
  lane: string;
  priority: Priority;
  target: OutboxTarget;
  /** For copyMessage: the chat the message is copied from. */
  source?: OutboxTarget;
  method: OutboxMethod;
  params: Record<string, unknown>;
  effect?: OutboxEffect;
  caseId?: number;
}

/** A message as the domain records it; body and media are sealed by storage. */
export interface NewMessage {
  caseId: number;
  direction: Direction;
  kind: TranscriptKind;
  body: string | null;
  media: Record<string, unknown> | null;
  clientMessageId?: number | null;
  staffMessageId?: number | null;
  updateId?: number | null;
  staffId?: number | null;
  at: number;
}

/** Clients, as the domain sees them: no Telegram id, no name. Part of the {@link RelayStore}, in the same transaction. */
export interface ClientStore {
  upsert(input: { pseudonym: string; chatId: number; language: Language; at: number }): Promise<{ client: Client; created: boolean }>;
  /**
   * A new client of the web chat, known only by the keyed hash of their codename: no chat id,
   * no address, nothing else. Never answers through the outbox (see {@link RelayStore.enqueue}).
   */
  createWeb(input: { pseudonym: string; language: Language; at: number }): Promise<Client>;
  /** The web-chat client whose codename hashes to `pseudonym`, unless they erased themselves. */
  findWeb(pseudonym: string, at: number): Promise<Client | undefined>;
  get(clientId: number): Promise<Client | undefined>;
  setLanguage(clientId: number, language: Language): Promise<void>;
  /**
   * Telegram message ids of a client's conversation we know of since `since`: in their
   * private chat (theirs and the bot's) and in the staff group (relayed copies, replies, notes).
   */
  conversationMessageIds(clientId: number, since: number): Promise<{ clientChat: number[]; staffGroup: number[] }>;
  /**
   * Erases a client: their messages' text and media are deleted, the link between their
   * Telegram id and this client is cut (a new message makes a new client), and only the
   * coded, text-free cases remain. Returns the ids of the cases kept.
   */
  erase(clientId: number, at: number): Promise<number[]>;
}

/** Cases and their transcripts. Part of the {@link RelayStore}, in the same transaction. */
export interface CaseStore {
  findOpen(clientId: number, channel: CaseChannel): Promise<Case | undefined>;
  /**
   * Opens a case; there is at most one open case per client and channel, so when another
   * transaction opened one first, that case is returned (made urgent if this one was).
   */
  open(input: { clientId: number; channel: CaseChannel; urgent: boolean; at: number }): Promise<Case>;
  byTopic(topicId: number): Promise<Case | undefined>;
  get(caseId: number): Promise<Case | undefined>;
  /**
   * Holds the case until the transaction ends, so two workers' replies are recorded and
   * queued in one order (PostgreSQL takes a row lock; SQLite runs one writer anyway).
   */
  lock(caseId: number): Promise<void>;
  close(caseId: number, at: number): Promise<void>;
  markFirstResponse(caseId: number, at: number): Promise<void>;
  /** Records a transcript row (sealed); only the client's and workers' rows change who spoke last. */
  recordMessage(message: NewMessage): Promise<number>;
  /** Open cases that came in after hours and still wait for a first answer. */
  waitingAfterHours(): Promise<WaitingCase[]>;
  /** Marks a case as opened outside working hours (it comes first in the morning). */
  markAfterHours(caseId: number): Promise<void>;
  /** Flags a case for the organisation's doctor; true if it was not flagged yet. */
  flagForDoctor(caseId: number): Promise<boolean>;
  /** Marks a case urgent (it jumps the queues). */
  markUrgent(caseId: number, at: number): Promise<void>;
  /** Adds a codebook need to a case (kept once). */
  addNeed(caseId: number, need: NeedCode): Promise<void>;
  /** True (and remembered) if the client has not been asked "is a life in danger?" in this case lately. */
  shouldAskAboutDanger(caseId: number, at: number): Promise<boolean>;
  /** True (and remembered) if the client has not been asked to write instead of voice in this case lately. */
  shouldAskForText(caseId: number, at: number): Promise<boolean>;
  /**
   * Claims a dashboard request id; false if it was claimed before (then its message id, once
   * recorded, is returned by {@link CaseStore.requestMessage}). A concurrent claim waits for the first to commit.
   */
  claimRequest(requestId: string, at: number): Promise<boolean>;
  requestMessage(requestId: string): Promise<number | undefined>;
  setRequestMessage(requestId: string, messageId: number): Promise<void>;
}

/** Staff as seen from Telegram. Part of the {@link RelayStore}, in the same transaction. */
export interface StaffStore {
  upsert(input: { pseudonym: string; chatId: number; at: number }): Promise<StaffMember>;
  setAlias(staffId: number, alias: string | null): Promise<void>;
  /**
   * Links a dashboard account to this Telegram staff member with a one-time code from the
   * dashboard: the account's cases, replies and reports move to this identity, which takes
   * the account's role (and its alias, if it had none).
   */
  linkDashboardAccount(code: string, staffId: number, at: number): Promise<{ login: string; role: string } | 'invalid' | 'already-linked'>;
  /** Staff on call (by /oncall, or by alias in the rota now) who asked for private alerts. */
  alertRecipients(rotaAliases: readonly string[]): Promise<StaffMember[]>;
  setFlags(staffId: number, flags: { onCall?: boolean; dmAlerts?: boolean }): Promise<void>;
}

/** Clients' ratings of their closed cases. Part of the {@link RelayStore}, in the same transaction. */
export interface FeedbackStore {
  /**
   * Records a client's rating of one of their closed cases; 'already' if it was rated,
   * 'not-theirs' if the case is not this client's.
   */
  record(clientId: number, caseId: number, rating: string, at: number): Promise<'recorded' | 'already' | 'not-theirs'>;
  /** The case whose feedback-comment prompt is the bot message `messageId` in this client's chat. */
  promptCase(clientId: number, messageId: number): Promise<number | undefined>;
  /** Stores a client's optional comment on their rating (sealed); false if one is already there. */
  saveComment(caseId: number, comment: string): Promise<boolean>;
}

/** Emergency sessions of a case. Part of the {@link RelayStore}, in the same transaction. */
export interface EmergencyStore {
  /**
   * Opens an emergency session in a case, unless one of the same kind, or of one of
   * `sameKinds` (absent: of any kind), started within `withinMs`: then that one is returned
   * with `fresh: false` and its kind, so ten presses of 🆘, or 🆘 and then the guide the
   * client chose, are one emergency with one alert chain.
   */
  open(input: { caseId: number; kind: string; trigger: string; at: number; withinMs: number; sameKinds?: readonly string[] }): Promise<{ id: number; fresh: boolean; kind: string }>;
  /** Names what an emergency turned out to be (🆘 first, the overdose guide chosen after). */
  setKind(emergencyId: number, kind: string): Promise<void>;
  get(id: number): Promise<Emergency | undefined>;
  recordStep(emergencyId: number, step: string, at: number): Promise<void>;
  countAlert(emergencyId: number): Promise<void>;
}

/**
 * Everything a relay use-case may read or write, inside one transaction. Storage
 * implements it; the transaction also marks the Telegram update processed, so a crash at
 * any point either keeps all of it or none.
 */
export interface RelayStore {
  /** Clients, as the domain sees them: no Telegram id, no name. */
  readonly clients: ClientStore;
  /** Cases and their transcripts. */
  readonly cases: CaseStore;
  /** Staff as seen from Telegram. */
  readonly staff: StaffStore;
  /** Clients' ratings of their closed cases. */
  readonly feedback: FeedbackStore;
  /** Emergency sessions of a case. */
  readonly emergencies: EmergencyStore;
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string, at: number): Promise<void>;
  /**
   * Stores an outgoing call once per dedupe key. A message the bot itself sends a client in a
   * case (target `client`, a `caseId`, a sending method, no effect of its own) also becomes a
   * sealed transcript row with direction `bot`, once, linked to the call so its delivery and
   * Telegram message id are known: no use-case has to remember it.
   *
   * A call to a web-chat client is never queued, since there is no chat to send it to: the
   * bot's message is the transcript row (with its buttons, which the web chat shows as forms),
   * a worker's reply is the row its use-case recorded, and both wait there, sealed, until the
   * person opens the page. Calls that only make sense in Telegram (answering a button press,
   * deleting messages in their chat) are dropped.
   */
  enqueue(request: OutboxRequest, at: number): Promise<void>;
  scheduleTimer(timer: NewTimer): Promise<void>;
  /** Spotting check-ins, in the same transaction. */
  readonly spotting: SpottingStore;
  /** The community chat (members, access codes, moderation), in the same transaction. */
  readonly community: CommunityStore;
  /** Posts for the read-only channel, in the same transaction. */
  readonly channel: ChannelStore;
  /** Requests in the community chat (their cases, peer answers, workers' answers), in the same transaction. */
  readonly groupRequests: GroupRequestStore;
  /** Anonymous drug alerts, in the same transaction. */
  readonly drugAlerts: DrugAlertStore;
  /** The web chat's limits and its view of a conversation, in the same transaction. */
  readonly webChat: WebChatStore;
}

/** A case waiting since the night, as the digest lists it (code and case number only). */
export interface WaitingCase {
  caseId: number;
  code: string;
  urgent: boolean;
  needs: string[];
}

/**
 * Runs work in one transaction over every store a use-case may touch: all of it commits or
 * none does. Storage builds it once; http handlers and jobs are handed it, so no transport
 * opens a transaction or writes SQL.
 */
export interface Transactor {
  run<T>(work: (store: RelayStore) => Promise<T>): Promise<T>;
}

/** An emergency session as the domain sees it. */
export interface Emergency {
  id: number;
  caseId: number;
  kind: string;
  startedAt: number;
  /** The guide step last shown, as `guide:step` (null before the first). */
  lastStep: string | null;
  lastStepAt: number;
  firstHumanAt: number | null;
  alertsSent: number;
}

/** A durable timer; its payload is JSON without message text. */
export interface NewTimer {
  kind: 'guide-follow-up' | 'alert-repeat' | 'spot-check';
  caseId: number | null;
  clientId: number | null;
  payload: Record<string, string | number | boolean>;
  dueAt: number;
  at: number;
}

/** Renders a localised text; every text a client or worker sees goes through it. */
export type Translate = (language: Language, key: string, args?: Record<string, string | number>) => string;

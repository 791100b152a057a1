/** Languages the product speaks to clients and workers. */
export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Picks the product language from Telegram's `language_code` (Russian unless it is English-like). */
export function languageFrom(code: string | undefined): Language {
  if (!code) return 'ru';
  const base = code.toLowerCase().split(/[-_]/)[0];
  if (base === 'ru' || base === 'uk' || base === 'be' || base === 'kk') return 'ru';
  return 'en';
}

/** What a message carries; stored with every message. */
export const MESSAGE_KINDS = ['text', 'photo', 'voice', 'video', 'document', 'sticker', 'location', 'other'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * What a transcript row holds besides a message: `choice`, a button the client pressed
 * (its label as the body).
 */
export type TranscriptKind = MessageKind | 'choice';

/**
 * in: from the client (a message or a choice); out: a worker's reply to the client; note:
 * internal, never sent to the client; bot: what the bot itself sent the client
 * (acknowledgement, guide steps, articles). Notes and bot rows never say who spoke last.
 */
export type Direction = 'in' | 'out' | 'note' | 'bot';

/** Where a case came from: the bot's private chat, the community chat, or the web chat. */
export const CASE_CHANNELS = ['private', 'group', 'web'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export type CaseStatus = 'open' | 'closed';

/** Roles of staff accounts, least to most privileged for case work (researchers never see cases). */
export const STAFF_ROLES = ['worker', 'doctor', 'supervisor', 'admin', 'researcher'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Where a client writes from. `telegram`: the bot's private chat, answered through the
 * outbox. `web`: the anonymous web chat, which has no chat to send to: what the bot and the
 * workers say waits in the case's transcript until the person opens the page with their codename.
 */
export const CLIENT_VIAS = ['telegram', 'web'] as const;
export type ClientVia = (typeof CLIENT_VIAS)[number];

/** A client as the domain sees them: no Telegram id, no name. */
export interface Client {
  id: number;
  code: string;
  language: Language;
  unreachable: boolean;
  via: ClientVia;
}

/** The channel of a client's own conversation: the private chat with the bot, or the web chat. */
export function conversationChannel(client: Pick<Client, 'via'>): CaseChannel {
  return client.via === 'web' ? 'web' : 'private';
}

/** A case: one request of one client, from opening to closing. */
export interface Case {
  id: number;
  clientId: number;
  channel: CaseChannel;
  status: CaseStatus;
  urgent: boolean;
  staffTopicId: number | null;
  openedAt: number;
  firstResponseAt: number | null;
  updatedAt: number;
  /** Codebook needs coded so far. */
  needs: string[];
  doctorFlag: boolean;
}

/** A staff member as seen from Telegram. */
export interface StaffMember {
  id: number;
  alias: string | null;
  role: StaffRole;
}

/**
 * Outbox priorities: lower is sent first. A prerequisite (a case's staff topic) goes before
 * everything else in its lane, whatever that lane's urgency.
 */
export const PRIORITY = { prerequisite: -1, urgent: 0, normal: 1, bulk: 2 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

/** What a use-case is told about a staff member's press on one of the bot's buttons. */
export interface StaffButtonPress {
  updateId: number;
  at: number;
  callbackQueryId: string;
  data: string;
  /** Keyed hash of the staff member's Telegram id. */
  staffPseudonym: string;
  /** Their private chat id (sealed by storage). */
  staffChatId: number;
}

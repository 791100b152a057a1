/**
 * Shapes shared across the emulator: its options, the records it keeps per user, chat,
 * topic and file, and the events it emits. Telegram's own JSON shapes come from
 * grammY's type package so that what we hand out is checked against the Bot API.
 */
import type {
  BotCommand,
  Chat,
  ChatPermissions,
  ForceReply,
  ForumTopic,
  InlineKeyboardMarkup,
  Message,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  User,
} from 'grammy/types';

/** Any update object as queued for the bot. Raw injected updates may be malformed. */
export interface UpdateJson {
  update_id: number;
  [field: string]: unknown;
}

/** Rate limits enforced on sending methods. Every limit is off unless given. */
export interface RateLimitOptions {
  /** Messages per second into one private chat (Telegram: about 1). */
  privatePerSecond?: number;
  /** Messages a private chat takes at once before the per-second rate applies (a short burst; default: the per-second rate). */
  privateBurst?: number;
  /** Messages per minute into one group or channel (Telegram: 20). */
  groupPerMinute?: number;
  /** Messages per second across all chats (Telegram: about 30). */
  globalPerSecond?: number;
}

/** Options of `createEmulator`. */
export interface EmulatorOptions {
  /**
   * Accepted bot tokens, `<botId>:<secret>`. All must name the same bot id: the emulator
   * hosts one bot, extra tokens are aliases (handy for testing token rotation).
   */
  tokens?: string[];
  /** The bot's username, without "@". Default "netreach_training_bot". */
  botUsername?: string;
  /** The bot's first name. Default "Netreach (training)". */
  botFirstName?: string;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Telegram-like 429 answers (`TELEGRAM_RATE_LIMITS` for Telegram's own); off by default. */
  rateLimits?: RateLimitOptions;
  /** Whether the bot only sees commands and replies in groups where it is no admin. Default true. */
  botPrivacyMode?: boolean;
  /** Oldest messages of a chat are forgotten beyond this many. Default 100 000. */
  maxMessagesPerChat?: number;
  /** First delay between webhook retries, doubled up to 5 s. Default 100 ms. */
  webhookRetryBaseMs?: number;
}

/** A bot-visible reply markup of any kind, as stored for a message. */
export type AnyReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

/** What the emulator knows about a Telegram account (human or bot). */
export interface UserRecord {
  user: User;
  /** The user pressed Start (or wrote anything) in the private chat with the bot. */
  startedBot: boolean;
  /** The user blocked the bot; sending gives 403. */
  blockedBot: boolean;
  /** Unix seconds of the user's last join request; lets the bot write first for 5 minutes. */
  joinRequestAt?: number;
}

/** Status of a member in a group, supergroup or channel. */
export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** Administrator rights as Telegram names them; all false for ordinary members. */
export interface AdminRights {
  can_manage_chat: boolean;
  can_delete_messages: boolean;
  can_manage_video_chats: boolean;
  can_restrict_members: boolean;
  can_promote_members: boolean;
  can_change_info: boolean;
  can_invite_users: boolean;
  can_post_stories: boolean;
  can_edit_stories: boolean;
  can_delete_stories: boolean;
  can_post_messages?: boolean;
  can_edit_messages?: boolean;
  can_pin_messages?: boolean;
  can_manage_topics?: boolean;
}

/** One membership of a user in a chat. */
export interface MemberRecord {
  userId: number;
  status: MemberStatus;
  rights?: AdminRights;
  permissions?: ChatPermissions;
  untilDate?: number;
}

/** A forum topic and the bookkeeping the training page needs. */
export interface TopicRecord {
  topic: ForumTopic;
  closed: boolean;
  /** Message id of the newest message in the topic (the creation message at first). */
  lastMessageId: number;
  /** Monotonic activity counter across the whole emulator, for "newest first" sorting. */
  lastActivity: number;
}

/** A message plus the reply markup it was sent with (any kind, not only inline). */
export interface MessageRecord {
  message: Message;
  replyMarkup?: AnyReplyMarkup;
}

/** A chat with its members, messages and topics. */
export interface ChatRecord {
  chat: Chat;
  members: Map<number, MemberRecord>;
  /** Ordered by message id (insertion order); deleted messages are removed. */
  messages: Map<number, MessageRecord>;
  nextMessageId: number;
  topics: Map<number, TopicRecord>;
  joinRequests: Set<number>;
  /** Reply keyboard currently shown to the human side of a private chat. */
  activeKeyboard?: ReplyKeyboardMarkup;
  description?: string;
  /** Newest message outside any topic (the "General" topic of a forum). */
  generalLastMessageId: number;
  /** Activity counter of that message, for "newest first" sorting. */
  generalActivity: number;
}

/** Kinds of media a message can carry as a file. */
export type MediaKind = 'photo' | 'document' | 'voice' | 'video' | 'audio' | 'animation' | 'sticker' | 'video_note';

/** A file known to the emulator (uploaded by the bot or sent by a simulated human). */
export interface FileRecord {
  kind: MediaKind;
  /** The value a message carries under `kind` (a PhotoSize[] for photos). */
  media: unknown;
  file_id: string;
  file_unique_id: string;
  file_path: string;
  file_size: number;
  /** Bytes as uploaded; a small placeholder is generated when absent. */
  bytes?: Uint8Array;
  mimeType: string;
}

/** A callback query the bot may answer. */
export interface CallbackQueryRecord {
  id: string;
  chatId: number;
  messageId: number;
  userId: number;
  createdAt: number;
  answer?: { text?: string; show_alert?: boolean; url?: string };
}

/** Registered bot commands, per scope and language. */
export interface CommandSet {
  scope: string;
  languageCode: string;
  commands: BotCommand[];
}

/** A Bot API call as observed by the `call` event. */
export interface CallEvent {
  method: string;
  params: Record<string, unknown>;
  ok: boolean;
  errorCode?: number;
  description?: string;
}

/** Events emitted by the emulator. */
export interface EmulatorEvents {
  /** The bot sent a new message through a sending method (not forum service messages). */
  botMessage: Message;
  /** An update was queued for the bot. */
  update: UpdateJson;
  /** A Bot API call finished (successfully or not). */
  call: CallEvent;
  /** Something visible in a chat changed (new, edited or deleted message, topic, answer). */
  change: { chatId: number };
}

import type { Message } from 'grammy/types';
import type { MessageKind } from '../core/types.ts';

/** What Netreach keeps of a Telegram message: its kind, its text or caption, media details. */
export interface DescribedMessage {
  kind: MessageKind;
  text: string | null;
  media: Record<string, unknown> | null;
  /** Formatting of a text message; mentions of users are dropped (they would name people). */
  entities?: Record<string, unknown>[];
  /** Content that must not be relayed or stored: a contact card carries a phone number and a name. */
  withheld?: 'contact';
}

/**
 * Reduces a Telegram message to what a case needs. Names, usernames and forward origins are
 * dropped here, so they never reach storage.
 */
export function describeMessage(message: Message): DescribedMessage {
  const caption = typeof message.caption === 'string' ? message.caption : null;
  if (typeof message.text === 'string') {
    const entities = message.entities?.filter((e) => e.type !== 'text_mention').map((e) => ({ ...e }) as Record<string, unknown>);
    return { kind: 'text', text: message.text, media: null, ...(entities && entities.length > 0 ? { entities } : {}) };
  }
  if (message.photo && message.photo.length > 0) {
    const largest = message.photo[message.photo.length - 1];
    return { kind: 'photo', text: caption, media: largest ? { file_id: largest.file_id, width: largest.width, height: largest.height } : null };
  }
  if (message.voice) return { kind: 'voice', text: caption, media: { file_id: message.voice.file_id, duration: message.voice.duration } };
  if (message.video) return { kind: 'video', text: caption, media: { file_id: message.video.file_id, duration: message.video.duration } };
  if (message.video_note) return { kind: 'video', text: null, media: { file_id: message.video_note.file_id, duration: message.video_note.duration } };
  if (message.document) return { kind: 'document', text: caption, media: { file_id: message.document.file_id, mime_type: message.document.mime_type ?? null } };
  if (message.sticker) return { kind: 'sticker', text: message.sticker.emoji ?? null, media: { file_id: message.sticker.file_id } };
  if (message.location) {
    return { kind: 'location', text: null, media: { latitude: message.location.latitude, longitude: message.location.longitude } };
  }
  if (message.contact) return { kind: 'other', text: null, media: null, withheld: 'contact' };
  if (message.audio) return { kind: 'other', text: caption, media: { file_id: message.audio.file_id, duration: message.audio.duration } };
  if (message.animation) return { kind: 'other', text: caption, media: { file_id: message.animation.file_id } };
  return { kind: 'other', text: caption, media: null };
}

/** True for service messages (topic created, member joined, …) that carry nothing to relay. */
export function isServiceMessage(message: Message): boolean {
  const m = message as unknown as Record<string, unknown>;
  return [
    'forum_topic_created',
    'forum_topic_edited',
    'forum_topic_closed',
    'forum_topic_reopened',
    'new_chat_members',
    'left_chat_member',
    'new_chat_title',
    'new_chat_photo',
    'delete_chat_photo',
    'group_chat_created',
    'supergroup_chat_created',
    'migrate_to_chat_id',
    'migrate_from_chat_id',
    'pinned_message',
    'message_auto_delete_timer_changed',
    'general_forum_topic_hidden',
    'general_forum_topic_unhidden',
    'write_access_allowed',
  ].some((key) => m[key] !== undefined);
}

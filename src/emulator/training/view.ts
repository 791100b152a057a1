/**
 * What the training page draws for a message: plain data, already reduced to text and
 * labels, so that app.js never has to interpret Telegram objects (and never uses HTML).
 */
import type { InlineKeyboardButton, Message } from 'grammy/types';
import type { TrainingStrings } from './strings.ts';

/** One inline button as the page shows it. */
export interface ViewButton {
  text: string;
  /** callback_data; absent for link and other buttons, which the page shows disabled. */
  data?: string;
  url?: string;
}

/** One message bubble. */
export interface ViewMessage {
  id: number;
  fromBot: boolean;
  sender: string;
  date: number;
  text?: string;
  /** Label of the attachment ("📷 Photo"), when there is one. */
  media?: string;
  /** Service line ("Topic closed"), for service messages. */
  service?: string;
  edited: boolean;
  replyTo?: { id: number; snippet: string };
  buttons?: ViewButton[][];
}

const MEDIA: ReadonlyArray<[keyof Message, keyof TrainingStrings]> = [
  ['photo', 'mediaPhoto'],
  ['voice', 'mediaVoice'],
  ['video_note', 'mediaVideoNote'],
  ['video', 'mediaVideo'],
  ['animation', 'mediaAnimation'],
  ['audio', 'mediaAudio'],
  ['sticker', 'mediaSticker'],
  ['document', 'mediaDocument'],
  ['venue', 'mediaLocation'],
  ['location', 'mediaLocation'],
  ['contact', 'mediaContact'],
];

function serviceLine(message: Message, strings: TrainingStrings): string | undefined {
  if (message.forum_topic_created) return `${strings.topicCreated} ${message.forum_topic_created.name}`;
  if (message.forum_topic_closed) return strings.topicClosed;
  if (message.forum_topic_reopened) return strings.topicReopened;
  if (message.forum_topic_edited) return `${strings.topicEdited} ${message.forum_topic_edited.name ?? ''}`.trim();
  return undefined;
}

function mediaLabel(message: Message, strings: TrainingStrings): string | undefined {
  for (const [key, label] of MEDIA) {
    if (message[key] === undefined) continue;
    if (key === 'location' && message.location) {
      return `${strings[label]} ${message.location.latitude.toFixed(4)}, ${message.location.longitude.toFixed(4)}`;
    }
    if (key === 'document' && message.document?.file_name && !message.animation) {
      return `${strings[label]} ${message.document.file_name}`;
    }
    if (key === 'voice' && message.voice) return `${strings[label]} (${message.voice.duration} s)`;
    return strings[label];
  }
  return undefined;
}

function buttons(message: Message): ViewButton[][] | undefined {
  const keyboard = message.reply_markup?.inline_keyboard;
  if (!keyboard || keyboard.length === 0) return undefined;
  return keyboard.map((row) =>
    row.map((button: InlineKeyboardButton) => ({
      text: button.text,
      ...('callback_data' in button && typeof button.callback_data === 'string' ? { data: button.callback_data } : {}),
      ...('url' in button && typeof button.url === 'string' ? { url: button.url } : {}),
    })),
  );
}

/** Reduces a Telegram message to a bubble. */
export function viewMessage(message: Message, botId: number, strings: TrainingStrings): ViewMessage {
  const fromBot = message.from?.id === botId;
  const sender = fromBot ? strings.botName : [message.from?.first_name, message.from?.last_name].filter(Boolean).join(' ');
  const service = serviceLine(message, strings);
  const text = message.text ?? message.caption;
  const media = service ? undefined : mediaLabel(message, strings);
  const reply = message.reply_to_message;
  const explicitReply = reply && !reply.forum_topic_created ? reply : undefined;
  const keyboard = buttons(message);
  return {
    id: message.message_id,
    fromBot,
    sender,
    date: message.date,
    edited: message.edit_date !== undefined,
    ...(service ? { service } : {}),
    ...(text !== undefined && !service ? { text } : {}),
    ...(media ? { media } : {}),
    ...(!service && !text && !media ? { media: strings.mediaOther } : {}),
    ...(explicitReply
      ? { replyTo: { id: explicitReply.message_id, snippet: (explicitReply.text ?? explicitReply.caption ?? '').slice(0, 80) } }
      : {}),
    ...(keyboard ? { buttons: keyboard } : {}),
  };
}

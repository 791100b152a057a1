/**
 * Strings of the training page in every language it speaks. Keys are shared by the
 * server-rendered shell and app.js (which receives the chosen dictionary in /api/state).
 */

/** One language's page strings. */
export interface TrainingStrings {
  pageTitle: string;
  banner: string;
  intro: string;
  clientHeading: string;
  staffHeading: string;
  general: string;
  messagePlaceholder: string;
  workerPlaceholder: string;
  /** The inputs' accessible names (the placeholders are kept short enough not to be cut on a phone). */
  messageLabel: string;
  workerLabel: string;
  send: string;
  samples: string;
  samplePhoto: string;
  sampleVoice: string;
  sampleLocation: string;
  sampleDocument: string;
  reset: string;
  resetConfirm: string;
  noMessages: string;
  noTopics: string;
  closed: string;
  unread: string;
  edited: string;
  botName: string;
  offline: string;
  botAnswer: string;
  mediaPhoto: string;
  mediaVoice: string;
  mediaVideo: string;
  mediaDocument: string;
  mediaLocation: string;
  mediaSticker: string;
  mediaContact: string;
  mediaAnimation: string;
  mediaAudio: string;
  mediaVideoNote: string;
  mediaOther: string;
  topicCreated: string;
  topicClosed: string;
  topicReopened: string;
  topicEdited: string;
  replyTo: string;
  linkButton: string;
  webChatLink: string;
}

const en: TrainingStrings = {
  pageTitle: 'Netreach training',
  banner: 'Training mode — nothing leaves this computer',
  intro:
    'In the “Client” pane you write to the bot as a client. In the “Staff group” pane you are an outreach worker, in the group where the bot opens one topic per case.',
  clientHeading: 'Client — private chat with the bot',
  staffHeading: 'Staff group',
  general: 'General',
  messagePlaceholder: 'Message…',
  workerPlaceholder: 'Reply…',
  messageLabel: 'Write as the client',
  workerLabel: 'Reply as the outreach worker',
  send: 'Send',
  samples: 'Send a sample:',
  samplePhoto: 'Photo',
  sampleVoice: 'Voice',
  sampleLocation: 'Location',
  sampleDocument: 'Document',
  reset: 'Start over',
  resetConfirm: 'Clear both chats and all topics?',
  noMessages: 'No messages yet.',
  noTopics: 'No topics yet — the bot opens one for each new case.',
  closed: 'closed',
  unread: 'new',
  edited: 'edited',
  botName: 'Bot',
  offline: 'Connection lost — retrying…',
  botAnswer: 'Bot:',
  mediaPhoto: '📷 Photo',
  mediaVoice: '🎤 Voice message',
  mediaVideo: '🎬 Video',
  mediaDocument: '📄 Document',
  mediaLocation: '📍 Location',
  mediaSticker: '🙂 Sticker',
  mediaContact: '👤 Contact',
  mediaAnimation: '🎞 GIF',
  mediaAudio: '🎵 Audio',
  mediaVideoNote: '⏺ Video message',
  mediaOther: 'Unsupported message',
  topicCreated: 'Topic created:',
  topicClosed: 'Topic closed',
  topicReopened: 'Topic reopened',
  topicEdited: 'Topic changed:',
  replyTo: 'Reply to',
  linkButton: 'Link (not opened in training)',
  webChatLink: 'Also try the anonymous web chat, for people without Telegram (opens in a new tab): its cases appear in the staff group too.',
};

const ru: TrainingStrings = {
  pageTitle: 'Netreach: тренировка',
  banner: 'Режим тренировки — ничего не покидает этот компьютер',
  intro:
    'В окне «Клиент» вы пишете боту от имени клиента. В окне «Группа сотрудников» вы — аутрич-работник в группе, где бот открывает отдельную тему на каждое обращение.',
  clientHeading: 'Клиент — личный чат с ботом',
  staffHeading: 'Группа сотрудников',
  general: 'Общее',
  messagePlaceholder: 'Сообщение…',
  workerPlaceholder: 'Ответ…',
  messageLabel: 'Напишите от имени клиента',
  workerLabel: 'Ответьте от имени сотрудника',
  send: 'Отправить',
  samples: 'Отправить пример:',
  samplePhoto: 'Фото',
  sampleVoice: 'Голосовое',
  sampleLocation: 'Геопозиция',
  sampleDocument: 'Документ',
  reset: 'Начать заново',
  resetConfirm: 'Очистить оба чата и все темы?',
  noMessages: 'Сообщений пока нет.',
  noTopics: 'Тем пока нет — бот открывает тему на каждое новое обращение.',
  closed: 'закрыта',
  unread: 'новое',
  edited: 'изменено',
  botName: 'Бот',
  offline: 'Нет соединения — повторяем…',
  botAnswer: 'Бот:',
  mediaPhoto: '📷 Фото',
  mediaVoice: '🎤 Голосовое сообщение',
  mediaVideo: '🎬 Видео',
  mediaDocument: '📄 Документ',
  mediaLocation: '📍 Геопозиция',
  mediaSticker: '🙂 Стикер',
  mediaContact: '👤 Контакт',
  mediaAnimation: '🎞 GIF',
  mediaAudio: '🎵 Аудио',
  mediaVideoNote: '⏺ Видеосообщение',
  mediaOther: 'Неподдерживаемое сообщение',
  topicCreated: 'Тема создана:',
  topicClosed: 'Тема закрыта',
  topicReopened: 'Тема открыта снова',
  topicEdited: 'Тема изменена:',
  replyTo: 'Ответ на',
  linkButton: 'Ссылка (в тренировке не открывается)',
  webChatLink: 'Попробуйте и анонимный веб-чат для тех, у кого нет Telegram (откроется в новой вкладке): его обращения тоже появляются в группе сотрудников.',
};

/** Every language of the training page. */
export const TRAINING_STRINGS = { en, ru } as const;

/** A language the training page speaks. */
export type TrainingLocale = keyof typeof TRAINING_STRINGS;

const isLocale = (value: string | undefined): value is TrainingLocale => value === 'en' || value === 'ru';

/**
 * Picks the page language: `?lang=` first, then the browser's Accept-Language, then the
 * configured default, then English.
 */
export function pickLocale(
  query: string | undefined,
  acceptLanguage: string | undefined,
  fallback: string | undefined,
): TrainingLocale {
  if (isLocale(query)) return query;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase().split('-')[0];
    if (isLocale(tag)) return tag;
  }
  return isLocale(fallback) ? fallback : 'en';
}

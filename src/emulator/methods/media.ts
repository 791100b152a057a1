/**
 * Media sending (file_id, URL or multipart upload), locations and contacts, chat
 * actions and getFile.
 */
import { z } from 'zod';
import type { File } from 'grammy/types';
import { badRequest } from '../errors.ts';
import { createMedia } from '../files.ts';
import { parseReplyMarkup } from '../markup.ts';
import { UploadedFile, inputFileParam, intParam, numberParam, parseParams, stringParam } from '../params.ts';
import { assertBotCanPost, postBotMessage, resolveTarget } from '../send.ts';
import type { FileRecord, MediaKind } from '../types.ts';
import type { MessageDraft, World } from '../world.ts';
import { messageCaption } from './messages.ts';
import type { MethodHandler, MethodTable } from './registry.ts';
import { captionShape, targetShape } from './schemas.ts';

const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

const mediaDetailsShape = {
  duration: intParam.optional(),
  width: intParam.optional(),
  height: intParam.optional(),
  length: intParam.optional(),
  title: stringParam.optional(),
  performer: stringParam.optional(),
  emoji: stringParam.optional(),
};

const CHAT_ACTIONS = [
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
] as const;

const capitalised = (kind: MediaKind): string =>
  kind === 'voice' ? 'VoiceNote' : kind.replace(/(^|_)(\w)/g, (_m, _s: string, c: string) => c.toUpperCase());

/** Resolves an InputFile parameter to a stored file of the wanted kind. */
function resolveInputFile(world: World, kind: MediaKind, value: string | UploadedFile, details: Record<string, unknown>): FileRecord {
  const extra = {
    ...(typeof details['duration'] === 'number' ? { duration: details['duration'] } : {}),
    ...(typeof details['width'] === 'number' ? { width: details['width'] } : {}),
    ...(typeof details['height'] === 'number' ? { height: details['height'] } : {}),
    ...(typeof details['title'] === 'string' ? { title: details['title'] } : {}),
    ...(typeof details['performer'] === 'string' ? { performer: details['performer'] } : {}),
    ...(typeof details['emoji'] === 'string' ? { emoji: details['emoji'] } : {}),
  };
  if (value instanceof UploadedFile) {
    return createMedia(world, kind, {
      ...extra,
      bytes: value.bytes,
      fileName: value.filename,
      ...(value.contentType !== 'application/octet-stream' ? { mimeType: value.contentType } : {}),
    });
  }
  if (/^https?:\/\//i.test(value)) {
    // Nothing leaves this computer: a URL becomes a placeholder file instead of being fetched.
    const name = new URL(value).pathname.split('/').pop() || undefined;
    return createMedia(world, kind, { ...extra, ...(name ? { fileName: name } : {}) });
  }
  const record = world.files.get(value);
  if (!record) throw badRequest('wrong file identifier/HTTP URL specified');
  const compatible = record.kind === kind || (kind === 'document' && record.kind !== 'photo' && record.kind !== 'sticker');
  if (!compatible) throw badRequest(`can't use file of type ${capitalised(record.kind)} as ${capitalised(kind)}`);
  return record;
}

/** Builds the handler of one send<Media> method. */
function sendMedia(kind: MediaKind): MethodHandler {
  const schema = z.object({ ...targetShape, ...captionShape, ...mediaDetailsShape, [kind]: inputFileParam });
  return ({ world }, raw) => {
    const params = parseParams(schema, raw) as z.output<typeof schema> & Record<string, unknown>;
    const input = params[kind];
    if (typeof input !== 'string' && !(input instanceof UploadedFile)) throw badRequest(`${kind} is empty`);
    const target = resolveTarget(world, params);
    const markup = parseReplyMarkup(params.reply_markup);
    const file = resolveInputFile(world, kind, input, params);
    const content: Record<string, unknown> = { [kind]: file.media };
    if (kind === 'animation') content['document'] = file.media;
    if (kind !== 'sticker' && kind !== 'video_note') {
      Object.assign(content, messageCaption(params.caption, params.parse_mode, params.caption_entities));
    }
    return postBotMessage(world, target, content as Partial<MessageDraft>, markup);
  };
}

const locationSchema = z.object({
  ...targetShape,
  latitude: numberParam.refine((v) => v >= -90 && v <= 90, 'Bad Request: wrong latitude'),
  longitude: numberParam.refine((v) => v >= -180 && v <= 180, 'Bad Request: wrong longitude'),
  horizontal_accuracy: numberParam.optional(),
  live_period: intParam.optional(),
});

const venueSchema = locationSchema.extend({ title: stringParam, address: stringParam });

const contactSchema = z.object({
  ...targetShape,
  phone_number: stringParam,
  first_name: stringParam,
  last_name: stringParam.optional(),
});

const chatActionSchema = z.object({
  chat_id: targetShape.chat_id,
  message_thread_id: intParam.optional(),
  action: z.string(),
});

/** send<Media> methods, locations, contacts, chat actions and getFile. */
export const mediaMethods: MethodTable = {
  sendPhoto: sendMedia('photo'),
  sendDocument: sendMedia('document'),
  sendVoice: sendMedia('voice'),
  sendVideo: sendMedia('video'),
  sendAudio: sendMedia('audio'),
  sendAnimation: sendMedia('animation'),
  sendSticker: sendMedia('sticker'),
  sendVideoNote: sendMedia('video_note'),

  sendLocation({ world }, raw) {
    const params = parseParams(locationSchema, raw);
    const location = {
      latitude: params.latitude,
      longitude: params.longitude,
      ...(params.horizontal_accuracy === undefined ? {} : { horizontal_accuracy: params.horizontal_accuracy }),
      ...(params.live_period === undefined ? {} : { live_period: params.live_period }),
    };
    return postBotMessage(world, resolveTarget(world, params), { location }, parseReplyMarkup(params.reply_markup));
  },

  sendVenue({ world }, raw) {
    const params = parseParams(venueSchema, raw);
    const location = { latitude: params.latitude, longitude: params.longitude };
    const venue = { location, title: params.title, address: params.address };
    return postBotMessage(world, resolveTarget(world, params), { location, venue }, parseReplyMarkup(params.reply_markup));
  },

  sendContact({ world }, raw) {
    const params = parseParams(contactSchema, raw);
    const contact = {
      phone_number: params.phone_number,
      first_name: params.first_name,
      ...(params.last_name ? { last_name: params.last_name } : {}),
    };
    return postBotMessage(world, resolveTarget(world, params), { contact }, parseReplyMarkup(params.reply_markup));
  },

  sendChatAction({ world }, raw) {
    const params = parseParams(chatActionSchema, raw);
    if (!(CHAT_ACTIONS as readonly string[]).includes(params.action)) throw badRequest('wrong parameter action in request');
    const chat = world.requireChat(params.chat_id);
    assertBotCanPost(world, chat);
    if (params.message_thread_id !== undefined) resolveTarget(world, params);
    return true;
  },

  getFile({ world }, raw): File {
    const params = parseParams(z.object({ file_id: stringParam }), raw);
    const record = world.files.get(params.file_id);
    if (!record) throw badRequest('invalid file_id');
    if (record.file_size > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
    return {
      file_id: record.file_id,
      file_unique_id: record.file_unique_id,
      file_size: record.file_size,
      file_path: record.file_path,
    };
  },
};

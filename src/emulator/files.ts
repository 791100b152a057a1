/**
 * Files: fresh file_id/file_unique_id pairs for uploads and for media sent by simulated
 * humans, the media objects messages carry, and placeholder bytes for downloads.
 */
import type { World } from './world.ts';
import type { FileRecord, MediaKind } from './types.ts';

/** Telegram-looking file_id prefixes per kind (they encode the type in real life too). */
const PREFIX: Readonly<Record<MediaKind, string>> = {
  photo: 'AgACAgIAAxkBAAI',
  document: 'BQACAgIAAxkBAAI',
  voice: 'AwACAgIAAxkBAAI',
  video: 'BAACAgIAAxkBAAI',
  audio: 'CQACAgIAAxkBAAI',
  animation: 'CgACAgIAAxkBAAI',
  sticker: 'CAACAgIAAxkBAAI',
  video_note: 'DQACAgIAAxkBAAI',
};

const FOLDER: Readonly<Record<MediaKind, [string, string, string]>> = {
  photo: ['photos', 'jpg', 'image/jpeg'],
  document: ['documents', 'pdf', 'application/pdf'],
  voice: ['voice', 'oga', 'audio/ogg'],
  video: ['videos', 'mp4', 'video/mp4'],
  audio: ['music', 'mp3', 'audio/mpeg'],
  animation: ['animations', 'mp4', 'video/mp4'],
  sticker: ['stickers', 'webp', 'image/webp'],
  video_note: ['video_notes', 'mp4', 'video/mp4'],
};

/** Details of a new file; everything has a plausible default. */
export interface NewFile {
  bytes?: Uint8Array;
  fileName?: string;
  mimeType?: string;
  duration?: number;
  width?: number;
  height?: number;
  emoji?: string;
  title?: string;
  performer?: string;
}

/** Bytes served for a file nobody uploaded (media sent by simulated humans). */
export function placeholderBytes(record: FileRecord): Uint8Array {
  return new TextEncoder().encode(`netreach emulator placeholder for ${record.kind} ${record.file_unique_id}\n`);
}

function newRecord(world: World, kind: MediaKind, details: NewFile, suffix = ''): FileRecord {
  const n = world.nextSeq();
  const [folder, ext, mime] = FOLDER[kind];
  const id = n.toString(36).padStart(8, '0');
  const size = details.bytes?.byteLength ?? 1024 + ((n * 7919) % 50_000);
  const record: FileRecord = {
    kind,
    media: undefined,
    file_id: `${PREFIX[kind]}${id}${suffix}AAEm${id.split('').reverse().join('')}`,
    file_unique_id: `AQAD${id}${suffix}`,
    file_path: `${folder}/file_${n}.${ext}`,
    file_size: size,
    mimeType: details.mimeType ?? mime,
    ...(details.bytes ? { bytes: details.bytes } : {}),
  };
  world.files.set(record.file_id, record);
  world.filesByPath.set(record.file_path, record);
  return record;
}

/** Creates a file of `kind` and the media object a message carries for it. */
export function createMedia(world: World, kind: MediaKind, details: NewFile = {}): FileRecord {
  const record = newRecord(world, kind, details);
  const base = { file_id: record.file_id, file_unique_id: record.file_unique_id, file_size: record.file_size };
  const duration = details.duration ?? 5;
  const named = { file_name: details.fileName ?? record.file_path.split('/').pop() ?? 'file', mime_type: record.mimeType };
  switch (kind) {
    case 'photo': {
      const thumb = newRecord(world, 'photo', {}, 'T');
      const small = { file_id: thumb.file_id, file_unique_id: thumb.file_unique_id, file_size: thumb.file_size, width: 90, height: 68 };
      record.media = [small, { ...base, width: details.width ?? 1280, height: details.height ?? 960 }];
      thumb.media = [small];
      break;
    }
    case 'voice':
      record.media = { ...base, duration, mime_type: record.mimeType };
      break;
    case 'video':
      record.media = { ...base, ...named, duration, width: details.width ?? 640, height: details.height ?? 360 };
      break;
    case 'animation':
      record.media = { ...base, ...named, duration, width: details.width ?? 320, height: details.height ?? 240 };
      break;
    case 'audio':
      record.media = {
        ...base,
        ...named,
        duration,
        ...(details.title ? { title: details.title } : {}),
        ...(details.performer ? { performer: details.performer } : {}),
      };
      break;
    case 'sticker':
      record.media = {
        ...base,
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        ...(details.emoji ? { emoji: details.emoji } : {}),
      };
      break;
    case 'video_note':
      record.media = { ...base, duration, length: 240 };
      break;
    case 'document':
      record.media = { ...base, ...named };
      break;
  }
  return record;
}

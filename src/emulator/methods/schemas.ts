/**
 * Parameter shapes shared by several methods (targeting, formatting).
 */
import { z } from 'zod';
import type { MessageEntity } from 'grammy/types';
import { boolParam, chatIdParam, intParam, jsonParam, parseModeParam, stringParam } from '../params.ts';

/** Entities passed explicitly (`entities`, `caption_entities`). */
export const entitiesParam = jsonParam(
  z.array(z.looseObject({ type: z.string(), offset: z.number().int(), length: z.number().int() })),
)
  .optional()
  .transform((value) => value as MessageEntity[] | undefined);

/** Where a message goes and what it replies to. */
export const targetShape = {
  chat_id: chatIdParam,
  message_thread_id: intParam.optional(),
  reply_to_message_id: intParam.optional(),
  allow_sending_without_reply: boolParam.optional(),
  reply_parameters: jsonParam(
    z.looseObject({ message_id: intParam, allow_sending_without_reply: boolParam.optional() }),
  ).optional(),
  reply_markup: z.unknown().optional(),
  disable_notification: boolParam.optional(),
  protect_content: boolParam.optional(),
  business_connection_id: stringParam.optional(),
};

/** A caption with its formatting. */
export const captionShape = {
  caption: stringParam.optional(),
  parse_mode: parseModeParam,
  caption_entities: entitiesParam,
};

/** Identifies one existing message. */
export const messageRefShape = {
  chat_id: chatIdParam,
  message_id: intParam,
};

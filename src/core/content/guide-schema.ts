/**
 * Schemas for the emergency guides in `content/guides/<guide>.<lang>.json`: step-by-step
 * first-aid content the bot walks a client through with inline buttons. The schema checks
 * the shape of one file; the graph rules that span nodes and languages (every target
 * exists, every node reachable, ru/en parity) are checked by `load-guides.ts`.
 */
import { z } from 'zod';

/** The guides that ship with Netreach. `sos` is the chooser that leads to the other three. */
// The guide ids and the button encoding are the engine's (src/core/emergency/guides.ts): one definition.
import { encodeGuideAction, GUIDE_IDS, type GuideId } from '../emergency/guides.ts';

export { GUIDE_IDS, type GuideId };

/** Languages every guide must exist in, with identical node graphs. */
export const GUIDE_LANGS = ['ru', 'en'] as const;
/** One of {@link GUIDE_LANGS}. */
export type GuideLang = (typeof GUIDE_LANGS)[number];

/** Placeholders the engine fills in node texts (see `render.ts`). */
export const PLACEHOLDERS = ['ambulance', 'hotlines'] as const;
/** One of {@link PLACEHOLDERS}. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Button target: hand the client to a human outreach worker (the engine handles it). */
export const TARGET_WORKER = '@worker';
/** Button target: close the guide. */
export const TARGET_END = '@end';
/** Button target prefix: switch to another guide, e.g. `@guide:overdose`. */
export const TARGET_GUIDE_PREFIX = '@guide:';

/** Longest node id; ids travel in Telegram callback_data (see {@link guideCallbackData}). */
export const MAX_NODE_ID_LENGTH = 24;
/** Longest button label in characters: short enough for a thumb on a phone. */
export const MAX_LABEL_LENGTH = 40;
/** Longest node text before placeholders are filled, leaving room for the organisation's numbers. */
export const MAX_TEXT_LENGTH = 800;
/** Telegram's limit on callback_data, in bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

const NODE_ID = new RegExp(`^[a-z0-9-]{1,${MAX_NODE_ID_LENGTH}}$`);

/** A node id: lowercase `a-z`, digits and `-`, at most {@link MAX_NODE_ID_LENGTH} characters. */
export const nodeIdSchema = z
  .string()
  .regex(NODE_ID, `node ids are lowercase a-z, 0-9 and "-", at most ${MAX_NODE_ID_LENGTH} characters`);

/** Where a button leads: a node of the same guide, `@worker`, `@end` or `@guide:<id>`. */
export const buttonTargetSchema = z.union([
  nodeIdSchema,
  z.literal(TARGET_WORKER),
  z.literal(TARGET_END),
  z.templateLiteral([TARGET_GUIDE_PREFIX, z.enum(GUIDE_IDS)]),
]);
/** A validated button target. */
export type ButtonTarget = z.infer<typeof buttonTargetSchema>;

/** One inline button. The label is counted in characters (code points), not bytes. */
export const guideButtonSchema = z
  .object({
    label: z
      .string()
      .trim()
      .min(1)
      .refine((label) => [...label].length <= MAX_LABEL_LENGTH, `labels are at most ${MAX_LABEL_LENGTH} characters`),
    next: buttonTargetSchema,
  })
  .strict();
/** One inline button of a guide node. */
export type GuideButton = z.infer<typeof guideButtonSchema>;

/** One step of a guide: a message and its buttons, optionally a follow-up if the client goes quiet. */
export const guideNodeSchema = z
  .object({
    text: z.string().trim().min(1).max(MAX_TEXT_LENGTH),
    /** Rows of buttons; every node offers at least one way on (no dead ends). */
    buttons: z.array(z.array(guideButtonSchema).min(1).max(3)).min(1),
    /** Send `followUp` this many seconds after this node if the client has pressed nothing. */
    followUpAfterSeconds: z.number().int().min(30).max(86_400).optional(),
    followUp: nodeIdSchema.optional(),
    /** Alert on-call staff at once when the client reaches this node. */
    alert: z.boolean().optional(),
  })
  .strict()
  .refine((node) => (node.followUp === undefined) === (node.followUpAfterSeconds === undefined), {
    message: 'followUp and followUpAfterSeconds go together',
  });
/** One step of a guide. */
export type GuideNode = z.infer<typeof guideNodeSchema>;

/** One guide file in one language. */
export const guideSchema = z
  .object({
    guide: z.enum(GUIDE_IDS),
    lang: z.enum(GUIDE_LANGS),
    /** Content version (a date); a doctor's verification refers to it, so bump it on every edit. */
    version: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'version is a date, YYYY-MM-DD'),
    title: z.string().trim().min(1).max(120),
    /** One sentence; the engine adds the verification status separately. */
    disclaimer: z.string().trim().min(1).max(300),
    sources: z.array(z.string().trim().min(1)).min(1),
    start: nodeIdSchema,
    nodes: z.record(nodeIdSchema, guideNodeSchema),
  })
  .strict();
/** One validated guide file. */
export type Guide = z.infer<typeof guideSchema>;

/**
 * The callback_data for a button that opens `nodeId` of `guide`: `g:<guide>:<node>`.
 *
 * @example guideCallbackData('overdose', 'not-breathing') // 'g:overdose:not-breathing'
 */
export function guideCallbackData(guide: GuideId, nodeId: string): string {
  return encodeGuideAction(guide, nodeId);
}

/** The guide a `@guide:<id>` target switches to, or null for any other target. */
export function targetGuide(target: string): GuideId | null {
  if (!target.startsWith(TARGET_GUIDE_PREFIX)) return null;
  const id = target.slice(TARGET_GUIDE_PREFIX.length);
  return GUIDE_IDS.find((known) => known === id) ?? null;
}

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_MODERATION_RULES, MODERATION_CATEGORIES, type ModerationRules, type ModerationTerms } from '../../core/community/moderation-rules.ts';

/** An organisation's moderation rules file (or the shipped moderation model) is unreadable or invalid. */
export class ModerationRulesError extends Error {
  override name = 'ModerationRulesError';
}

const termList = z.array(z.string().min(1).max(80)).max(2000);

/** The JSON an organisation may write: every field optional, terms added to the defaults. */
export const ModerationRulesFileSchema = z.strictObject({
  enabled: z.partialRecord(z.enum(MODERATION_CATEGORIES), z.boolean()).optional(),
  terms: z.partialRecord(z.enum(Object.keys(DEFAULT_MODERATION_RULES.terms) as [keyof ModerationTerms, ...(keyof ModerationTerms)[]]), termList).optional(),
  allowedDomains: z.array(z.string().min(3).max(120)).max(200).optional(),
  flood: z.strictObject({ messages: z.number().int().min(2).max(100), seconds: z.number().int().min(1).max(600) }).optional(),
  muteHours: z.number().min(1).max(24 * 30).optional(),
  strikeWindowDays: z.number().int().min(1).max(365).optional(),
  rulesText: z.strictObject({ ru: z.string().max(3000).optional(), en: z.string().max(3000).optional() }).optional(),
});

/** Merges an organisation's rules over the defaults (term lists are added to, not replaced). */
export function mergeModerationRules(file: z.infer<typeof ModerationRulesFileSchema>): ModerationRules {
  const base = DEFAULT_MODERATION_RULES;
  const terms = { ...base.terms };
  for (const [key, list] of Object.entries(file.terms ?? {}) as [keyof ModerationTerms, string[]][]) terms[key] = [...base.terms[key], ...list];
  return {
    enabled: { ...base.enabled, ...file.enabled },
    terms,
    allowedDomains: [...base.allowedDomains, ...(file.allowedDomains ?? [])],
    flood: file.flood ?? base.flood,
    muteHours: file.muteHours ?? base.muteHours,
    strikeWindowDays: file.strikeWindowDays ?? base.strikeWindowDays,
    rulesText: { ...base.rulesText, ...file.rulesText },
  };
}

/** Reads the rules file (COMMUNITY_RULES_FILE), or the defaults when there is none. */
export async function loadModerationRules(path: string | undefined): Promise<ModerationRules> {
  if (!path) return DEFAULT_MODERATION_RULES;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ModerationRulesError(`${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = ModerationRulesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModerationRulesError(`${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`);
  }
  return mergeModerationRules(parsed.data);
}

import type { Config } from '../config.ts';
import { createModerationDetector } from '../core/community/detect.ts';
import type { CommunityDeps } from '../core/community/deps.ts';
import type { Translate } from '../core/ports.ts';
import type { Language } from '../core/types.ts';
import { loadModerationModel } from '../storage/files/load-moderation-model.ts';
import { loadModerationRules } from '../storage/files/load-moderation-rules.ts';

/** Builds the community chat's dependencies from the configuration (reads the rules file and the moderation model once). */
export async function loadCommunityDeps(
  config: NonNullable<Config['community']>,
  context: { t: Translate; staffLanguage: Language; botUsername: string },
): Promise<CommunityDeps> {
  const [rules, model] = await Promise.all([loadModerationRules(config.rulesFile), loadModerationModel()]);
  return {
    t: context.t,
    staffLanguage: context.staffLanguage,
    chatId: config.chatId,
    botUsername: context.botUsername,
    peerInvitesPerMonth: config.peerInvitesPerMonth,
    ...(config.inviteLink ? { inviteLink: config.inviteLink } : {}),
    rules,
    detector: createModerationDetector(rules, { model }),
  };
}

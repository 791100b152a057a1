import type { GuideId, GuideSource, GuideStep } from '../core/emergency/guides.ts';
import type { Language } from '../core/types.ts';
import { loadGuides } from './load-guides.ts';

/**
 * The emergency engine's view of the shipped guides (content/guides). Until the
 * knowledge base records a doctor's verification, every guide says it is not yet verified.
 */
export async function loadGuideSource(dir?: string): Promise<GuideSource> {
  const library = await loadGuides(dir);
  return {
    startStep(guide: GuideId, language: Language) {
      return library.get(guide, language).start;
    },
    step(guide: GuideId, language: Language, stepId: string): GuideStep | undefined {
      const node = library.node(guide, language, stepId);
      if (!node) return undefined;
      return {
        text: node.text,
        buttons: (node.buttons ?? []).map((row) => row.map((b) => ({ label: b.label, next: b.next }))),
        ...(node.followUp && node.followUpAfterSeconds ? { followUp: node.followUp, followUpAfterSeconds: node.followUpAfterSeconds } : {}),
        ...(node.alert ? { alert: true } : {}),
      };
    },
    verification(guide: GuideId, language: Language) {
      return { version: library.get(guide, language).version, verified: null };
    },
  };
}

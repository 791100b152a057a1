import type { GuideId, GuideSource, GuideStep } from '../emergency/guides.ts';
import type { Language } from '../types.ts';
import type { VerificationStore } from './ports.ts';
import type { GuideLibrary } from './guides.ts';

/**
 * The emergency engine's view of the guides (loaded once; the dashboard shows the same), with the doctors'
 * verifications: a guide counts as verified only for the exact version a doctor checked,
 * until its review date.
 */
export function guideSource(options: { library: GuideLibrary; verifications?: VerificationStore; now?: () => number }): GuideSource {
  const { library } = options;
  const now = options.now ?? Date.now;
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
    stepLabel(guide: GuideId, language: Language, stepId: string) {
      for (const node of Object.values(library.get(guide, language).nodes)) {
        for (const row of node.buttons ?? []) for (const button of row) if (button.next === stepId) return button.label;
      }
      return undefined;
    },
    verification(guide: GuideId, language: Language) {
      const { version } = library.get(guide, language);
      const found = options.verifications?.current('guide', guide, language, version, now());
      return { version, verified: found ? { at: found.at, byRole: found.byRole } : null };
    },
  };
}

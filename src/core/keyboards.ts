import type { Translate } from './ports.ts';
import type { Language } from './types.ts';

/** The persistent keyboard with the 🆘 button, in the client's language. */
export function sosKeyboard(t: Translate, language: Language): Record<string, unknown> {
  return { keyboard: [[{ text: t(language, 'sos-button') }]], resize_keyboard: true, is_persistent: true };
}

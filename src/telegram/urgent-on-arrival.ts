import type { Translate } from '../core/ports.ts';
import type { Language } from '../core/types.ts';

/**
 * A quick look at a raw update as it arrives: is it a client's private message that reads
 * as an emergency (🆘, /sos, or urgent by triage)? Such updates are processed before a
 * backlog. Triage is cheap (tens of µs), so it runs on every private text.
 */
export function urgentOnArrival(deps: { t: Translate; classify(text: string): { urgent: boolean } }): (update: Record<string, unknown>) => boolean {
  const sosLabels = new Set((['ru', 'en'] as const satisfies readonly Language[]).map((lang) => deps.t(lang, 'sos-button')));
  return (update) => {
    const message = update.message as { chat?: { type?: string }; text?: unknown; caption?: unknown } | undefined;
    const text = typeof message?.text === 'string' ? message.text : typeof message?.caption === 'string' ? message.caption : undefined;
    if (message?.chat?.type !== 'private' || text === undefined) return false;
    return /^\/sos\b/i.test(text) || sosLabels.has(text) || deps.classify(text).urgent;
  };
}

/** Translated names of the contract's codes (needs, services, channels, ...). */
import { hasMessage, type T } from '../i18n.ts';

/**
 * The translated name of a code: `web-<prefix>-<code with dashes>`, e.g. `web-need-injection-minor`.
 * A code the UI does not know (an organisation's own sub-code) shows as it is.
 */
export function codeName(t: T, prefix: string, code: string): string {
  const key = `web-${prefix}-${code.replace(/_/g, '-')}`;
  return hasMessage(key) ? t(key) : code;
}

/** Codebook needs as a comma-separated list of names. */
export function needList(t: T, codes: readonly string[]): string {
  return codes.map((c) => codeName(t, 'need', c)).join(', ');
}

/**
 * A case number as an identifier ("#2001", in Russian "№2001"): passed to Fluent as text, so
 * it is never grouped like a quantity ("#2,001", "№2 001").
 */
export function caseRef(t: T, id: number): string {
  return t('web-case-number', { id: String(id) });
}

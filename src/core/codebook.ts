/**
 * The needs codebook (../shared/codebook/needs.md). Codes are stable identifiers used by
 * triage, case reports and exports.
 */
export const NEED_CODES = [
  'injection_minor',
  'info_hr_hiv_hcv',
  'info_detox',
  'info_covid',
  'psych_support',
  'offline_services',
  'injection_severe',
  'hr_services',
  'overdose',
  'other',
] as const;

/** One code of the needs codebook. */
export type NeedCode = (typeof NEED_CODES)[number];

/** Theme 1: needs met fully online; theme 2: partly online, partly offline. */
export const NEED_THEME: Record<NeedCode, 1 | 2 | null> = {
  injection_minor: 1,
  info_hr_hiv_hcv: 1,
  info_detox: 1,
  info_covid: 1,
  psych_support: 1,
  offline_services: 2,
  injection_severe: 2,
  hr_services: 2,
  overdose: 2,
  other: null,
};

/** True when `value` is a code of the codebook. */
export function isNeedCode(value: string): value is NeedCode {
  return (NEED_CODES as readonly string[]).includes(value);
}

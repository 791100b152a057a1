/**
 * The vocabulary of the coded work report, beside the needs codebook (`codebook.ts`): what
 * a worker records for each case, and what the dashboard filters by. Codes are stable: the
 * work report, exports and the data dictionary use them as they are.
 */

/** Services a worker records in the work report. */
export const SERVICE_CODES = ['information', 'verified_advice', 'peer_support', 'overdose_guidance', 'stayed_until_ambulance', 'referral', 'invited_mobile_unit'] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

/** Where a client can be referred. */
export const REFERRAL_TARGETS = ['org_doctor', 'org_psychologist', 'org_lawyer', 'org_social_worker', 'aids_centre', 'clinic', 'mobile_unit'] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];

/** A referral's follow-up: made → attended → outcome known (or not attended). */
export const REFERRAL_STATUSES = ['made', 'attended', 'not_attended', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Whether moving to a phone call was offered, and taken up. */
export const PHONE_CALL = ['not_offered', 'offered_accepted', 'offered_declined'] as const;
export type PhoneCall = (typeof PHONE_CALL)[number];

/** How a case ended. */
export const OUTCOMES = ['resolved', 'partly_resolved', 'referred', 'no_response', 'declined'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Inbox filters. */
export const INBOX_FILTERS = ['all', 'urgent', 'unassigned', 'mine', 'after_hours', 'waiting_client', 'closed', 'report_missing'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

/** What a staff member knows best; assignment suggestions match cases to them. */
export const SPECIALISATIONS = ['opioids', 'stimulants', 'hiv', 'hcv', 'women', 'wounds', 'legal', 'psych', 'detox'] as const;

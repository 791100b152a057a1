import type { Language, StaffMember } from '../types.ts';

/** Where a member of the community chat stands. */
export type MemberStatus = 'applicant' | 'member' | 'left' | 'banned';
/** A join request's state: asked for a code, approved or declined. */
export type RequestStatus = 'pending' | 'approved' | 'declined';

/** A member (or applicant) of the community chat: a pseudonym, never a name or id in clear. */
export interface CommunityMember {
  id: number;
  pseudonym: string;
  status: MemberStatus;
  requestStatus: RequestStatus | null;
  wrongCodes: number;
  /** A valid code was redeemed for this member (before or during the join request). */
  admitted: boolean;
  /** The member has written to the bot privately (a private message reaches them). */
  talkedToBot: boolean;
  language: Language;
  mutedUntil: number | null;
  welcomedAt: number | null;
}

/** Changes to a member. */
export interface MemberChange {
  status?: MemberStatus;
  requestStatus?: RequestStatus | null;
  wrongCodes?: number;
  admitted?: boolean;
  talkedToBot?: boolean;
  mutedUntil?: number | null;
  welcomedAt?: number;
  language?: Language;
}

/** Why a code did not work. */
export type RedeemFailure = 'unknown' | 'used' | 'expired' | 'revoked';

/** A moderation log entry (reasons, never message text in clear). */
export interface ModerationEntry {
  memberId: number;
  action: 'delete' | 'warn' | 'mute' | 'ban-request' | 'ban' | 'refused' | 'appeal' | 'review';
  reason: string;
  source: 'auto' | 'staff' | 'member';
  staffId?: number | null;
  /** The offending message in the community chat. */
  messageId?: number | null;
  /** The message text or appeal, sealed by storage; omitted when not worth keeping. */
  body?: string | null;
  status?: 'pending' | 'confirmed' | 'rejected' | null;
  at: number;
}

/** Log entries that wait for a staff decision: a ban request, or a doubtful message sent for review. */
export type DecidedAction = 'ban-request' | 'review';

/** A logged entry waiting for (or given) a decision, as the decision sees it. */
export interface PendingDecision {
  id: number;
  memberId: number;
  status: 'pending' | 'confirmed' | 'rejected';
  staffId: number | null;
  /** The reason logged (for a review, the category the detector suspected). */
  reason: string;
  /** The message in the community chat it is about, if any. */
  messageId: number | null;
}

/** A batch of codes, for `netreach codes list`. */
export interface CodeBatchSummary {
  batch: string;
  total: number;
  used: number;
  revoked: number;
  expired: number;
  expiresAt: number;
}

/** Storage of the community chat: members, access codes, moderation log; inside the update's transaction. */
export interface CommunityStore {
  getMember(pseudonym: string): Promise<CommunityMember | undefined>;
  /** The member with this id (a decision in the staff group knows only the id). */
  getMemberById(id: number): Promise<CommunityMember | undefined>;
  /** Finds or creates the member; `userId` is sealed (their private chat with the bot has the same id). */
  upsertMember(input: { pseudonym: string; userId: number; language: Language; at: number }): Promise<CommunityMember>;
  updateMember(memberId: number, change: MemberChange, at: number): Promise<void>;
  /** The member's Telegram user id, opened from its seal (for the calls that need it). */
  memberUserId(memberId: number): Promise<number | undefined>;
  /**
   * Uses a code for `pseudonym` with one conditional UPDATE: of two people using the same
   * code at the same moment, exactly one succeeds.
   */
  redeemCode(code: string, pseudonym: string, at: number): Promise<{ ok: true } | { ok: false; reason: RedeemFailure }>;
  /** Stores new codes (only their keyed hashes). */
  createCodes(codes: readonly string[], origin: { batch: string } | { inviter: string }, expiresAt: number, at: number): Promise<void>;
  /** How many personal codes a member asked for since `since`. */
  countInvites(inviter: string, since: number): Promise<number>;
  /** Revokes the unused codes of a batch, or one code; returns how many. */
  revokeCodes(target: { batch: string } | { code: string }, at: number): Promise<number>;
  listBatches(at: number): Promise<CodeBatchSummary[]>;
  /** Counts a message towards the member's flood window; returns the count within it. */
  countMessage(memberId: number, at: number, windowMs: number): Promise<number>;
  /** Offences (deletions by moderation) of the member since `since`. */
  countStrikes(memberId: number, since: number): Promise<number>;
  /** The latest offence of this reason since `since`, if any (one flood is one strike). */
  hasRecent(memberId: number, reason: string, since: number): Promise<boolean>;
  log(entry: ModerationEntry): Promise<number>;
  /** A ban request or review by its log id. */
  getDecision(id: number, action: DecidedAction): Promise<PendingDecision | undefined>;
  /** Decides a pending ban request or review (confirmed: ban or remove; rejected: keep); false if someone already did. */
  decide(id: number, action: DecidedAction, status: 'confirmed' | 'rejected', staffId: number, at: number): Promise<boolean>;
  /** Reasons of the member's recent moderation, newest first (for an appeal). */
  recentReasons(memberId: number, limit: number): Promise<string[]>;
  /** The staff member with this pseudonym, if they ever wrote in the staff group. */
  staffByPseudonym(pseudonym: string): Promise<StaffMember | undefined>;
  /** Telegram message id of the last welcome the bot posted in the chat (to delete it). */
  lastChatWelcome(): Promise<number | undefined>;
}

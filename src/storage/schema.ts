import type { ColumnType, Generated } from 'kysely';

/** Milliseconds since the epoch, stored as a 64-bit integer on every dialect. */
type Millis = number;
/** 0 or 1: booleans are integers on every dialect so one query fits all. */
type Flag = number;
type Bytes = Uint8Array;

/** A client: only a keyed pseudonym, a human code and what is needed to answer them. */
export interface ClientsTable {
  id: Generated<number>;
  pseudonym: string;
  code: string;
  /** Telegram chat id, sealed; null once the client erased themselves. */
  chat_sealed: Bytes | null;
  language: string;
  first_seen_at: Millis;
  last_seen_at: Millis;
  unreachable: ColumnType<Flag, Flag | undefined, Flag>;
  erased_at: Millis | null;
  /** Where the client writes from: 'telegram' (a chat id, sealed) or 'web' (no chat id: the web chat shows the transcript). */
  via: ColumnType<string, string | undefined, string>;
  /** When the web chat last showed a web client something new (what was written before is delivered). */
  web_seen_at: ColumnType<Millis | null, Millis | null | undefined, Millis | null>;
}

export interface StaffTable {
  id: Generated<number>;
  pseudonym: string;
  chat_sealed: Bytes | null;
  alias: string | null;
  role: string;
  created_at: Millis;
  last_seen_at: Millis;
  on_call: ColumnType<Flag, Flag | undefined, Flag>;
  dm_alerts: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface CasesTable {
  id: Generated<number>;
  client_id: number;
  channel: string;
  status: string;
  urgent: ColumnType<Flag, Flag | undefined, Flag>;
  assignee_staff_id: number | null;
  /** JSON array of codebook codes. */
  needs: ColumnType<string, string | undefined, string>;
  opened_at: Millis;
  first_response_at: Millis | null;
  closed_at: Millis | null;
  staff_topic_id: number | null;
  updated_at: Millis;
  /** When the client was last asked to write instead of sending voice. */
  voice_asked_at: Millis | null;
  /** When the client was last asked whether a life is in danger (triage in doubt). */
  danger_asked_at: Millis | null;
  /** A doctor should look at this case (e.g. a wound photo). */
  doctor_flag: ColumnType<Flag, Flag | undefined, Flag>;
  /** The case opened outside working hours. */
  after_hours: ColumnType<Flag, Flag | undefined, Flag>;
  /** The client's rating after closing: helped, partly or not_helped. */
  feedback: string | null;
  feedback_comment_sealed: Bytes | null;
  feedback_at: Millis | null;
  /** Who spoke last ('in' or 'out'), its kind and when: the inbox filters on it. */
  last_direction: string | null;
  last_kind: string | null;
  last_at: Millis | null;
}

export interface MessagesTable {
  id: Generated<number>;
  case_id: number;
  direction: string;
  kind: string;
  body_sealed: Bytes | null;
  media_sealed: Bytes | null;
  client_message_id: number | null;
  staff_message_id: number | null;
  update_id: number | null;
  staff_id: number | null;
  created_at: Millis;
}

export interface InboxTable {
  update_id: number;
  chat_key: string;
  payload_sealed: Bytes | null;
  status: string;
  attempts: ColumnType<number, number | undefined, number>;
  received_at: Millis;
  processed_at: Millis | null;
  error: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  dedupe_key: string;
  chat_key: string;
  priority: number;
  payload_sealed: Bytes | null;
  case_id: number | null;
  message_id: number | null;
  status: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Millis;
  created_at: Millis;
  sent_at: Millis | null;
  result_message_id: number | null;
  last_error: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Millis;
}

/** Durable timers: guide follow-ups, alert repeats, spotting check-ins. Survive restarts. */
export interface TimersTable {
  id: Generated<number>;
  kind: string;
  case_id: number | null;
  client_id: number | null;
  /** JSON; never message text. */
  payload: ColumnType<string, string | undefined, string>;
  due_at: Millis;
  created_at: Millis;
  done_at: Millis | null;
}

/** An emergency guide session within a case (for follow-ups, repeats and reports). */
export interface EmergenciesTable {
  id: Generated<number>;
  case_id: number;
  kind: string;
  trigger: string;
  started_at: Millis;
  last_step: string | null;
  last_step_at: Millis;
  first_human_at: Millis | null;
  alerts_sent: ColumnType<number, number | undefined, number>;
}

/** Spotting check-ins ("never use alone"): what a responder needs is sealed and deleted at the end. */
export interface SpottingSessionsTable {
  id: Generated<number>;
  client_id: number;
  state: string;
  duration_min: number;
  ends_at: number;
  asks: ColumnType<number, number | undefined, number>;
  generation: ColumnType<number, number | undefined, number>;
  /** What the client left for a responder, sealed; null when none or once the session ended. */
  responder_sealed: Bytes | null;
  case_id: number | null;
  created_at: number;
  escalated_at: number | null;
  ended_at: number | null;
}

/** A doctor's verification of one version of a guide or article in one language. */
export interface ContentVerificationsTable {
  id: Generated<number>;
  kind: string;
  content_id: string;
  lang: string;
  version: string;
  verified_by_role: string;
  verified_at: Millis;
  /** After this, the content is flagged for review again and shows as not verified. */
  review_at: Millis;
}

/** A staff member's web account; `staff_id` is their identity in cases and the rota. */
export interface StaffAccountsTable {
  id: Generated<number>;
  login: string;
  role: string;
  staff_id: number;
  language: ColumnType<string, string | undefined, string>;
  /** JSON array of specialisation codes. */
  specialisations: ColumnType<string, string | undefined, string>;
  /** scrypt, with its parameters (see src/core/accounts/passwords.ts); null until set up. */
  password_hash: string | null;
  totp_sealed: Bytes | null;
  totp_enabled: ColumnType<Flag, Flag | undefined, Flag>;
  /** The last TOTP time step accepted: a code is good once. */
  totp_last_step: number | null;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Millis | null;
  /** SHA-256 of the one-time setup token. */
  setup_token_hash: string | null;
  setup_expires_at: Millis | null;
  disabled: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: Millis;
  last_sign_in_at: Millis | null;
}

/** Dashboard requests already carried out (idempotent replies). */
export interface DashboardRequestsTable {
  request_id: string;
  message_id: number | null;
  created_at: Millis;
}

/** A signed-in browser; the cookie holds a token whose SHA-256 is the key. */
export interface StaffSessionsTable {
  token_hash: string;
  account_id: number;
  csrf_token: string;
  created_at: Millis;
  last_seen_at: Millis;
  expires_at: Millis;
}

/** Append-only (the database refuses UPDATE and DELETE). */
export interface AuditLogTable {
  id: Generated<number>;
  at: Millis;
  actor_account_id: number | null;
  actor_role: string | null;
  action: string;
  target: string | null;
  /** JSON object of scalars; never message text. */
  detail: ColumnType<string, string | undefined, string>;
}

/** The coded work report of a case, written without identifying details. */
export interface WorkReportsTable {
  case_id: number;
  needs: ColumnType<string, string | undefined, string>;
  services: ColumnType<string, string | undefined, string>;
  phone_call: string;
  request_summary: ColumnType<string, string | undefined, string>;
  services_summary: ColumnType<string, string | undefined, string>;
  outcome: string | null;
  complete: ColumnType<Flag, Flag | undefined, Flag>;
  author_staff_id: number | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface ReferralsTable {
  id: Generated<number>;
  case_id: number;
  target: string;
  status: string;
  note: string | null;
  created_at: Millis;
  updated_at: Millis;
}

/** Versions of reply snippets (the newest per id and language is current). */
export interface KbSnippetsTable {
  id: Generated<number>;
  snippet_id: string;
  lang: string;
  version: string;
  title: string;
  body: string;
  created_by_role: string;
  created_at: Millis;
}

export interface MobileStopsTable {
  id: Generated<number>;
  name: string;
  area: ColumnType<string, string | undefined, string>;
  address: ColumnType<string, string | undefined, string>;
  services: ColumnType<string, string | undefined, string>;
  /** JSON array of { weekday, start, end }. */
  schedule: ColumnType<string, string | undefined, string>;
  created_at: Millis;
  updated_at: Millis;
  deleted_at: Millis | null;
}

export interface MobileExceptionsTable {
  id: Generated<number>;
  stop_id: number;
  /** YYYY-MM-DD in the organisation's timezone. */
  date: string;
  kind: string;
  note: ColumnType<string, string | undefined, string>;
  created_at: Millis;
}

/** The database as Kysely sees it. */
export interface Database {
  clients: ClientsTable;
  staff: StaffTable;
  cases: CasesTable;
  messages: MessagesTable;
  inbox: InboxTable;
  outbox: OutboxTable;
  settings: SettingsTable;
  timers: TimersTable;
  emergencies: EmergenciesTable;
  spotting_sessions: SpottingSessionsTable;
  content_verifications: ContentVerificationsTable;
  community_members: CommunityMembersTable;
  community_codes: CommunityCodesTable;
  community_moderation: CommunityModerationTable;
  staff_accounts: StaffAccountsTable;
  staff_sessions: StaffSessionsTable;
  dashboard_requests: DashboardRequestsTable;
  audit_log: AuditLogTable;
  work_reports: WorkReportsTable;
  referrals: ReferralsTable;
  kb_snippets: KbSnippetsTable;
  mobile_stops: MobileStopsTable;
  mobile_exceptions: MobileExceptionsTable;
  channel_posts: ChannelPostsTable;
  group_cases: GroupCasesTable;
  group_messages: GroupMessagesTable;
  group_answers: GroupAnswersTable;
  drug_alerts: DrugAlertsTable;
  leases: LeasesTable;
  web_chat_limits: WebChatLimitsTable;
}

/** A counter of the web chat's limits: one bucket (a codename's keyed hash, or everyone) per window. */
export interface WebChatLimitsTable {
  bucket: string;
  count: number;
  window_ends_at: Millis;
}

/** A lease: which process does a job while it lives (see core/leases/ports.ts). */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: Millis;
}

/** A member or applicant of the community chat: a pseudonym; the Telegram id only sealed. */
export interface CommunityMembersTable {
  id: Generated<number>;
  pseudonym: string;
  user_sealed: Bytes | null;
  language: string;
  status: string;
  request_status: string | null;
  wrong_codes: ColumnType<number, number | undefined, number>;
  admitted: ColumnType<Flag, Flag | undefined, Flag>;
  talked_to_bot: ColumnType<Flag, Flag | undefined, Flag>;
  muted_until: Millis | null;
  welcomed_at: Millis | null;
  flood_window_at: Millis | null;
  flood_count: ColumnType<number, number | undefined, number>;
  created_at: Millis;
  updated_at: Millis;
}

/** A one-time access code: only its keyed hash, where it came from, and who used it (pseudonym). */
export interface CommunityCodesTable {
  id: Generated<number>;
  code_hash: string;
  /** The mobile unit's batch name, or null for a peer's personal code. */
  batch: string | null;
  inviter_pseudonym: string | null;
  created_at: Millis;
  expires_at: Millis;
  used_at: Millis | null;
  used_by_pseudonym: string | null;
  revoked_at: Millis | null;
}

/** The community chat's moderation log: reasons for supervisors, a message or appeal only sealed. */
export interface CommunityModerationTable {
  id: Generated<number>;
  member_id: number;
  action: string;
  reason: string;
  source: string;
  staff_id: number | null;
  message_id: number | null;
  body_sealed: Bytes | null;
  status: string | null;
  created_at: Millis;
  decided_at: Millis | null;
  decided_by_staff_id: number | null;
}

/** A post for the read-only channel: its text only sealed, its approval and schedule. */
export interface ChannelPostsTable {
  id: Generated<number>;
  /** 'post' (drafted by staff) or 'schedule' (the mobile units' weekly schedule). */
  kind: string;
  /** 'draft' | 'approved' | 'scheduled' | 'published' | 'deleted'. */
  status: string;
  body_sealed: Bytes | null;
  /** The worker's draft message in the staff group's channel topic. */
  draft_message_id: number | null;
  /** The bot's preview of the draft in that topic. */
  preview_message_id: number | null;
  /** The post in the channel, once Telegram accepted it. */
  channel_message_id: number | null;
  author_staff_id: number | null;
  approved_by_staff_id: number | null;
  approved_at: Millis | null;
  publish_at: Millis | null;
  published_at: Millis | null;
  /** Makes an automatic post unique (the weekly schedule of one week). */
  auto_key: string | null;
  created_at: Millis;
  updated_at: Millis;
}

/** A case opened by a request in the community chat. */
export interface GroupCasesTable {
  case_id: number;
  client_id: number;
  /** Opens the private chat with the bot in this case (`start=case_<token>`). */
  token: string;
  /** The member's latest request in the community chat (public answers reply to it). */
  last_message_id: number;
  /** When the member took the case into the private chat. */
  private_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/** Which community-chat message belongs to which case (peer answers are replies to them). */
export interface GroupMessagesTable {
  chat_message_id: number;
  case_id: number;
  created_at: Millis;
}

/** A worker's answer in a group case's topic, waiting for "answer publicly" or "take private". */
export interface GroupAnswersTable {
  id: Generated<number>;
  case_id: number;
  staff_id: number;
  body_sealed: Bytes | null;
  /** 'pending' | 'public' | 'private' (sent once the member opens the private chat) | 'delivered'. */
  status: string;
  created_at: Millis;
  decided_at: Millis | null;
}

/** A dangerous-batch report: anonymous once sent (the pseudonym only while it is filled in), sealed. */
export interface DrugAlertsTable {
  id: Generated<number>;
  /** 'collecting' | 'pending' | 'verified' | 'rejected' | 'published' | 'cancelled'. */
  status: string;
  /** While collecting: the question asked ('what' | 'where' | 'happened'). */
  step: string | null;
  reporter_pseudonym: string | null;
  language: string;
  /** JSON { what, area, happened }, sealed. */
  body_sealed: Bytes | null;
  verified_by_staff_id: number | null;
  published_by_staff_id: number | null;
  channel_message_id: number | null;
  created_at: Millis;
  updated_at: Millis;
}

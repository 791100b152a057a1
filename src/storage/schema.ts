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
  /** A doctor should look at this case (e.g. a wound photo). */
  doctor_flag: ColumnType<Flag, Flag | undefined, Flag>;
  /** The case opened outside working hours. */
  after_hours: ColumnType<Flag, Flag | undefined, Flag>;
  /** The client's rating after closing: helped, partly or not_helped. */
  feedback: string | null;
  feedback_comment_sealed: Bytes | null;
  feedback_at: Millis | null;
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
}

/** What the relay's stores share: the seal contexts and the shape of a case row. */
import type { Case, CaseChannel, CaseStatus } from '../core/types.ts';

/** Contexts bound into every sealed value, so one kind cannot be passed off as another. */
export const SEAL = {
  clientChat: 'client-chat',
  staffChat: 'staff-chat',
  body: 'message-body',
  media: 'message-media',
  inbox: 'inbox-update',
  outbox: 'outbox-call',
  feedback: 'feedback-comment',
} as const;

export interface CaseRow {
  id: number;
  client_id: number;
  channel: string;
  status: string;
  urgent: number;
  staff_topic_id: number | null;
  opened_at: number;
  first_response_at: number | null;
  updated_at: number;
  needs: string;
  doctor_flag: number;
}

export function toCase(row: CaseRow): Case {
  return {
    id: row.id,
    clientId: row.client_id,
    channel: row.channel as CaseChannel,
    status: row.status as CaseStatus,
    urgent: row.urgent === 1,
    staffTopicId: row.staff_topic_id,
    openedAt: row.opened_at,
    firstResponseAt: row.first_response_at,
    updatedAt: row.updated_at,
    needs: JSON.parse(row.needs) as string[],
    doctorFlag: row.doctor_flag === 1,
  };
}

export const CASE_COLUMNS = ['id', 'client_id', 'channel', 'status', 'urgent', 'staff_topic_id', 'opened_at', 'first_response_at', 'updated_at', 'needs', 'doctor_flag'] as const;

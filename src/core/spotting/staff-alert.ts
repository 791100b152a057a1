import { openTopicRequest } from '../staff-topic.ts';
import type { OutboxRequest, OutboxTarget, RelayStore, Translate } from '../ports.ts';
import { PRIORITY, type Client, type Language } from '../types.ts';
import type { ResponderInfo, SpottingSession, SpottingStore } from './ports.ts';
import { LANE } from '../outbox/lanes.ts';

/** What the staff side of spotting needs. */
export interface SpottingStaffDeps {
  t: Translate;
  staffLanguage: Language;
  /** Aliases on call by the rota at a moment (as in `EmergencyDeps`). */
  onCallNow?: (at: number) => string[];
}

/** Where staff hear about a check-in: the case topic, and on-call workers who asked for private alerts. */
interface StaffTarget {
  target: OutboxTarget;
  lane: string;
  /** Part of dedupe keys; `topic` or `dm<staffId>` (parsed back by {@link withdrawResponderCopies}). */
  suffix: string;
}

async function staffTargets(store: RelayStore, deps: SpottingStaffDeps, caseId: number, at: number): Promise<StaffTarget[]> {
  const dms = (await store.staff.alertRecipients(deps.onCallNow?.(at) ?? [])).map((s) => ({ target: { kind: 'staff-dm', staffId: s.id } as const, lane: LANE.staffDm(s.id), suffix: `dm${s.id}` }));
  return [{ target: { kind: 'staff-topic', caseId }, lane: LANE.case(caseId), suffix: 'topic' }, ...dms];
}

/** The dedupe-key prefix of the copies of a session's responder info sent to staff. */
export function responderCopyPrefix(sessionId: number): string {
  return `spot-info:${sessionId}:`;
}

/** The client's open private case, made urgent; or a new urgent case with its staff topic. */
export async function urgentCaseFor(store: RelayStore, client: Client, at: number): Promise<number> {
  const open = await store.cases.findOpen(client.id, 'private');
  if (open) {
    if (!open.urgent) await store.cases.markUrgent(open.id, at);
    return open.id;
  }
  const kase = await store.cases.open({ clientId: client.id, channel: 'private', urgent: true, at });
  // Same request (and key) as the relay's, so whichever comes first creates the topic once.
  await store.enqueue(openTopicRequest(client.code, kase.id), at);
  return kase.id;
}

/** The responder info as lines for staff: coordinates with a map link, then what was written. */
export function describeResponderInfo(deps: SpottingStaffDeps, info: ResponderInfo | undefined): string | undefined {
  if (!info || (!info.location && info.notes.length === 0)) return undefined;
  const lines: string[] = [];
  if (info.location) {
    const latitude = info.location.latitude.toFixed(6);
    const longitude = info.location.longitude.toFixed(6);
    const link = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=18/${latitude}/${longitude}`;
    lines.push(deps.t(deps.staffLanguage, 'spot-staff-location', { latitude, longitude, link }));
  }
  for (const note of info.notes) lines.push(deps.t(deps.staffLanguage, 'spot-staff-note', { text: note }));
  return lines.join('\n');
}

/**
 * Alerts on-call staff that a client did not answer their check-in: in the case topic
 * (everyone in the staff group is notified) and by private message to those on call who
 * opted in. What the client left goes in a separate message per recipient, queued under
 * {@link responderCopyPrefix} so it can be withdrawn when the session ends.
 */
export async function alertStaff(store: RelayStore, spot: SpottingStore, deps: SpottingStaffDeps, session: SpottingSession, client: Client, caseId: number, at: number): Promise<void> {
  const alert = deps.t(deps.staffLanguage, 'spot-staff-alert', { code: client.code, case: caseId, minutes: session.durationMin });
  const left = await spot.responderInfo(session.id);
  const info = describeResponderInfo(deps, left);
  const request = (to: StaffTarget, dedupeKey: string, text: string): OutboxRequest => ({
    dedupeKey,
    lane: to.lane,
    priority: PRIORITY.urgent,
    target: to.target,
    method: 'sendMessage',
    params: { text: text.slice(0, 4096) },
    caseId,
  });
  for (const to of await staffTargets(store, deps, caseId, at)) {
    await store.enqueue(request(to, `spot-alert:${session.id}:${session.generation}:${to.suffix}`, alert), at);
    const second = info ?? deps.t(deps.staffLanguage, 'spot-staff-nothing-left');
    const key = info ? `${responderCopyPrefix(session.id)}${session.generation}:${to.suffix}` : `spot-nothing:${session.id}:${session.generation}:${to.suffix}`;
    await store.enqueue(request(to, key, second), at);
    if (left?.location) {
      // A map pin as well, so the responder can open directions in one tap; withdrawn like the text.
      await store.enqueue(
        {
          // The recipient stays last in the key: withdrawing reads it from there.
          ...request(to, `${responderCopyPrefix(session.id)}${session.generation}:pin:${to.suffix}`, ''),
          method: 'sendLocation',
          params: { latitude: left.location.latitude, longitude: left.location.longitude },
        },
        at,
      );
    }
  }
}

/** Tells staff who were alerted that the client answered after all. */
export async function tellStaffClientAnswered(store: RelayStore, deps: SpottingStaffDeps, session: SpottingSession, client: Client, key: 'spot-staff-client-ok' | 'spot-staff-client-cancelled', at: number): Promise<void> {
  if (session.caseId === null) return;
  const text = deps.t(deps.staffLanguage, key, { code: client.code, case: session.caseId });
  for (const to of await staffTargets(store, deps, session.caseId, at)) {
    await store.enqueue(
      {
        dedupeKey: `spot-answered:${session.id}:${session.generation}:${to.suffix}`,
        lane: to.lane,
        priority: PRIORITY.urgent,
        target: to.target,
        method: 'sendMessage',
        params: { text },
        caseId: session.caseId,
      },
      at,
    );
  }
}

/**
 * Deletes the copies of a session's responder info from staff chats: unsent ones are
 * dropped from the outbox, sent ones are deleted in Telegram (possible within 48 hours,
 * longer than an escalated session lives).
 */
export async function withdrawResponderCopies(store: RelayStore, spot: SpottingStore, session: SpottingSession, at: number): Promise<void> {
  const sessionId = session.id;
  for (const copy of await spot.withdrawCopies(responderCopyPrefix(sessionId))) {
    const suffix = copy.key.split(':').at(-1) ?? '';
    const staffId = /^dm(\d+)$/.exec(suffix)?.[1];
    const target: OutboxTarget = staffId === undefined ? { kind: 'staff-chat' } : { kind: 'staff-dm', staffId: Number(staffId) };
    await store.enqueue(
      {
        dedupeKey: `spot-withdraw:${sessionId}:${suffix}:${copy.messageId}`,
        lane: staffId !== undefined ? LANE.staffDm(Number(staffId)) : session.caseId !== null ? LANE.case(session.caseId) : LANE.spotWithdrawal(sessionId),
        priority: PRIORITY.normal,
        target,
        method: 'deleteMessages',
        params: { message_ids: [copy.messageId] },
      },
      at,
    );
  }
}

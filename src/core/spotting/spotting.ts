import { sosKeyboard } from '../keyboards.ts';
import type { RelayStore } from '../ports.ts';
import { PRIORITY, type Client, type MessageKind, type Priority } from '../types.ts';
import { SPOT_DURATIONS, decodeSpottingAction, encodeSpottingAction } from './callback-data.ts';
import type { ResponderInfo, SpottingOutcome, SpottingSession, SpottingStore } from './ports.ts';
import { alertStaff, tellStaffClientAnswered, urgentCaseFor, withdrawResponderCopies, type SpottingStaffDeps } from './staff-alert.ts';
import { LANE } from '../outbox/lanes.ts';

/** What the spotting use-cases need: texts, and the language staff read. */
export type SpottingDeps = SpottingStaffDeps;

/** The check-in's clock. */
export const SPOT_TIMING = {
  /** After the first "are you OK?", the second comes this much later. */
  askAgainMs: 60_000,
  /** After the second, on-call staff are alerted this much later. */
  escalateMs: 2 * 60_000,
  /** What one "+10" adds. */
  extendMs: 10 * 60_000,
  /** A check-in never runs further ahead than this, however often it is extended. */
  maxAheadMs: 60 * 60_000,
  /** Info left for a check-in that never started is deleted after this. */
  preparingForMs: 60 * 60_000,
  /** An alerted session nobody closes ends (and its info is deleted) after this. */
  escalatedForMs: 12 * 60 * 60_000,
  /** A flood of /spot gets one answer per window. */
  repeatWindowMs: 10_000,
} as const;

/** Steps of a `spot-check` timer; the payload is `{ sessionId, generation, step }`, never text. */
export type SpottingStep = 'due' | 'again' | 'escalate' | 'expire';

const MAX_NOTES = 5;
const MAX_NOTE_CHARS = 500;

type Button = { text: string; callback_data: string };
type Scope = { store: RelayStore; deps: SpottingDeps; client: Client; at: number };

async function say(scope: Scope, dedupeKey: string, text: string, replyMarkup: Record<string, unknown> | undefined, priority: Priority = PRIORITY.urgent): Promise<void> {
  await scope.store.enqueue(
    {
      dedupeKey,
      lane: LANE.client(scope.client.id),
      priority,
      target: { kind: 'client', clientId: scope.client.id },
      method: 'sendMessage',
      params: { text, ...(replyMarkup ? { reply_markup: replyMarkup } : {}) },
    },
    scope.at,
  );
}

function tr(scope: Scope, key: string, args?: Record<string, string | number>): string {
  return scope.deps.t(scope.client.language, key, args);
}

function durationRows(scope: Scope): Button[][] {
  const button = (minutes: number) => ({ text: tr(scope, 'spot-minutes-button', { minutes }), callback_data: encodeSpottingAction({ kind: 'start', minutes }) });
  return [SPOT_DURATIONS.slice(0, 3).map(button), SPOT_DURATIONS.slice(3).map(button)];
}

function sessionRows(scope: Scope, session: SpottingSession): Button[][] {
  return [
    [{ text: tr(scope, 'spot-ok-button'), callback_data: encodeSpottingAction({ kind: 'ok', sessionId: session.id }) }],
    [
      { text: tr(scope, 'spot-extend-button', { minutes: SPOT_TIMING.extendMs / 60_000 }), callback_data: encodeSpottingAction({ kind: 'extend', sessionId: session.id, generation: session.generation }) },
      { text: tr(scope, 'spot-cancel-button'), callback_data: encodeSpottingAction({ kind: 'cancel', sessionId: session.id }) },
    ],
  ];
}

function cancelRow(scope: Scope, session: SpottingSession): Button[] {
  return [{ text: tr(scope, 'spot-cancel-button'), callback_data: encodeSpottingAction({ kind: 'cancel', sessionId: session.id }) }];
}

function minutesLeft(session: SpottingSession, at: number): number {
  return Math.max(1, Math.ceil((session.endsAt - at) / 60_000));
}

/** Shows where a running session stands, with the buttons that fit its state. */
async function showState(scope: Scope, session: SpottingSession, dedupeKey: string): Promise<void> {
  switch (session.state) {
    case 'preparing':
      await say(scope, dedupeKey, tr(scope, 'spot-state-preparing'), { inline_keyboard: [...durationRows(scope), cancelRow(scope, session)] });
      return;
    case 'running':
      await say(scope, dedupeKey, tr(scope, 'spot-state-running', { minutes: minutesLeft(session, scope.at) }), { inline_keyboard: sessionRows(scope, session) });
      return;
    case 'asking':
      await say(scope, dedupeKey, tr(scope, 'spot-state-asking'), { inline_keyboard: sessionRows(scope, session) });
      return;
    case 'escalated':
      await say(scope, dedupeKey, tr(scope, 'spot-state-escalated'), { inline_keyboard: sessionRows(scope, session) });
      return;
    default:
      await say(scope, dedupeKey, tr(scope, 'spot-already-ended'), sosKeyboard(scope.deps.t, scope.client.language));
  }
}

async function schedule(store: RelayStore, session: SpottingSession, step: SpottingStep, dueAt: number, at: number): Promise<void> {
  await store.scheduleTimer({ kind: 'spot-check', caseId: session.caseId, clientId: session.clientId, payload: { sessionId: session.id, generation: session.generation, step }, dueAt, at });
}

/**
 * /spot: offers check-in lengths as buttons, and leaving an address or a contact first. If
 * a check-in is already on, shows where it stands instead. A flood of /spot is answered once
 * per {@link SPOT_TIMING.repeatWindowMs}.
 */
export async function startSpotting(store: RelayStore, spot: SpottingStore, deps: SpottingDeps, input: { client: Client; updateId: number; at: number }): Promise<'offered' | 'shown'> {
  const scope: Scope = { store, deps, client: input.client, at: input.at };
  const window = Math.floor(input.at / SPOT_TIMING.repeatWindowMs);
  const session = await spot.active(input.client.id);
  if (session) {
    await showState(scope, session, `spot-state:${session.id}:${window}`);
    return 'shown';
  }
  const leave = [{ text: tr(scope, 'spot-leave-info-button'), callback_data: encodeSpottingAction({ kind: 'leave-info' }) }];
  await say(scope, `spot-offer:${input.client.id}:${window}`, tr(scope, 'spot-offer'), { inline_keyboard: [...durationRows(scope), leave] }, PRIORITY.normal);
  return 'offered';
}

/** Starts the clock: the client is asked "are you OK?" after `minutes`. */
async function run(scope: Scope, spot: SpottingStore, minutes: number, caseId: number | null, key: string): Promise<void> {
  const endsAt = scope.at + minutes * 60_000;
  const active = await spot.active(scope.client.id);
  let session: SpottingSession | undefined;
  if (active?.state === 'preparing') {
    session = await spot.advance(active.id, active.generation, { state: 'running', durationMin: minutes, endsAt, asks: 0, ...(active.caseId === null ? { caseId } : {}) });
  } else if (!active) {
    const made = await spot.create({ clientId: scope.client.id, state: 'running', durationMin: minutes, endsAt, caseId, at: scope.at });
    if (made.created) session = made.session;
  }
  if (!session) {
    // Already running (a second tap, another menu): show it rather than start another.
    const current = await spot.active(scope.client.id);
    if (current) await showState(scope, current, `spot-state:${key}`);
    return;
  }
  await schedule(scope.store, session, 'due', endsAt, scope.at);
  const text = tr(scope, session.hasResponderInfo ? 'spot-started-with-info' : 'spot-started', { minutes });
  await say(scope, `spot-started:${key}`, text, { inline_keyboard: sessionRows(scope, session) });
}

/** The client asked to leave an address or a contact before starting. */
async function leaveInfo(scope: Scope, spot: SpottingStore, caseId: number | null, key: string): Promise<void> {
  const active = await spot.active(scope.client.id);
  if (active && active.state !== 'preparing') {
    await showState(scope, active, `spot-state:${key}`);
    return;
  }
  if (!active) {
    const made = await spot.create({ clientId: scope.client.id, state: 'preparing', durationMin: 0, endsAt: scope.at, caseId, at: scope.at });
    if (!made.created && made.session.state !== 'preparing') {
      await showState(scope, made.session, `spot-state:${key}`);
      return;
    }
    if (made.created) await schedule(scope.store, made.session, 'expire', scope.at + SPOT_TIMING.preparingForMs, scope.at);
  }
  const keyboard = { keyboard: [[{ text: tr(scope, 'spot-send-location-button'), request_location: true }], [{ text: tr(scope, 'sos-button') }]], resize_keyboard: true };
  await say(scope, `spot-info-ask:${key}`, tr(scope, 'spot-info-ask'), keyboard);
}

/** Ends a session at the client's word; staff who were alerted hear that they answered. */
async function finish(scope: Scope, spot: SpottingStore, session: SpottingSession, outcome: Extract<SpottingOutcome, 'ok' | 'cancelled'>, key: string): Promise<void> {
  const sos = sosKeyboard(scope.deps.t, scope.client.language);
  if (!(await spot.end(session.id, outcome, scope.at))) {
    await say(scope, `spot-ended:${key}`, tr(scope, 'spot-already-ended'), sos);
    return;
  }
  const alerted = session.escalatedAt !== null;
  if (alerted) {
    await withdrawResponderCopies(scope.store, spot, session, scope.at);
    await tellStaffClientAnswered(scope.store, scope.deps, session, scope.client, outcome === 'ok' ? 'spot-staff-client-ok' : 'spot-staff-client-cancelled', scope.at);
  }
  const text = outcome === 'cancelled' ? 'spot-cancelled' : alerted ? 'spot-ended-ok-after-alert' : 'spot-ended-ok';
  await say(scope, `spot-ended:${key}`, tr(scope, text), sos);
}

/** "+10 min": from the current end while running; from now once the client was asked (they answered). */
async function extend(scope: Scope, spot: SpottingStore, session: SpottingSession, shownAt: number, key: string): Promise<void> {
  const answering = session.state === 'asking' || session.state === 'escalated';
  if (session.state === 'preparing' || (!answering && session.generation !== shownAt)) {
    // A second tap on the same button, or an old one: the first already counted.
    await showState(scope, session, `spot-state:${key}`);
    return;
  }
  const from = answering ? scope.at : Math.max(session.endsAt, scope.at);
  const endsAt = Math.min(from + SPOT_TIMING.extendMs, scope.at + SPOT_TIMING.maxAheadMs);
  const next = await spot.advance(session.id, session.generation, { state: 'running', endsAt, asks: 0 });
  if (!next) {
    const current = await spot.get(session.id);
    if (current) await showState(scope, current, `spot-state:${key}`);
    return;
  }
  if (session.state === 'escalated') await tellStaffClientAnswered(scope.store, scope.deps, session, scope.client, 'spot-staff-client-ok', scope.at);
  await schedule(scope.store, next, 'due', endsAt, scope.at);
  await say(scope, `spot-extended:${key}`, tr(scope, 'spot-extended', { minutes: minutesLeft(next, scope.at) }), { inline_keyboard: sessionRows(scope, next) });
}

/**
 * A button with `spot:` data was pressed. Returns false if the data is not a spotting
 * button (the caller then answers as for any unknown button). The caller answers the
 * callback query itself. Old buttons and second taps get a sensible answer, never a
 * second check-in, a double extension or a second alert.
 */
export async function handleSpottingAction(
  store: RelayStore,
  spot: SpottingStore,
  deps: SpottingDeps,
  input: { client: Client; caseId?: number; data: string; updateId: number; at: number },
): Promise<boolean> {
  const action = decodeSpottingAction(input.data);
  if (!action) return false;
  const scope: Scope = { store, deps, client: input.client, at: input.at };
  const key = String(input.updateId);
  if (action.kind === 'start') {
    await run(scope, spot, action.minutes, input.caseId ?? null, key);
    return true;
  }
  if (action.kind === 'leave-info') {
    await leaveInfo(scope, spot, input.caseId ?? null, key);
    return true;
  }
  const session = await spot.get(action.sessionId);
  if (!session || session.clientId !== input.client.id || session.endedAt !== null) {
    await say(scope, `spot-ended:${key}`, tr(scope, 'spot-already-ended'), sosKeyboard(deps.t, input.client.language));
    return true;
  }
  if (action.kind === 'extend') await extend(scope, spot, session, action.generation, key);
  else await finish(scope, spot, session, action.kind === 'ok' ? 'ok' : 'cancelled', key);
  return true;
}

/**
 * A client's message while they are leaving info for a responder: a location, or text (an
 * address in words, a trusted contact) is kept sealed for this session and consumed, so it
 * is not relayed to staff (returns true). Anything else, commands and the 🆘 button included,
 * is left to the relay (returns false).
 */
export async function captureSpottingInput(
  store: RelayStore,
  spot: SpottingStore,
  deps: SpottingDeps,
  input: { client: Client; kind: MessageKind; text: string | null; location?: { latitude: number; longitude: number }; updateId: number; at: number },
): Promise<boolean> {
  const session = await spot.active(input.client.id);
  if (session?.state !== 'preparing') return false;
  const scope: Scope = { store, deps, client: input.client, at: input.at };
  const info: ResponderInfo = (await spot.responderInfo(session.id)) ?? { notes: [] };
  const text = input.text?.trim() ?? '';
  const { location } = input;
  if (input.kind === 'location' && location && Math.abs(location.latitude) <= 90 && Math.abs(location.longitude) <= 180) {
    info.location = { latitude: location.latitude, longitude: location.longitude };
  } else if (input.kind === 'text' && text !== '' && !text.startsWith('/') && text !== deps.t('ru', 'sos-button') && text !== deps.t('en', 'sos-button')) {
    info.notes = [...info.notes, text.slice(0, MAX_NOTE_CHARS)].slice(-MAX_NOTES);
  } else {
    return false;
  }
  await spot.saveResponderInfo(session.id, info);
  await say(scope, `spot-info-saved:${input.updateId}`, tr(scope, 'spot-info-saved'), { inline_keyboard: [...durationRows(scope), cancelRow(scope, session)] });
  return true;
}

/**
 * A due `spot-check` timer. Returns false for other kinds. A timer whose session has moved
 * on since it was scheduled (extended, confirmed, cancelled, erased) does nothing.
 * Steps: `due` asks "are you OK?"; `again` asks a second time; `escalate` alerts on-call
 * staff with what the client left; `expire` ends a session left preparing or alerted.
 */
export async function runSpottingTimer(
  store: RelayStore,
  spot: SpottingStore,
  deps: SpottingDeps,
  timer: { id: number; kind: string; caseId: number | null; payload: Record<string, unknown> },
  client: Client,
  at: number,
): Promise<boolean> {
  if (timer.kind !== 'spot-check') return false;
  const session = await spot.get(Number(timer.payload.sessionId));
  if (!session || session.clientId !== client.id || session.endedAt !== null || session.generation !== Number(timer.payload.generation)) return true;
  const scope: Scope = { store, deps, client, at };
  const ok = (s: SpottingSession) => ({ inline_keyboard: [[{ text: tr(scope, 'spot-ok-button'), callback_data: encodeSpottingAction({ kind: 'ok', sessionId: s.id }) }]] });
  const step = String(timer.payload.step);
  if (step === 'due' && session.state === 'running') {
    const next = await spot.advance(session.id, session.generation, { state: 'asking', asks: 1 });
    if (!next) return true;
    await say(scope, `spot-ask:${session.id}:${next.generation}`, tr(scope, 'spot-ask'), ok(next));
    await schedule(store, next, 'again', at + SPOT_TIMING.askAgainMs, at);
  } else if (step === 'again' && session.state === 'asking') {
    const next = await spot.advance(session.id, session.generation, { asks: session.asks + 1 });
    if (!next) return true;
    await say(scope, `spot-ask:${session.id}:${next.generation}`, tr(scope, 'spot-ask-again', { minutes: SPOT_TIMING.escalateMs / 60_000 }), ok(next));
    await schedule(store, next, 'escalate', at + SPOT_TIMING.escalateMs, at);
  } else if (step === 'escalate' && session.state === 'asking') {
    const caseId = await urgentCaseFor(store, client, at);
    const next = await spot.advance(session.id, session.generation, { state: 'escalated', escalatedAt: at, caseId });
    if (!next) return true;
    await alertStaff(store, spot, deps, next, client, caseId, at);
    await say(scope, `spot-escalated:${session.id}:${next.generation}`, tr(scope, 'spot-escalated-client'), ok(next));
    await schedule(store, next, 'expire', at + SPOT_TIMING.escalatedForMs, at);
  } else if (step === 'expire' && (session.state === 'preparing' || session.state === 'escalated')) {
    if (!(await spot.end(session.id, 'expired', at))) return true;
    if (session.state === 'escalated') await withdrawResponderCopies(store, spot, session, at);
    await say(scope, `spot-expired:${session.id}`, tr(scope, 'spot-expired'), sosKeyboard(deps.t, client.language), PRIORITY.normal);
  }
  return true;
}

/**
 * The client is being erased (/forget confirmed): their check-in ends without a word to
 * anyone, what they left is deleted, and copies already sent to staff are withdrawn. Call it
 * in the same transaction as `eraseClientData`.
 */
export async function endSpottingOnErase(store: RelayStore, spot: SpottingStore, client: Client, at: number): Promise<void> {
  const session = await spot.active(client.id);
  await spot.endAllOf(client.id, 'erased', at);
  if (session && session.escalatedAt !== null) await withdrawResponderCopies(store, spot, session, at);
}

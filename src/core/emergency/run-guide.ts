import { sosKeyboard } from '../keyboards.ts';
import type { OutboxRequest, RelayStore, Translate } from '../ports.ts';
import { PRIORITY, type Client, type Language } from '../types.ts';
import { decodeGuideAction, encodeDangerAnswer, encodeGuideAction, isGuideId, type GuideId, type GuideSource } from './guides.ts';
import { LANE, topicMessage } from '../outbox/lanes.ts';

/** What the emergency engine needs. */
export interface EmergencyDeps {
  t: Translate;
  staffLanguage: Language;
  guides: GuideSource;
  /** The organisation's numbers: ambulance (e.g. "103 / 112") and crisis hotlines (or null). */
  numbers: { ambulance: string; hotlines: string | null };
  /** How long an alert waits for a human before it repeats. */
  alertRepeatMs?: number;
  /** How many times an alert repeats at most. */
  maxAlertRepeats?: number;
  /** Aliases on call by the rota at a moment (besides workers who said /oncall on). */
  onCallNow?: (at: number) => string[];
}

/** The client and case an emergency runs in. */
export interface EmergencyScope {
  client: Client;
  caseId: number;
  /** Makes the queued messages unique (an update id or a timer id). */
  key: string;
  at: number;
}

const DEFAULT_REPEAT_MS = 3 * 60_000;
const DEFAULT_MAX_REPEATS = 5;
/** A second signal in a case within this window is the same emergency. */
const SAME_EMERGENCY_MS = 10 * 60_000;
/** Kinds that say what is happening; `sos` and `worker` say only that something is. */
const SPECIFIC_KINDS: readonly string[] = ['overdose', 'crisis', 'bleeding'];
const UNSPECIFIC_KINDS: readonly string[] = ['sos', 'worker'];
/** Every kind an emergency can have (monitoring counts by these and nothing finer). */
export const EMERGENCY_KINDS: readonly string[] = [...UNSPECIFIC_KINDS, ...SPECIFIC_KINDS];

/**
 * How long signals count as one emergency: at least {@link SAME_EMERGENCY_MS}, and as long
 * as its alert chain can still be repeating, so one emergency never runs two chains.
 */
function sameEmergencyMs(deps: EmergencyDeps): number {
  const chain = (deps.alertRepeatMs ?? DEFAULT_REPEAT_MS) * ((deps.maxAlertRepeats ?? DEFAULT_MAX_REPEATS) + 1);
  return Math.max(SAME_EMERGENCY_MS, chain);
}

/**
 * Raises an emergency in a case: the case becomes urgent and, unless the case already has
 * one running, the people on call are alerted at once (in the case's topic and privately if
 * they opted in) and a repeat is scheduled for when no human has answered by then. A later
 * signal of the same emergency (🆘 pressed again, the guide the client chose after 🆘) never
 * alerts again: it only names what the emergency turned out to be, which the repeats show.
 */
export async function raiseEmergency(store: RelayStore, deps: EmergencyDeps, scope: EmergencyScope, kind: string, trigger: string): Promise<{ emergencyId: number; fresh: boolean }> {
  await store.cases.markUrgent(scope.caseId, scope.at);
  // 🆘 or "a worker now" joins whatever is running; a named danger joins the same one or an
  // unnamed one, but a different danger (an overdose, then suicide intent) is alerted anew.
  const sameKinds = SPECIFIC_KINDS.includes(kind) ? UNSPECIFIC_KINDS : undefined;
  const opened = await store.emergencies.open({ caseId: scope.caseId, kind, trigger, at: scope.at, withinMs: sameEmergencyMs(deps), ...(sameKinds ? { sameKinds } : {}) });
  if (opened.fresh) {
    await alertOnCall(store, deps, scope, opened.id, kind, 0);
    await store.scheduleTimer({
      kind: 'alert-repeat',
      caseId: scope.caseId,
      clientId: scope.client.id,
      payload: { emergencyId: opened.id, repeat: 1, guide: kind },
      dueAt: scope.at + (deps.alertRepeatMs ?? DEFAULT_REPEAT_MS),
      at: scope.at,
    });
  } else if (opened.kind !== kind && SPECIFIC_KINDS.includes(kind) && !SPECIFIC_KINDS.includes(opened.kind)) {
    await store.emergencies.setKind(opened.id, kind);
  }
  return { emergencyId: opened.id, fresh: opened.fresh };
}

/**
 * Starts a guide for a client: the emergency is raised (see {@link raiseEmergency}; the 🆘
 * chooser alerts as much as any guide, since a client who presses 🆘 and then goes quiet is
 * the most dangerous case of all) and the guide's first step goes out at once, urgent.
 */
export async function startGuide(store: RelayStore, deps: EmergencyDeps, scope: EmergencyScope, guide: GuideId, trigger: 'sos' | 'triage' | 'button'): Promise<{ emergencyId: number; fresh: boolean }> {
  const raised = await raiseEmergency(store, deps, scope, guide, trigger);
  await showStep(store, deps, scope, raised.emergencyId, guide, deps.guides.startStep(guide, scope.client.language));
  return raised;
}

/** Sends one step of a guide to the client, with its buttons, and schedules its follow-up. */
export async function showStep(store: RelayStore, deps: EmergencyDeps, scope: EmergencyScope, emergencyId: number, guide: GuideId, stepId: string): Promise<boolean> {
  const lang = scope.client.language;
  const step = deps.guides.step(guide, lang, stepId);
  if (!step) return false;
  const { version, verified } = deps.guides.verification(guide, lang);
  const footer = verified
    ? deps.t(lang, 'guide-verified', { date: new Date(verified.at).toISOString().slice(0, 10), role: roleLabel(deps.t, lang, verified.byRole) })
    : deps.t(lang, 'guide-unverified', { version });
  const text = `${fillNumbers(step.text, deps, lang)}\n\n${footer}`;
  const inlineKeyboard = step.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: encodeGuideAction(guide, b.next) })));
  await store.enqueue(
    {
      dedupeKey: `guide:${scope.key}:${guide}:${stepId}`,
      lane: LANE.client(scope.client.id),
      priority: PRIORITY.urgent,
      target: { kind: 'client', clientId: scope.client.id },
      method: 'sendMessage',
      params: { text: text.slice(0, 4096), reply_markup: { inline_keyboard: inlineKeyboard } },
      caseId: scope.caseId,
    },
    scope.at,
  );
  await store.emergencies.recordStep(emergencyId, `${guide}:${stepId}`, scope.at);
  if (step.followUp && step.followUpAfterSeconds) {
    await store.scheduleTimer({
      kind: 'guide-follow-up',
      caseId: scope.caseId,
      clientId: scope.client.id,
      payload: { emergencyId, guide, step: step.followUp, after: scope.at },
      dueAt: scope.at + step.followUpAfterSeconds * 1000,
      at: scope.at,
    });
  }
  // A step that needs a human (e.g. "call a worker") alerts only an emergency that has not alerted yet.
  if (step.alert && ((await store.emergencies.get(emergencyId))?.alertsSent ?? 0) === 0) await alertOnCall(store, deps, scope, emergencyId, guide, 0);
  return true;
}

/**
 * Where a client is in a guide, for staff: the label of the button that leads to the step
 * ("Not breathing or barely breathing") in the staff's language, else the guide's name.
 */
function describeStep(deps: EmergencyDeps, recorded: string): string | undefined {
  const [guide, stepId] = recorded.split(':');
  if (guide === undefined || stepId === undefined || !isGuideId(guide)) return undefined;
  if (stepId === deps.guides.startStep(guide, deps.staffLanguage)) return deps.t(deps.staffLanguage, 'staff-emergency-guide-start', { kind: deps.t(deps.staffLanguage, `emergency-kind-${guide}`) });
  return deps.guides.stepLabel(guide, deps.staffLanguage, stepId);
}

function roleLabel(t: Translate, language: Language, role: string): string {
  try {
    return t(language, `role-${role}`);
  } catch {
    return role;
  }
}

/** Fills `{ambulance}` and `{hotlines}` with the organisation's numbers. */
export function fillNumbers(text: string, deps: Pick<EmergencyDeps, 'numbers' | 't'>, language: Language): string {
  const hotlines = deps.numbers.hotlines ?? deps.t(language, 'guide-no-hotline', { ambulance: deps.numbers.ambulance });
  return text.replaceAll('{ambulance}', deps.numbers.ambulance).replaceAll('{hotlines}', hotlines);
}

/**
 * Alerts the people on call: in the case's staff topic (everyone there gets Telegram's
 * notification) and by private message to on-call workers who opted in.
 */
export async function alertOnCall(
  store: RelayStore,
  deps: EmergencyDeps,
  scope: EmergencyScope,
  emergencyId: number,
  kind: string,
  repeat: number,
  lastStep?: { step: string; at: number },
): Promise<void> {
  const args = { code: scope.client.code, case: scope.caseId, kind: deps.t(deps.staffLanguage, `emergency-kind-${kind}`) };
  const alertText = deps.t(deps.staffLanguage, repeat === 0 ? 'staff-emergency-alert' : 'staff-emergency-alert-repeat', { ...args, repeat });
  const where = lastStep ? describeStep(deps, lastStep.step) : undefined;
  const minutes = lastStep ? Math.max(0, Math.round((scope.at - lastStep.at) / 60_000)) : 0;
  const text = where ? `${alertText}\n${deps.t(deps.staffLanguage, 'staff-emergency-last-step', { step: where, minutes })}` : alertText;
  const alert = (target: OutboxRequest['target'], lane: string, suffix: string): OutboxRequest => ({
    dedupeKey: `alert:${scope.key}:${emergencyId}:${repeat}:${suffix}`,
    lane,
    priority: PRIORITY.urgent,
    target,
    method: 'sendMessage',
    params: { text },
    caseId: scope.caseId,
  });
  await store.enqueue(alert({ kind: 'staff-topic', caseId: scope.caseId }, LANE.case(scope.caseId), 'topic'), scope.at);
  for (const staff of await store.staff.alertRecipients(deps.onCallNow?.(scope.at) ?? [])) {
    await store.enqueue(alert({ kind: 'staff-dm', staffId: staff.id }, LANE.staffDm(staff.id), `dm${staff.id}`), scope.at);
  }
  await store.emergencies.countAlert(emergencyId);
}

/**
 * A button of a guide was pressed. Returns false if the data is not a guide action.
 * `@worker` alerts a human at once; `@end` closes the guide kindly.
 */
export async function handleGuideAction(store: RelayStore, deps: EmergencyDeps, scope: EmergencyScope, data: string): Promise<boolean> {
  const action = decodeGuideAction(data);
  if (!action) return false;
  const lang = scope.client.language;
  const say = async (key: string, suffix: string) =>
    store.enqueue(
      {
        dedupeKey: `guide-say:${scope.key}:${suffix}`,
        lane: LANE.client(scope.client.id),
        priority: PRIORITY.urgent,
        target: { kind: 'client', clientId: scope.client.id },
        method: 'sendMessage',
        // These close a step of the guide, so the 🆘 button comes back with them.
        params: { text: deps.t(lang, key, { ambulance: deps.numbers.ambulance }), reply_markup: sosKeyboard(deps.t, lang) },
        caseId: scope.caseId,
      },
      scope.at,
    );
  switch (action.kind) {
    case 'start':
      await startGuide(store, deps, scope, action.guide, 'button');
      return true;
    case 'step': {
      const { emergencyId } = await raiseEmergency(store, deps, scope, action.guide, 'button');
      await showStep(store, deps, scope, emergencyId, action.guide, action.step);
      return true;
    }
    case 'worker': {
      await raiseEmergency(store, deps, scope, 'worker', 'button');
      await say('guide-worker-called', 'worker');
      return true;
    }
    case 'end':
      await say('guide-ended', 'end');
      return true;
    case 'danger':
      // "Yes" alerts (the alert is the topic's news); "no" is told to the topic too, so whoever takes the case knows.
      if (action.answer === 'yes') await startGuide(store, deps, scope, action.guide, 'button');
      else {
        await say('client-danger-no', 'danger-no');
        await tellTopic(store, deps, scope, 'staff-danger-answered-no', 'danger-no');
      }
      return true;
  }
}

/**
 * Triage saw signs of danger it could not call urgent: the client is asked, with one tap,
 * whether a life is in danger right now ("yes" starts the guide for what triage suspects,
 * or the 🆘 chooser, and alerts the people on call at once).
 */
export async function askAboutDanger(store: RelayStore, deps: EmergencyDeps, scope: EmergencyScope, suspected: GuideId): Promise<void> {
  const lang = scope.client.language;
  await store.enqueue(
    {
      dedupeKey: `danger-check:${scope.key}`,
      lane: LANE.client(scope.client.id),
      priority: PRIORITY.urgent,
      target: { kind: 'client', clientId: scope.client.id },
      method: 'sendMessage',
      params: {
        text: deps.t(lang, 'client-danger-check', { ambulance: deps.numbers.ambulance }),
        reply_markup: {
          inline_keyboard: [
            [{ text: deps.t(lang, 'client-danger-yes'), callback_data: encodeDangerAnswer({ yes: suspected }) }],
            [{ text: deps.t(lang, 'client-danger-no-button'), callback_data: encodeDangerAnswer('no') }],
          ],
        },
      },
      caseId: scope.caseId,
    },
    scope.at,
  );
  await tellTopic(store, deps, scope, 'staff-danger-asked', 'danger-asked');
}

/** One line about the emergency engine in the case's staff topic. */
async function tellTopic(store: RelayStore, deps: EmergencyDeps, scope: EmergencyScope, key: string, suffix: string): Promise<void> {
  await store.enqueue(topicMessage({ id: scope.caseId }, `${suffix}:${scope.key}`, { text: deps.t(deps.staffLanguage, key) }, PRIORITY.normal), scope.at);
}

/** A due timer of the emergency engine. Returns false if the timer is not one of its kinds. */
export async function runEmergencyTimer(
  store: RelayStore,
  deps: EmergencyDeps,
  timer: { id: number; kind: string; caseId: number | null; payload: Record<string, unknown> },
  client: Client,
  at: number,
): Promise<boolean> {
  const emergencyId = Number(timer.payload.emergencyId);
  const emergency = Number.isFinite(emergencyId) ? await store.emergencies.get(emergencyId) : undefined;
  if (!emergency || timer.caseId === null) return timer.kind === 'guide-follow-up' || timer.kind === 'alert-repeat';
  const scope: EmergencyScope = { client, caseId: timer.caseId, key: `timer${timer.id}`, at };
  if (timer.kind === 'guide-follow-up') {
    // Only if the client has pressed nothing since the step that scheduled it.
    if (emergency.lastStepAt > Number(timer.payload.after)) return true;
    const guide = String(timer.payload.guide);
    const step = String(timer.payload.step);
    if (guide === 'sos' || guide === 'overdose' || guide === 'crisis' || guide === 'bleeding') await showStep(store, deps, scope, emergencyId, guide, step);
    return true;
  }
  if (timer.kind === 'alert-repeat') {
    if (emergency.firstHumanAt !== null) return true;
    const repeat = Number(timer.payload.repeat);
    const lastStep = emergency.lastStep === null ? undefined : { step: emergency.lastStep, at: emergency.lastStepAt };
    await alertOnCall(store, deps, scope, emergencyId, emergency.kind, repeat, lastStep);
    if (repeat < (deps.maxAlertRepeats ?? DEFAULT_MAX_REPEATS)) {
      await store.scheduleTimer({
        kind: 'alert-repeat',
        caseId: timer.caseId,
        clientId: client.id,
        payload: { emergencyId, repeat: repeat + 1, guide: emergency.kind },
        dueAt: at + (deps.alertRepeatMs ?? DEFAULT_REPEAT_MS),
        at,
      });
    }
    return true;
  }
  return false;
}

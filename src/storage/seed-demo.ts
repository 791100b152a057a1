import type { Insertable, Kysely } from 'kysely';
import { isOpen, type WorkingHours } from '../core/hours.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { REFERRAL_TARGETS } from '../core/work-report.ts';
import { SEAL } from './relay-rows.ts';
import type { Database, MessagesTable } from './schema.ts';

/** What to seed. The same options (seed and end date included) always give the same data. */
export interface DemoOptions {
  cases: number;
  months: number;
  seed: number;
  /** The last day of demo activity (midnight UTC of that day ends it). */
  until: Date;
  /** Messages per case on average (the benchmark asks for 10). */
  messagesPerCase?: number;
  hours: WorkingHours;
  onProgress?(done: number, total: number): void;
}

/** Settings key marking a database as holding demo data (the dashboard shows a banner). */
export const DEMO_SETTING = 'demo.seeded';

/** A database that already holds cases is never seeded: demo data must not mix with real clients. */
export class SeedRefusedError extends Error {
  override name = 'SeedRefusedError';
}

/** mulberry32: small, fast and deterministic for a given seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T extends string>(rand: () => number, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as Array<[T, number]>;
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [key, w] of entries) {
    x -= w;
    if (x <= 0) return key;
  }
  return entries[entries.length - 1]?.[0] as T;
}

/** Shares of needs roughly as in the study's 301 cases (information most, then wounds and services). */
const NEED_WEIGHTS = {
  info_hr_hiv_hcv: 26,
  injection_minor: 17,
  offline_services: 16,
  hr_services: 12,
  psych_support: 8,
  injection_severe: 7,
  info_detox: 6,
  overdose: 4,
  info_covid: 1,
  other: 3,
} as const;
type DemoNeed = keyof typeof NEED_WEIGHTS;

/** Services workers typically give for each need. */
const SERVICES_FOR: Record<DemoNeed, string[]> = {
  info_hr_hiv_hcv: ['information', 'verified_advice'],
  injection_minor: ['verified_advice'],
  offline_services: ['information', 'referral'],
  hr_services: ['information', 'invited_mobile_unit'],
  psych_support: ['peer_support'],
  injection_severe: ['verified_advice', 'referral'],
  info_detox: ['information', 'verified_advice'],
  overdose: ['overdose_guidance', 'stayed_until_ambulance'],
  info_covid: ['information'],
  other: ['information'],
};

const PHRASES: Record<DemoNeed, { ru: string[]; en: string[] }> = {
  info_hr_hiv_hcv: { ru: ['Где сейчас стоит автобус?', 'Как передаётся гепатит С?', 'Можно ли мешать метадон с алкоголем?'], en: ['Where is the bus this week?', 'How is hep C passed on?', 'Is it safe to mix these two?'] },
  injection_minor: { ru: ['Вены пропали, куда колоть?', 'После прихода синяк и шишка', 'Рука опухла немного у вены'], en: ['My veins are gone, where else?', 'Bruise and a lump after a missed shot', 'Small sore near the vein'] },
  offline_services: { ru: ['Нужен юрист, потерял паспорт', 'Как встать на АРВТ?', 'Хочу лечь на детокс'], en: ['I need a lawyer about my ID', 'How do I start ART?', 'I want to get into detox'] },
  hr_services: { ru: ['Где взять налоксон?', 'Хочу сдать тест на ВИЧ', 'Нужны шприцы'], en: ['Where can I get naloxone?', 'I want an HIV test', 'Need clean syringes'] },
  psych_support: { ru: ['Сорвался опять, стыдно', 'Очень тяжело одному', 'Боюсь после диагноза'], en: ['Relapsed again, feel ashamed', 'Very hard being alone', 'Scared after the diagnosis'] },
  injection_severe: { ru: ['Абсцесс, температура', 'Рана почернела', 'Нога красная и горячая'], en: ['Abscess and a fever', 'The wound turned dark', 'Leg is red and hot'] },
  info_detox: { ru: ['Как переломаться дома?', 'Ломает третий день', 'Чем снять кумар?'], en: ['How to detox at home?', 'Third day of withdrawal', 'What helps with withdrawal?'] },
  overdose: { ru: ['Друг не дышит', 'Что делать при передозе?', 'Синие губы, не отвечает'], en: ['My friend is not breathing', 'What to do in an overdose?', 'Blue lips, not answering'] },
  info_covid: { ru: ['Работает ли детокс при карантине?'], en: ['Is detox open during the lockdown?'] },
  other: { ru: ['Привет', 'Спасибо!', 'Вы тут?'], en: ['Hi', 'Thanks!', 'Are you there?'] },
};
const REPLIES = {
  ru: ['Здравствуйте! Расскажите подробнее.', 'Автобус стоит по вторникам и четвергам.', 'Лучше показать врачу, я договорюсь.', 'Мы на связи, пишите в любое время.'],
  en: ['Hello! Tell me a bit more.', 'The bus stops on Tuesdays and Thursdays.', 'Better to show a doctor, I will arrange it.', 'We are here, write any time.'],
};
const REQUEST_SUMMARY: Record<DemoNeed, string> = {
  info_hr_hiv_hcv: 'Asked about HIV/HCV or harm-reduction information.',
  injection_minor: 'Minor injection complication (veins, bruise).',
  offline_services: 'Needed an offline service (documents, ART, detox bed).',
  hr_services: 'Asked where to get a harm-reduction service.',
  psych_support: 'Wanted to talk: relapse, loneliness or fear.',
  injection_severe: 'Severe wound needing a doctor in person.',
  info_detox: 'Asked about withdrawal at home.',
  overdose: 'Overdose: someone unresponsive or breathing badly.',
  info_covid: 'Asked about services under restrictions.',
  other: 'Greeting or unclear message.',
};
const ALIASES = ['Sasha', 'Dima', 'Lena', 'Olya', 'Misha', 'Katya', 'Vova', 'Nastya'];
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const DAY = 86_400_000;

/**
 * Fills an empty database with realistic, clearly fake, anonymised outreach activity:
 * clients (no Telegram ids: they cannot be written to), cases over `months` with needs,
 * work reports, services, referrals, channels, hours, feedback, emergencies, spotting
 * sessions and sealed message texts. Deterministic for a given seed and end date.
 */
export async function seedDemo(db: Kysely<Database>, keys: Keyring, options: DemoOptions): Promise<{ clients: number; cases: number; messages: number }> {
  const existing = await db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
  if (existing) throw new SeedRefusedError('This database already has cases: demo data goes only into an empty database.');
  const rand = random(options.seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const end = Date.UTC(options.until.getUTCFullYear(), options.until.getUTCMonth(), options.until.getUTCDate()) + DAY;
  const start = end - options.months * 30 * DAY;
  const perCase = options.messagesPerCase ?? 10;
  const at = end;

  const staffIds: number[] = [];
  for (const [i, alias] of ALIASES.entries()) {
    const row = await db
      .insertInto('staff')
      .values({ pseudonym: `demo-staff:${i}`, chat_sealed: null, alias, role: i === 0 ? 'supervisor' : i === 1 ? 'doctor' : 'worker', created_at: start, last_seen_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    staffIds.push(row.id);
  }

  // About 60% of cases come from new clients; the rest return.
  const clientCount = Math.max(1, Math.round(options.cases * 0.6));
  const codes = new Set<string>();
  const clientIds: number[] = [];
  const clientLang: string[] = [];
  for (let offset = 0; offset < clientCount; offset += 1000) {
    const batch = [];
    for (let i = offset; i < Math.min(clientCount, offset + 1000); i++) {
      let code: string;
      do code = `K-${Array.from({ length: 4 }, () => pick([...CODE_ALPHABET])).join('')}`;
      while (codes.has(code));
      codes.add(code);
      const language = rand() < 0.85 ? 'ru' : 'en';
      clientLang.push(language);
      batch.push({ pseudonym: `demo:${options.seed}:${i}`, code, chat_sealed: null, language, first_seen_at: start, last_seen_at: start, unreachable: 0, erased_at: null });
    }
    const rows = await db.insertInto('clients').values(batch).returning('id').execute();
    clientIds.push(...rows.map((r) => r.id));
  }

  // Case times: activity grows over the period (requests rose after going online), evenings are busy.
  const times = Array.from({ length: options.cases }, () => {
    const day = Math.floor(Math.sqrt(rand()) * (end - start - DAY) / DAY);
    const hour = weighted(rand, { 8: 2, 10: 6, 12: 8, 14: 8, 16: 8, 18: 9, 20: 8, 22: 6, 0: 3, 3: 1 });
    return start + day * DAY + (Number(hour) + rand() * 2) * 3_600_000;
  }).sort((a, b) => a - b);

  let messages = 0;
  const seal = (text: string) => keys.seal(text, SEAL.body);
  // A client has at most one open case per channel (a unique index): a second one is closed.
  const openPairs = new Set<string>();
  for (let offset = 0; offset < options.cases; offset += 500) {
    await db.transaction().execute(async (trx) => {
      const batch = times.slice(offset, offset + 500);
      const plans = batch.map((openedAt) => {
        const clientIndex = rand() < 0.6 ? int(clientCount) : int(Math.max(1, Math.floor(clientCount / 5)));
        const need = weighted(rand, NEED_WEIGHTS);
        const extra = rand() < 0.2 ? weighted(rand, NEED_WEIGHTS) : need;
        const needs = [...new Set([need, extra])];
        const urgent = need === 'overdose' && rand() < 0.6;
        const afterHours = !isOpen(options.hours, openedAt);
        const responseMin = urgent ? 1 + rand() * 4 : afterHours ? 60 + rand() * 600 : 2 + rand() * 90;
        const firstResponse = openedAt + responseMin * 60_000;
        const recent = end - openedAt < 3 * DAY;
        const wantsOpen = recent && rand() < 0.5;
        const channel = weighted(rand, { private: 70, group: 25, web: 5 });
        const pair = `${clientIndex}:${channel}`;
        const status = wantsOpen && !openPairs.has(pair) ? 'open' : 'closed';
        if (status === 'open') openPairs.add(pair);
        const closedAt = status === 'closed' ? firstResponse + (10 + rand() * 2000) * 60_000 : null;
        const count = Math.max(2, Math.round(perCase * (0.5 + rand())));
        return { openedAt, clientIndex, need, needs, urgent, afterHours, firstResponse, status, closedAt, channel, count, assignee: pick(staffIds), feedback: status === 'closed' && rand() < 0.3 ? weighted(rand, { helped: 70, partly: 20, not_helped: 10 }) : null };
      });
      const caseRows = await trx
        .insertInto('cases')
        .values(
          plans.map((p) => ({
            client_id: clientIds[p.clientIndex] as number,
            channel: p.channel,
            status: p.status,
            urgent: p.urgent ? 1 : 0,
            assignee_staff_id: p.assignee,
            needs: JSON.stringify(p.needs),
            opened_at: Math.round(p.openedAt),
            first_response_at: Math.round(p.firstResponse),
            closed_at: p.closedAt === null ? null : Math.round(p.closedAt),
            staff_topic_id: null,
            updated_at: Math.round(p.closedAt ?? p.firstResponse),
            after_hours: p.afterHours ? 1 : 0,
            feedback: p.feedback,
            feedback_at: p.feedback && p.closedAt ? Math.round(p.closedAt + 600_000) : null,
            last_direction: p.status === 'open' && rand() < 0.5 ? 'in' : 'out',
            last_kind: 'text',
            last_at: Math.round(p.closedAt ?? p.firstResponse),
          })),
        )
        .returning('id')
        .execute();

      const messageRows: Array<Insertable<MessagesTable>> = [];
      const reports = [];
      const referrals = [];
      const emergencies = [];
      const spotting = [];
      for (const [i, p] of plans.entries()) {
        const caseId = caseRows[i]?.id as number;
        const lang = clientLang[p.clientIndex] === 'en' ? 'en' : 'ru';
        const span = (p.closedAt ?? p.firstResponse + 3_600_000) - p.openedAt;
        for (let m = 0; m < p.count; m++) {
          const incoming = m % 2 === 0;
          messageRows.push({
            case_id: caseId,
            direction: incoming ? 'in' : 'out',
            kind: rand() < 0.05 && incoming ? 'photo' : 'text',
            body_sealed: seal(incoming ? pick(PHRASES[p.need][lang]) : pick(REPLIES[lang])),
            media_sealed: null,
            client_message_id: null,
            staff_message_id: null,
            update_id: null,
            staff_id: incoming ? null : p.assignee,
            created_at: Math.round(p.openedAt + (span * m) / p.count),
          });
        }
        if (p.status === 'closed') {
          const services = [...new Set(p.needs.flatMap((n) => SERVICES_FOR[n as DemoNeed]))];
          reports.push({
            case_id: caseId,
            needs: JSON.stringify(p.needs),
            services: JSON.stringify(services),
            phone_call: weighted(rand, { not_offered: 60, offered_declined: 30, offered_accepted: 10 }),
            request_summary: REQUEST_SUMMARY[p.need],
            services_summary: `Gave: ${services.join(', ').replace(/_/g, ' ')}.`,
            outcome: services.includes('referral') ? 'referred' : weighted(rand, { resolved: 70, partly_resolved: 20, no_response: 10 }),
            complete: 1,
            author_staff_id: p.assignee,
            created_at: Math.round(p.closedAt ?? p.openedAt),
            updated_at: Math.round(p.closedAt ?? p.openedAt),
          });
          if (services.includes('referral')) {
            const status = weighted(rand, { made: 30, attended: 25, completed: 35, not_attended: 10 });
            referrals.push({ case_id: caseId, target: pick(REFERRAL_TARGETS), status, note: null, created_at: Math.round(p.closedAt ?? p.openedAt), updated_at: Math.round((p.closedAt ?? p.openedAt) + 7 * DAY) });
          }
        }
        if (p.urgent) {
          emergencies.push({ case_id: caseId, kind: 'overdose', trigger: 'triage', started_at: Math.round(p.openedAt + 800), last_step: 'ambulance', last_step_at: Math.round(p.openedAt + 120_000), first_human_at: Math.round(p.firstResponse), alerts_sent: 1 + int(2) });
        }
        if (rand() < 0.02) {
          const escalated = rand() < 0.1;
          spotting.push({ client_id: clientIds[p.clientIndex] as number, state: 'ended', duration_min: pick([5, 10, 15, 20, 30]), ends_at: Math.round(p.openedAt + 900_000), asks: escalated ? 2 : 1, generation: 1, responder_sealed: null, case_id: escalated ? caseId : null, created_at: Math.round(p.openedAt), escalated_at: escalated ? Math.round(p.openedAt + 1_080_000) : null, ended_at: Math.round(p.openedAt + 1_200_000) });
        }
      }
      for (let m = 0; m < messageRows.length; m += 1000) await trx.insertInto('messages').values(messageRows.slice(m, m + 1000)).execute();
      messages += messageRows.length;
      if (reports.length > 0) await trx.insertInto('work_reports').values(reports).execute();
      if (referrals.length > 0) await trx.insertInto('referrals').values(referrals).execute();
      if (emergencies.length > 0) await trx.insertInto('emergencies').values(emergencies).execute();
      if (spotting.length > 0) await trx.insertInto('spotting_sessions').values(spotting).execute();
    });
    options.onProgress?.(Math.min(options.cases, offset + 500), options.cases);
  }
  await db
    .insertInto('settings')
    .values({ key: DEMO_SETTING, value: JSON.stringify({ seed: options.seed, cases: options.cases, months: options.months, until: options.until.toISOString().slice(0, 10) }), updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value') }))
    .execute();
  return { clients: clientCount, cases: options.cases, messages };
}

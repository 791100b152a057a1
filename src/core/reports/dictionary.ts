/**
 * Labels of every code that appears in reports and exports, in English and Russian, for
 * the data dictionary of an export and for table headings.
 */
import { NEED_CODES, NEED_THEME, type NeedCode } from '../codebook.ts';
import type { CASE_CHANNELS as CHANNELS } from '../types.ts';
import type { OUTCOMES, PHONE_CALL, REFERRAL_STATUSES, REFERRAL_TARGETS, SERVICE_CODES } from '../work-report.ts';

/** An English and a Russian label. */
export interface Label {
  en: string;
  ru: string;
}

export const NEED_LABELS: Record<NeedCode, Label> = {
  injection_minor: { en: 'Minor injection complications (treatable without a doctor in person)', ru: 'Лёгкие осложнения от инъекций (без очного врача)' },
  info_hr_hiv_hcv: { en: 'Information on harm reduction, HIV and HCV', ru: 'Информация о снижении вреда, ВИЧ и ВГС' },
  info_detox: { en: 'Information on at-home detoxification', ru: 'Информация о детоксикации на дому' },
  info_covid: { en: 'Information tied to an epidemic emergency (COVID-19)', ru: 'Информация в связи с эпидемией (COVID-19)' },
  psych_support: { en: 'General psychological support', ru: 'Общая психологическая поддержка' },
  offline_services: { en: 'Medical, psychological, social and legal services', ru: 'Медицинские, психологические, социальные и юридические услуги' },
  injection_severe: { en: 'Severe injection complications (need a doctor in person)', ru: 'Тяжёлые осложнения от инъекций (нужен очный врач)' },
  hr_services: { en: 'Getting specific harm-reduction services', ru: 'Получение услуг снижения вреда' },
  overdose: { en: 'Overdoses', ru: 'Передозировки' },
  other: { en: 'Outside the themes: greetings, thanks, unclear messages', ru: 'Вне тем: приветствия, благодарности, неясные сообщения' },
};

export const THEME_LABELS: Record<'1' | '2' | 'none', Label> = {
  '1': { en: 'Theme 1: needs that can be met fully online', ru: 'Тема 1: потребности, которые можно закрыть полностью онлайн' },
  '2': { en: 'Theme 2: needs met partly online and partly offline', ru: 'Тема 2: потребности, закрываемые частично онлайн, частично офлайн' },
  none: { en: 'Outside the themes', ru: 'Вне тем' },
};

export const SERVICE_LABELS: Record<(typeof SERVICE_CODES)[number], Label> = {
  information: { en: 'Verified information given', ru: 'Дана проверенная информация' },
  verified_advice: { en: 'Advice verified by medical staff', ru: 'Совет, проверенный медиками' },
  peer_support: { en: 'Peer support from own experience', ru: 'Поддержка равного консультанта' },
  overdose_guidance: { en: 'Overdose guidance (guide, ambulance, naloxone)', ru: 'Инструкция при передозировке (гайд, скорая, налоксон)' },
  stayed_until_ambulance: { en: 'Stayed in contact until the ambulance arrived', ru: 'Был на связи до приезда скорой' },
  referral: { en: 'Referred to a staff member or service', ru: 'Перенаправление к сотруднику или в службу' },
  invited_mobile_unit: { en: 'Invited to the mobile unit', ru: 'Приглашение в мобильный пункт' },
};

export const REFERRAL_TARGET_LABELS: Record<(typeof REFERRAL_TARGETS)[number], Label> = {
  org_doctor: { en: "The organisation's doctor", ru: 'Врач организации' },
  org_psychologist: { en: "The organisation's psychologist", ru: 'Психолог организации' },
  org_lawyer: { en: "The organisation's lawyer", ru: 'Юрист организации' },
  org_social_worker: { en: "The organisation's social worker", ru: 'Социальный работник организации' },
  aids_centre: { en: 'AIDS centre', ru: 'СПИД-центр' },
  clinic: { en: 'Clinic', ru: 'Клиника' },
  mobile_unit: { en: 'Mobile unit', ru: 'Мобильный пункт' },
};

export const REFERRAL_STATUS_LABELS: Record<(typeof REFERRAL_STATUSES)[number], Label> = {
  made: { en: 'Referral made, no follow-up yet', ru: 'Направлен, результата пока нет' },
  attended: { en: 'The client attended', ru: 'Клиент дошёл' },
  not_attended: { en: 'The client did not attend', ru: 'Клиент не дошёл' },
  completed: { en: 'Completed, outcome known', ru: 'Завершено, результат известен' },
};

export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], Label> = {
  private: { en: 'Private chat with the bot', ru: 'Личный чат с ботом' },
  group: { en: 'Community group chat', ru: 'Групповой чат сообщества' },
  web: { en: 'Web', ru: 'Веб' },
};

export const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], Label> = {
  resolved: { en: 'Resolved', ru: 'Решено' },
  partly_resolved: { en: 'Partly resolved', ru: 'Решено частично' },
  referred: { en: 'Referred', ru: 'Перенаправлен' },
  no_response: { en: 'The client stopped answering', ru: 'Клиент перестал отвечать' },
  declined: { en: 'The client declined', ru: 'Клиент отказался' },
};

export const PHONE_CALL_LABELS: Record<(typeof PHONE_CALL)[number], Label> = {
  not_offered: { en: 'A phone call was not offered', ru: 'Звонок не предлагали' },
  offered_accepted: { en: 'A phone call was offered and accepted', ru: 'Звонок предложен и принят' },
  offered_declined: { en: 'A phone call was offered and declined', ru: 'Звонок предложен, клиент отказался' },
};

export const FEEDBACK_LABELS: Record<'helped' | 'partly' | 'not_helped', Label> = {
  helped: { en: 'The client said it helped', ru: 'Клиент ответил: помогло' },
  partly: { en: 'Helped partly', ru: 'Помогло частично' },
  not_helped: { en: 'Did not help', ru: 'Не помогло' },
};

/** The theme of a need code ('none' for `other` or unknown codes). */
export function themeOf(code: string): '1' | '2' | 'none' {
  const theme = (NEED_THEME as Record<string, 1 | 2 | null | undefined>)[code];
  return theme === 1 ? '1' : theme === 2 ? '2' : 'none';
}

/** One entry of the code list: which list it belongs to, the code and its labels. */
export interface CodeEntry extends Label {
  list: string;
  code: string;
  theme: string;
}

/** Every code used in exports, list by list. */
export function codeList(): CodeEntry[] {
  const entries = <T extends string>(list: string, labels: Record<T, Label>, theme: (code: T) => string = () => '') =>
    (Object.entries(labels) as Array<[T, Label]>).map(([code, l]) => ({ list, code, theme: theme(code), en: l.en, ru: l.ru }));
  return [
    ...NEED_CODES.map((code) => ({ list: 'need', code, theme: themeOf(code), en: NEED_LABELS[code].en, ru: NEED_LABELS[code].ru })),
    ...entries('service', SERVICE_LABELS),
    ...entries('referral_target', REFERRAL_TARGET_LABELS),
    ...entries('referral_status', REFERRAL_STATUS_LABELS),
    ...entries('channel', CHANNEL_LABELS),
    ...entries('outcome', OUTCOME_LABELS),
    ...entries('phone_call', PHONE_CALL_LABELS),
    ...entries('feedback', FEEDBACK_LABELS),
  ];
}

/**
 * The anonymised report dataset as tables: the columns every export shares (CSV, XLSX,
 * JSON), each described for the data dictionary. Never message text, Telegram ids or names:
 * only codes, the client's human code, coded fields and the worker's alias.
 */
import { NEED_CODES } from '../codebook.ts';
import type { StudyTable, WorkReportRow } from '../read-models.ts';
import { SERVICE_CODES } from '../work-report.ts';
import { NEED_LABELS, SERVICE_LABELS, themeOf, type Label } from './dictionary.ts';

/** A column of an exported table with what it means. */
export interface Column extends Label {
  name: string;
}

/** A table ready to write: column names (the header) and rows of cells. */
export interface Table {
  name: string;
  columns: Column[];
  rows: Array<Array<string | number>>;
}

const flag = (yes: boolean) => (yes ? 1 : 0);

/** Columns of the case-level dataset, in order; need and service columns are named by their codes. */
export const CASE_COLUMNS: Column[] = [
  { name: 'case_id', en: 'Case number in this database', ru: 'Номер обращения в этой базе' },
  { name: 'date', en: 'Date of contact (the case opened), YYYY-MM-DD in the organisation’s timezone', ru: 'Дата обращения, ГГГГ-ММ-ДД по часовому поясу организации' },
  { name: 'client_code', en: 'The client’s anonymous code (the same client keeps the same code)', ru: 'Анонимный код клиента (у одного клиента один код)' },
  { name: 'channel', en: 'Where the request came from (see the channel codes)', ru: 'Откуда пришёл запрос (см. коды channel)' },
  { name: 'after_hours', en: '1 when the case opened outside working hours', ru: '1, если обращение пришло в нерабочее время' },
  { name: 'urgent', en: '1 when the case was marked urgent (a life in danger)', ru: '1, если обращение срочное (угроза жизни)' },
  { name: 'coded', en: '1 when a work report was written; 0 leaves the coded columns empty', ru: '1, если заполнен отчёт о работе; при 0 кодированные поля пусты' },
  { name: 'theme_1', en: '1 when any need is in theme 1 (met fully online)', ru: '1, если есть потребность темы 1 (полностью онлайн)' },
  { name: 'theme_2', en: '1 when any need is in theme 2 (partly online, partly offline)', ru: '1, если есть потребность темы 2 (частично офлайн)' },
  ...NEED_CODES.map((code) => ({ name: code, en: `Need (1 = coded): ${NEED_LABELS[code].en}`, ru: `Потребность (1 = отмечена): ${NEED_LABELS[code].ru}` })),
  ...SERVICE_CODES.map((code) => ({ name: code, en: `Service (1 = given): ${SERVICE_LABELS[code].en}`, ru: `Услуга (1 = оказана): ${SERVICE_LABELS[code].ru}` })),
  { name: 'referrals', en: 'Referrals as target:status separated by ";" (see the referral codes)', ru: 'Перенаправления в виде target:status через ";"' },
  { name: 'referrals_made', en: 'Number of referrals made', ru: 'Число перенаправлений' },
  { name: 'referrals_completed', en: 'Number of referrals with status completed', ru: 'Число завершённых перенаправлений' },
  { name: 'phone_call', en: 'Whether a phone call was offered (see the phone_call codes)', ru: 'Предлагался ли звонок (см. коды phone_call)' },
  { name: 'outcome', en: 'Outcome of the case (see the outcome codes)', ru: 'Итог обращения (см. коды outcome)' },
  { name: 'request_summary', en: 'The request, described by the worker without identifying details', ru: 'Запрос своими словами сотрудника, без личных данных' },
  { name: 'services_summary', en: 'The services, described by the worker', ru: 'Оказанные услуги своими словами сотрудника' },
  { name: 'worker_alias', en: 'The alias of the worker who wrote the report (or was assigned)', ru: 'Псевдоним сотрудника, заполнившего отчёт (или назначенного)' },
];

/** One case as a row of the case-level table (cells in the order of {@link CASE_COLUMNS}). */
export function caseRow(r: WorkReportRow): Array<string | number> {
  const coded = r.phoneCall !== null;
  const needs = new Set(r.needs);
  const services = new Set(r.services);
  const themes = new Set(r.needs.map(themeOf));
  const cell = (yes: boolean): number | string => (coded ? flag(yes) : '');
  return [
    r.caseId,
    r.date,
    r.clientCode,
    r.channel,
    flag(r.afterHours),
    flag(r.urgent),
    flag(coded),
    cell(themes.has('1')),
    cell(themes.has('2')),
    ...NEED_CODES.map((code) => cell(needs.has(code))),
    ...SERVICE_CODES.map((code) => cell(services.has(code))),
    r.referrals.map((x) => `${x.target}:${x.status}`).join(';'),
    r.referrals.length,
    r.referrals.filter((x) => x.status === 'completed').length,
    r.phoneCall ?? '',
    r.outcome ?? '',
    r.requestSummary,
    r.servicesSummary,
    r.workerAlias ?? '',
  ];
}

/** The case-level table: one row per case opened in the period. */
export function caseTable(rows: readonly WorkReportRow[]): Table {
  return { name: 'cases', columns: CASE_COLUMNS, rows: rows.map(caseRow) };
}

/** Columns of the study table (one row per need). */
export const STUDY_COLUMNS: Column[] = [
  { name: 'theme', en: 'Theme: 1 (fully online), 2 (partly offline) or none', ru: 'Тема: 1 (онлайн), 2 (частично офлайн) или none' },
  { name: 'need', en: 'Need code (sub-theme)', ru: 'Код потребности (подтема)' },
  { name: 'cases', en: 'Coded cases with this need ("<5" when 1-4 and small counts are suppressed)', ru: 'Обращения с этой потребностью ("<5" при 1-4, если малые числа скрыты)' },
  { name: 'share', en: 'Share of all coded cases (0-1); a case with two needs counts for both', ru: 'Доля от всех кодированных обращений (0-1)' },
  ...SERVICE_CODES.map((code) => ({ name: code, en: `Cases with this need given the service: ${SERVICE_LABELS[code].en}`, ru: `Обращения с этой потребностью, где оказана услуга: ${SERVICE_LABELS[code].ru}` })),
];

/** The study table flattened: one row per need with its services as columns. */
export function studyTableRows(study: StudyTable): Table {
  const rows: Table['rows'] = [];
  for (const theme of study.themes) {
    for (const need of theme.needs) {
      const services = new Map(need.services.map((s) => [s.code, s.count]));
      rows.push([theme.theme === null ? 'none' : theme.theme, need.code, need.count, need.share ?? '', ...SERVICE_CODES.map((code) => services.get(code) ?? 0)]);
    }
  }
  return { name: 'study', columns: STUDY_COLUMNS, rows };
}

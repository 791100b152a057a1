/**
 * Pure report builders: the work report rows, the study table and the analytics series
 * from what the report store aggregated. No database, no I/O: tests feed them directly.
 */
import { NEED_CODES } from '../codebook.ts';
import type { Analytics, StudyTable, WorkReportRow } from '../read-models.ts';
import { CASE_CHANNELS as CHANNELS } from '../types.ts';
import { REFERRAL_STATUSES, REFERRAL_TARGETS, SERVICE_CODES } from '../work-report.ts';
import type { AnalyticsData, CodedGroup, StoredCaseRow } from './ports.ts';
import { themeOf } from './dictionary.ts';
import { localDates, type Buckets, type ReportPeriod } from './period.ts';

/** Smallest count shown as a number when small counts are suppressed. */
export const SMALL_COUNT = 5;
/** A count, or "<5" when suppressed. */
export type Count = number | '<5';

/** "<5" for counts from 1 to 4; zero and larger counts as they are. */
export function suppress(n: number): Count {
  return n > 0 && n < SMALL_COUNT ? '<5' : n;
}

/** A JSON array of codes as stored; anything unreadable counts as no codes. */
export function codes(json: string | null): string[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? [...new Set(value.filter((x): x is string => typeof x === 'string'))] : [];
  } catch {
    return [];
  }
}

const share = (n: number, total: number): number | null => (total > 0 ? Math.round((n / total) * 10_000) / 10_000 : null);

/** The work report: one row per case, coded fields empty when no report was written (`dateOf`: made once for many pages). */
export function workReportRows(rows: readonly StoredCaseRow[], period: ReportPeriod, dateOf: (at: number) => string = localDates(period)): WorkReportRow[] {
  return rows.map((r) => ({
    caseId: r.caseId,
    date: dateOf(r.openedAt),
    clientCode: r.clientCode,
    channel: r.channel,
    needs: codes(r.needs),
    services: codes(r.services),
    referrals: r.referrals,
    phoneCall: r.phoneCall,
    requestSummary: r.requestSummary ?? '',
    servicesSummary: r.servicesSummary ?? '',
    outcome: r.outcome,
    workerAlias: r.workerAlias,
    afterHours: r.afterHours,
    urgent: r.urgent,
  }));
}

/** Counts of coded cases by need, by theme and by need × service. */
export interface CodedCounts {
  cases: number;
  coded: number;
  needs: Map<string, number>;
  themes: Map<'1' | '2' | 'none', number>;
  services: Map<string, number>;
  /** `need` → `service` → cases. */
  matrix: Map<string, Map<string, number>>;
}

const bump = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);

/** Adds up coded groups (all buckets together). A case with two needs counts once under each. */
export function countCoded(groups: readonly CodedGroup[]): CodedCounts {
  const counts: CodedCounts = { cases: 0, coded: 0, needs: new Map(), themes: new Map(), services: new Map(), matrix: new Map() };
  for (const g of groups) {
    counts.cases += g.count;
    if (g.needs === null) continue;
    counts.coded += g.count;
    const needs = codes(g.needs);
    const services = codes(g.services);
    for (const need of needs) {
      bump(counts.needs, need, g.count);
      const row = counts.matrix.get(need) ?? new Map<string, number>();
      for (const service of services) bump(row, service, g.count);
      counts.matrix.set(need, row);
    }
    for (const theme of new Set(needs.map(themeOf))) bump(counts.themes, theme, g.count);
    for (const service of services) bump(counts.services, service, g.count);
  }
  return counts;
}

/**
 * The study table: themes → needs (sub-themes) → cases, with the services matched to each,
 * as in the study's results. Counts are of coded cases (cases with a work report); shares
 * are of all coded cases, so a case with needs in two themes counts in both.
 */
export function studyTable(counts: CodedCounts, period: { from: string; to: string }, options: { suppressSmall: boolean }): StudyTable {
  const count = (n: number): Count => (options.suppressSmall ? suppress(n) : n);
  const shareOf = (n: number) => (options.suppressSmall && n > 0 && n < SMALL_COUNT ? null : share(n, counts.coded));
  const themes = ([1, 2, null] as const).map((theme) => {
    const key = theme === null ? 'none' : (String(theme) as '1' | '2');
    const needs = NEED_CODES.filter((code) => themeOf(code) === key).map((code) => {
      const n = counts.needs.get(code) ?? 0;
      const services = [...(counts.matrix.get(code) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([service, c]) => ({ code: service, count: count(c) }));
      return { code, count: count(n), share: shareOf(n), services };
    });
    const n = counts.themes.get(key) ?? 0;
    return { theme, count: count(n), share: shareOf(n), needs };
  });
  return { period: { from: period.from, to: period.to }, totalCases: count(counts.coded), themes };
}

function percentileOf(histogram: ReadonlyArray<{ value: number; count: number }>, p: number): number | null {
  const sorted = [...histogram].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, x) => s + x.count, 0);
  if (total === 0) return null;
  // Nearest rank: the smallest value with at least p% of observations at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const x of sorted) {
    seen += x.count;
    if (seen >= rank) return x.value;
  }
  return sorted[sorted.length - 1]?.value ?? null;
}

type Row = Record<string, string | number | null>;

/**
 * The analytics dashboard: each series a table a chart draws. With `suppressSmall`, counts
 * from 1 to 4 become "<5" and shares computed from them are left out (for public sharing).
 */
export function analytics(data: AnalyticsData, period: ReportPeriod, buckets: Buckets & { bucket: 'week' | 'month' }, options: { suppressSmall: boolean }): Analytics {
  const c = (n: number): number | string => (options.suppressSmall ? suppress(n) : n);
  const s = (n: number, total: number) => (options.suppressSmall && n > 0 && n < SMALL_COUNT ? null : share(n, total));
  const counts = countCoded(data.coded);

  const needsByTheme: Row[] = (['1', '2', 'none'] as const).map((theme) => ({ theme, count: c(counts.themes.get(theme) ?? 0), share: s(counts.themes.get(theme) ?? 0, counts.coded) }));
  const needs: Row[] = NEED_CODES.map((need) => ({ theme: themeOf(need), need, count: c(counts.needs.get(need) ?? 0), share: s(counts.needs.get(need) ?? 0, counts.coded) }));

  const overTime: Row[] = buckets.labels.map((label, i) => {
    const inBucket = countCoded(data.coded.filter((g) => g.bucket === i));
    const row: Row = { bucket: label, cases: c(inBucket.cases), coded: c(inBucket.coded) };
    for (const need of NEED_CODES) row[need] = c(inBucket.needs.get(need) ?? 0);
    return row;
  });

  const services: Row[] = SERVICE_CODES.map((service) => ({ service, count: c(counts.services.get(service) ?? 0), share: s(counts.services.get(service) ?? 0, counts.coded) }));
  const needServices: Row[] = NEED_CODES.map((need) => {
    const row: Row = { need, cases: c(counts.needs.get(need) ?? 0) };
    for (const service of SERVICE_CODES) row[service] = c(counts.matrix.get(need)?.get(service) ?? 0);
    return row;
  });

  const referralCount = (target: string, status?: string) => data.referrals.filter((r) => r.target === target && (status === undefined || r.status === status)).reduce((sum, r) => sum + r.count, 0);
  const targets = [...new Set([...REFERRAL_TARGETS, ...data.referrals.map((r) => r.target)])];
  const referrals: Row[] = targets.map((target) => {
    const row: Row = { target, total: c(referralCount(target)) };
    for (const status of REFERRAL_STATUSES) row[status] = c(referralCount(target, status));
    return row;
  });
  const referralsMade = data.referrals.reduce((sum, r) => sum + r.count, 0);
  const referralsCompleted = data.referrals.filter((r) => r.status === 'completed').reduce((sum, r) => sum + r.count, 0);

  const responseTimes: Row[] = ([false, true] as const).map((afterHours) => {
    const histogram = data.response.filter((r) => r.afterHours === afterHours).map((r) => ({ value: r.minutes, count: r.count }));
    const n = histogram.reduce((sum, x) => sum + x.count, 0);
    const small = options.suppressSmall && n > 0 && n < SMALL_COUNT;
    return { hours: afterHours ? 'outside' : 'inside', cases: c(n), medianMinutes: small ? null : percentileOf(histogram, 50), p90Minutes: small ? null : percentileOf(histogram, 90) };
  });

  const total = data.mix.reduce((sum, r) => sum + r.count, 0);
  const afterHoursCount = data.mix.filter((r) => r.afterHours).reduce((sum, r) => sum + r.count, 0);
  const afterHours: Row[] = [
    { hours: 'inside', count: c(total - afterHoursCount), share: s(total - afterHoursCount, total) },
    { hours: 'outside', count: c(afterHoursCount), share: s(afterHoursCount, total) },
  ];
  const channelNames = [...new Set([...CHANNELS, ...data.mix.map((r) => r.channel)])];
  const channels: Row[] = channelNames.map((channel) => {
    const n = data.mix.filter((r) => r.channel === channel).reduce((sum, r) => sum + r.count, 0);
    return { channel, count: c(n), share: s(n, total) };
  });
  const feedbackCount = (value: string | null) => data.mix.filter((r) => r.feedback === value).reduce((sum, r) => sum + r.count, 0);
  const feedback: Row[] = (['helped', 'partly', 'not_helped'] as const).map((value) => ({ feedback: value, count: c(feedbackCount(value)) }));
  const feedbackGiven = ['helped', 'partly', 'not_helped'].reduce((sum, v) => sum + feedbackCount(v), 0);

  const returning = data.clients.total - data.clients.new;
  const clients: Row[] = [
    { kind: 'new', count: c(data.clients.new), share: s(data.clients.new, data.clients.total) },
    { kind: 'returning', count: c(returning), share: s(returning, data.clients.total) },
  ];
  const change = data.previousCases > 0 ? Math.round(((total - data.previousCases) / data.previousCases) * 1000) / 10 : null;
  const comparison: Row[] = [
    { period: 'previous', from: period.previous.from, to: period.previous.to, cases: c(data.previousCases) },
    { period: 'current', from: period.from, to: period.to, cases: c(total) },
  ];

  const kinds = [...new Set(data.emergencies.map((e) => e.kind))].sort();
  const seconds = (ms: number) => ({ value: Math.max(0, Math.round(ms / 1000)), count: 1 });
  const emergencies: Row[] = kinds.map((kind) => {
    const list = data.emergencies.filter((e) => e.kind === kind);
    const guidance = list.map((e) => seconds(e.startedAt - e.openedAt));
    const human = list.flatMap((e) => (e.firstHumanAt === null ? [] : [seconds(e.firstHumanAt - e.startedAt)]));
    const small = options.suppressSmall && list.length < SMALL_COUNT;
    return {
      kind,
      count: c(list.length),
      reachedHuman: c(human.length),
      medianGuidanceSeconds: small ? null : percentileOf(guidance, 50),
      p90GuidanceSeconds: small ? null : percentileOf(guidance, 90),
      medianHumanSeconds: small || human.length === 0 ? null : percentileOf(human, 50),
      p90HumanSeconds: small || human.length === 0 ? null : percentileOf(human, 90),
    };
  });
  const spotting: Row[] = buckets.labels.map((label, i) => {
    const row = data.spotting.find((x) => x.bucket === i);
    return { bucket: label, sessions: c(row?.sessions ?? 0), escalations: c(row?.escalations ?? 0) };
  });
  const sessions = data.spotting.reduce((sum, x) => sum + x.sessions, 0);
  const escalations = data.spotting.reduce((sum, x) => sum + x.escalations, 0);

  const t = (n: number): number | null => (options.suppressSmall && n > 0 && n < SMALL_COUNT ? null : n);
  return {
    period: { from: period.from, to: period.to, bucket: buckets.bucket },
    series: { needsByTheme, needs, needsOverTime: overTime, services, needServices, referrals, responseTimes, afterHours, channels, clients, periodComparison: comparison, feedback, emergencies, spotting },
    totals: {
      cases: t(total),
      codedCases: t(counts.coded),
      uncodedCases: t(total - counts.coded),
      afterHoursShare: s(afterHoursCount, total),
      clients: t(data.clients.total),
      newClients: t(data.clients.new),
      returningClients: t(returning),
      previousCases: t(data.previousCases),
      changePercent: options.suppressSmall && (total < SMALL_COUNT || data.previousCases < SMALL_COUNT) ? null : change,
      referralsMade: t(referralsMade),
      referralsCompleted: t(referralsCompleted),
      feedbackGiven: t(feedbackGiven),
      emergencies: t(data.emergencies.length),
      spottingSessions: t(sessions),
      spottingEscalations: t(escalations),
    },
  };
}

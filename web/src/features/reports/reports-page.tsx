/**
 * Reports for managers, funders and researchers: the study table, analytics charts with
 * their numbers, the work report and anonymised exports. Never a transcript.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { ResponseOf } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { ErrorBox, Loading, PageTitle, useAction, useSession } from '../../ui/common.tsx';
import { codeName, needList } from '../../ui/labels.ts';
import { ChartFigure, partialBucket, percent, type FigureSpec } from './chart-figure.tsx';

type Analytics = ResponseOf<'analytics'>;
type Study = ResponseOf<'studyTable'>;
type WorkRows = ResponseOf<'workReport'>;

/** The charts, in the order a report reads. */
const FIGURES: FigureSpec[] = [
  { key: 'needsByTheme', plot: ['count'], kind: 'bar' },
  { key: 'needs', plot: ['count'], kind: 'bar', category: 'need' },
  { key: 'needsOverTime', plot: ['cases', 'coded'], kind: 'line' },
  { key: 'services', plot: ['count'], kind: 'bar' },
  { key: 'needServices', plot: [], kind: 'table' },
  { key: 'referrals', plot: ['made', 'attended', 'completed', 'not_attended'], kind: 'bar', stacked: true },
  { key: 'responseTimes', plot: ['medianMinutes', 'p90Minutes'], kind: 'bar' },
  { key: 'afterHours', plot: ['count'], kind: 'bar' },
  { key: 'channels', plot: ['count'], kind: 'bar' },
  { key: 'clients', plot: ['count'], kind: 'bar' },
  { key: 'periodComparison', plot: ['cases'], kind: 'bar' },
  { key: 'feedback', plot: ['count'], kind: 'bar' },
  { key: 'emergencies', plot: ['medianGuidanceSeconds', 'medianHumanSeconds'], kind: 'bar' },
  { key: 'spotting', plot: ['sessions', 'escalations'], kind: 'line' },
];

const SHOWN_ROWS = 500;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

export function ReportsPage(): ReactNode {
  const { t, language } = useI18n();
  const { api } = useSession();
  const [from, setFrom] = useState(() => isoDay(Date.now() - 365 * 86_400_000));
  const [to, setTo] = useState(() => isoDay(Date.now()));
  const [bucket, setBucket] = useState<'week' | 'month'>('month');
  const [applied, setApplied] = useState({ from, to, bucket });
  const [format, setFormat] = useState<'csv' | 'xlsx' | 'json'>('xlsx');
  const [suppress, setSuppress] = useState(true);
  const [analytics, setAnalytics] = useState<Analytics | null>(null);
  const [study, setStudy] = useState<Study | null>(null);
  const [rows, setRows] = useState<WorkRows | null>(null);
  const load = useAction();

  useEffect(() => {
    setAnalytics(null);
    setStudy(null);
    setRows(null);
    void load.run(async () => {
      const period = { from: applied.from, to: applied.to };
      const [a, s, w] = await Promise.all([
        api.call('analytics', { query: { ...period, bucket: applied.bucket } }),
        api.call('studyTable', { query: period }),
        // The page shows the first cases; the export has them all (a year can be 100k rows).
        api.call('workReport', { query: { ...period, limit: SHOWN_ROWS } }),
      ]);
      setAnalytics(a);
      setStudy(s);
      setRows(w);
    });
  }, [api, applied, load.run]);

  const exportHref = `/api/reports/export?${new URLSearchParams({ from: applied.from, to: applied.to, format, suppressSmall: String(suppress) }).toString()}`;
  const fileStem = `netreach-${applied.from}-${applied.to}`;
  const title = (key: string) => t(`web-series-${key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`);
  const count = (v: number | string) => (typeof v === 'number' ? v.toLocaleString(language) : v);
  const pct = (v: number | null) => (v === null ? '—' : percent(v, language));
  const partial = (row: Record<string, string | number | null>) => typeof row.bucket === 'string' && partialBucket(row.bucket, applied, applied.bucket);

  return (
    <section>
      <PageTitle>{t('web-reports-title')}</PageTitle>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ from, to, bucket });
        }}
      >
        <div className="field inline">
          <label htmlFor="report-from">{t('web-reports-from')}</label>
          <input id="report-from" type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="report-to">{t('web-reports-to')}</label>
          <input id="report-to" type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="report-bucket">{t('web-reports-bucket')}</label>
          <select id="report-bucket" value={bucket} onChange={(e) => setBucket(e.target.value === 'week' ? 'week' : 'month')}>
            <option value="month">{t('web-reports-bucket-month')}</option>
            <option value="week">{t('web-reports-bucket-week')}</option>
          </select>
        </div>
        <button type="submit">{t('web-apply')}</button>
      </form>

      <div className="card">
        <h2>{t('web-reports-export')}</h2>
        <p className="hint">{t('web-reports-export-hint')}</p>
        <div className="toolbar">
          <div className="field inline">
            <label htmlFor="report-format">{t('web-reports-format')}</label>
            <select id="report-format" value={format} onChange={(e) => setFormat(e.target.value === 'csv' ? 'csv' : e.target.value === 'json' ? 'json' : 'xlsx')}>
              <option value="xlsx">XLSX</option>
              <option value="csv">CSV</option>
              <option value="json">JSON</option>
            </select>
          </div>
          <label className="check">
            <input type="checkbox" checked={suppress} onChange={(e) => setSuppress(e.target.checked)} /> {t('web-reports-suppress')}
          </label>
          <a className="button" href={exportHref} download data-testid="export-link">
            {t('web-reports-download')}
          </a>
        </div>
      </div>

      <ErrorBox error={load.error} />
      {!analytics && !load.error && <Loading />}

      {analytics && (
        <div className="totals" data-testid="report-totals">
          <p>
            {t('web-reports-total-cases')}: <strong>{typeof analytics.totals.cases === 'number' ? count(analytics.totals.cases) : '<5'}</strong>
            {' · '}
            {t('web-reports-after-hours-share')}: <strong>{pct(analytics.totals.afterHoursShare ?? null)}</strong>
          </p>
        </div>
      )}

      {study && (
        <section className="card" aria-labelledby="study-title">
          <h2 id="study-title">{t('web-reports-study')}</h2>
          <div className="table-wrap">
            <table className="table" data-testid="study-table">
              <thead>
                <tr>
                  <th scope="col">{t('web-reports-need')}</th>
                  <th scope="col">{t('web-col-count')}</th>
                  <th scope="col">{t('web-col-share')}</th>
                  <th scope="col">{t('web-reports-services-given')}</th>
                </tr>
              </thead>
              {study.themes.map((theme) => (
                <tbody key={String(theme.theme)}>
                  <tr className="theme-row">
                    <th scope="rowgroup">{theme.theme === null ? t('web-reports-theme-none') : t(theme.theme === 1 ? 'web-reports-theme-1' : 'web-reports-theme-2')}</th>
                    <td>{count(theme.count)}</td>
                    <td>{pct(theme.share)}</td>
                    <td />
                  </tr>
                  {theme.needs.map((need) => (
                    <tr key={need.code}>
                      <th scope="row" className="indent">
                        {needList(t, [need.code])}
                      </th>
                      <td>{count(need.count)}</td>
                      <td>{pct(need.share)}</td>
                      <td>{need.services.map((s) => `${codeName(t, 'service', s.code)} (${count(s.count)})`).join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        </section>
      )}

      {analytics && (
        <section aria-labelledby="analytics-title">
          <h2 id="analytics-title">{t('web-reports-analytics')}</h2>
          <div className="report-figures">
            {FIGURES.filter((f) => analytics.series[f.key]).map((f) => (
              <ChartFigure key={f.key} spec={f} rows={analytics.series[f.key] ?? []} title={title(f.key)} fileStem={fileStem} partial={f.kind === 'line' ? partial : undefined} />
            ))}
          </div>
        </section>
      )}

      {rows && (
        <section className="card" aria-labelledby="work-report-title">
          <h2 id="work-report-title">{t('web-reports-work-report', { count: typeof analytics?.totals.cases === 'number' ? analytics.totals.cases : rows.length })}</h2>
          {rows.length === 0 ? (
            <p>{t('web-reports-empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="work-report-rows">
                <thead>
                  <tr>
                    <th scope="col">{t('web-reports-date')}</th>
                    <th scope="col">{t('web-reports-client')}</th>
                    <th scope="col">{t('web-col-channel')}</th>
                    <th scope="col">{t('web-reports-need')}</th>
                    <th scope="col">{t('web-reports-services-given')}</th>
                    <th scope="col">{t('web-nav-referrals')}</th>
                    <th scope="col">{t('web-col-outcome')}</th>
                    <th scope="col">{t('web-reports-worker')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.caseId}>
                      <td>{r.date}</td>
                      <td>{r.clientCode}</td>
                      <td>{codeName(t, 'channel', r.channel)}</td>
                      <td>{needList(t, r.needs) || '—'}</td>
                      <td>{r.services.map((s) => codeName(t, 'service', s)).join(', ') || '—'}</td>
                      <td>{r.referrals.map((x) => `${codeName(t, 'referral', x.target)}: ${codeName(t, 'referral-status', x.status)}`).join('; ') || '—'}</td>
                      <td>{r.outcome ? codeName(t, 'outcome', r.outcome) : '—'}</td>
                      <td>{r.workerAlias ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {rows.length === SHOWN_ROWS && <p className="hint">{t('web-reports-first-rows', { shown: SHOWN_ROWS, count: typeof analytics?.totals.cases === 'number' ? analytics.totals.cases : SHOWN_ROWS })}</p>}
            </div>
          )}
        </section>
      )}
    </section>
  );
}

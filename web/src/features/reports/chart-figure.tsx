/**
 * One analytics series: a chart and, beside it, the same numbers as a table (the table is
 * the accessible version and what gets quoted), with downloads as SVG and PNG.
 */
import { useRef, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { hasMessage, useI18n, type T } from '../../i18n.ts';
import { codeName } from '../../ui/labels.ts';

export type Row = Record<string, string | number | null>;

/** Colours with at least 4.5:1 contrast on white (WCAG AA for the legend text and bars). */
const PALETTE = ['#0b5cad', '#b3261e', '#2e6b30', '#6a1b9a', '#8a4b00', '#00595e'];

/** Which codes a column's values are (so they show by name). */
const VALUE_PREFIX: Record<string, string> = { need: 'need', service: 'service', target: 'referral', channel: 'channel', feedback: 'feedback' };

/** The name of a column. */
export function columnName(t: T, column: string): string {
  // Digits count as the end of a word too: `p90Minutes` is `p90-minutes`.
  const key = `web-col-${column.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase()}`;
  if (hasMessage(key)) return t(key);
  for (const prefix of ['need', 'service', 'referral-status']) {
    const named = codeName(t, prefix, column);
    if (named !== column) return named;
  }
  return column;
}

/** A share as a percentage that never wraps: a no-break space before the sign. */
export function percent(share: number, language: string): string {
  return `${(share * 100).toLocaleString(language, { maximumFractionDigits: 1 })}\u00a0%`;
}

/**
 * Whether a bucket of an over-time series (`YYYY-MM` month or `YYYY-MM-DD` week start) is cut
 * by the period: a month or week the period starts inside or ends before the end of.
 */
export function partialBucket(label: string, period: { from: string; to: string }, bucket: 'week' | 'month'): boolean {
  const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
  if (bucket === 'month') {
    if (!/^\d{4}-\d{2}$/.test(label)) return false;
    const [y, m] = label.split('-').map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    return (period.from.slice(0, 7) === label && !period.from.endsWith('-01')) || (period.to.slice(0, 7) === label && period.to !== lastDay);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(label)) return false;
  const start = day(label);
  // 1970-01-01 was a Thursday: (d + 3) % 7 === 0 on Mondays.
  const firstIsMonday = (day(period.from) + 3) % 7 === 0;
  if (label === period.from && !firstIsMonday) return true;
  return day(period.to) >= start && day(period.to) < start + 6;
}

/** A cell's text: codes by name, shares as percentages, the rest as they are. */
export function cellText(t: T, column: string, value: string | number | null, language: string): string {
  if (value === null) return '—';
  if (typeof value === 'number') return column === 'share' || column.endsWith('Share') ? percent(value, language) : value.toLocaleString(language);
  const prefix = VALUE_PREFIX[column];
  if (prefix) return codeName(t, prefix, value);
  const key = `web-rv-${value.replace(/_/g, '-')}`;
  return hasMessage(key) ? t(key) : value;
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function svgOf(container: HTMLElement | null): string | undefined {
  const svg = container?.querySelector('svg');
  if (!svg) return undefined;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('font-family', 'system-ui, sans-serif');
  return new XMLSerializer().serializeToString(copy);
}

/** Draws the SVG onto a white canvas and saves it as PNG. */
function downloadPng(name: string, svg: string, width: number, height: number): void {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  image.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d');
    if (!context) return;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    URL.revokeObjectURL(url);
    canvas.toBlob((blob) => blob && download(`${name}.png`, blob), 'image/png');
  };
  image.src = url;
}

export interface FigureSpec {
  /** The series in the analytics response. */
  key: string;
  /** Numeric columns to draw; the first column of a row is the category. */
  plot: string[];
  kind: 'bar' | 'line' | 'table';
  stacked?: boolean;
  /** The column that names a bar or point (default: the first). */
  category?: string;
}

/** A chart with its table and downloads. */
export function ChartFigure({ spec, rows, title, fileStem, partial }: { spec: FigureSpec; rows: Row[]; title: string; fileStem: string; partial?: (row: Row) => boolean }): ReactNode {
  const { t, language } = useI18n();
  const chartRef = useRef<HTMLDivElement>(null);
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  const category = spec.category ?? columns[0] ?? 'label';
  // Suppressed counts ("<5") are drawn as nothing rather than as a made-up number.
  // A bucket the period cuts short (the month still running) is not drawn: its smaller count
  // would read as a cliff. The table has it, marked.
  const cut = rows.map((r) => partial?.(r) ?? false);
  const labelOf = (r: Row, i: number) => {
    const text = cellText(t, category, r[category] ?? null, language);
    return cut[i] ? t('web-reports-partial-bucket', { label: text }) : text;
  };
  const data = rows.map((r, i) => {
    const point: Record<string, string | number | null> = { label: labelOf(r, i) };
    for (const c of spec.plot) point[c] = typeof r[c] === 'number' && !cut[i] ? r[c] : null;
    return point;
  });
  const width = Math.max(320, Math.min(720, 80 + rows.length * 56));
  const height = 280;
  const name = `${fileStem}-${spec.key}`;
  const headingId = `figure-${spec.key}`;

  return (
    <figure className="report-figure" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <div className="report-figure-body">
        {spec.kind !== 'table' && rows.length > 0 && (
          <div className="chart" ref={chartRef} aria-hidden="true">
            {spec.kind === 'line' ? (
              <LineChart width={width} height={height} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid stroke="#d0d5dd" strokeDasharray="3 3" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                <Tooltip />
                <Legend />
                {spec.plot.map((c, i) => (
                  <Line key={c} type="monotone" dataKey={c} name={columnName(t, c)} stroke={PALETTE[i % PALETTE.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
                ))}
              </LineChart>
            ) : (
              <BarChart width={width} height={height} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid stroke="#d0d5dd" strokeDasharray="3 3" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} angle={rows.length > 5 ? -25 : 0} textAnchor={rows.length > 5 ? 'end' : 'middle'} height={rows.length > 5 ? 70 : 30} />
                <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                <Tooltip />
                {spec.plot.length > 1 && <Legend />}
                {spec.plot.map((c, i) => (
                  <Bar key={c} dataKey={c} name={columnName(t, c)} fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} {...(spec.stacked ? { stackId: 'a' } : {})} />
                ))}
              </BarChart>
            )}
          </div>
        )}
        <div className="table-wrap">
          <table className="table" data-testid={`series-${spec.key}`}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {columnName(t, c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {columns.map((c, j) =>
                    j === 0 ? (
                      <th key={c} scope="row">
                        {c === category ? labelOf(r, i) : cellText(t, c, r[c] ?? null, language)}
                      </th>
                    ) : (
                      <td key={c}>{cellText(t, c, r[c] ?? null, language)}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {spec.kind !== 'table' && cut.some(Boolean) && (
        <p className="hint" data-testid={`partial-${spec.key}`}>
          {t('web-reports-partial-hint')}
        </p>
      )}
      {spec.kind !== 'table' && rows.length > 0 && (
        <div className="toolbar">
          <button
            type="button"
            className="small"
            onClick={() => {
              const svg = svgOf(chartRef.current);
              if (svg) download(`${name}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
            }}
          >
            {t('web-reports-download-svg')}
          </button>
          <button
            type="button"
            className="small"
            onClick={() => {
              const svg = svgOf(chartRef.current);
              if (svg) downloadPng(name, svg, width, height);
            }}
          >
            {t('web-reports-download-png')}
          </button>
        </div>
      )}
    </figure>
  );
}

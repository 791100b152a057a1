/**
 * The live inbox: filter chips, channel and client-code search; rows arrive through
 * server-sent events without reloading, urgent open cases pinned on top.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { CHANNELS, INBOX_FILTERS, type InboxCase } from '../../../../src/http/api/contract.ts';
import { relativeTime, useI18n } from '../../i18n.ts';
import { href } from '../../router.ts';
import { CodeSelect } from '../../ui/code-select.tsx';
import { ErrorBox, Loading, PageTitle, useSession } from '../../ui/common.tsx';
import { caseRef, codeName, needList } from '../../ui/labels.ts';
import { isPinned, sortInbox, upsertCase, type Channel, type InboxFilter, type InboxView } from './inbox-merge.ts';
import { useCaseEvents, type LiveStatus } from './live-events.ts';

const FILTER_KEY = 'netreach-inbox-filter';

function initialFilter(): InboxFilter {
  const stored = sessionStorage.getItem(FILTER_KEY);
  return (INBOX_FILTERS as readonly string[]).includes(stored ?? '') ? (stored as InboxFilter) : 'all';
}

/**
 * The inbox. `beside` is the case open next to it (the desk layout shows the list beside the
 * conversation): the list is then compact, its heading takes no focus and that case is marked.
 */
export function InboxPage({ liveStatus, beside }: { liveStatus: LiveStatus; beside?: number }): ReactNode {
  const { t, language } = useI18n();
  const { api, me } = useSession();
  const [filter, setFilter] = useState<InboxFilter>(initialFilter);
  const [channel, setChannel] = useState<Channel | ''>('');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<InboxCase[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [counts, setCounts] = useState<Partial<Record<InboxFilter, number>>>({});
  const countsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const view: InboxView = { filter, channel: channel || undefined, q: query || undefined, accountId: me.account.id };
  const viewRef = useRef(view);
  viewRef.current = view;

  useEffect(() => {
    sessionStorage.setItem(FILTER_KEY, filter);
  }, [filter]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  // The search field waits for a pause in typing before asking the server.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(q.trim()), 300);
    return () => clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    const controller = new AbortController();
    api.call('inbox', { query: { filter, channel: channel || undefined, q: query || undefined }, signal: controller.signal }).then(
      (page) => {
        setRows(sortInbox(page.cases));
        setNext(page.next);
        setError(null);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
  }, [api, filter, channel, query, tick]);

  // Counts per filter, for the filter control; refreshed (at most every half second) as cases change.
  const loadCounts = useCallback(() => {
    clearTimeout(countsTimer.current);
    countsTimer.current = setTimeout(() => {
      api.call('inboxCounts').then(setCounts, () => undefined);
    }, 500);
  }, [api]);
  useEffect(() => {
    api.call('inboxCounts').then(setCounts, () => undefined);
    return () => clearTimeout(countsTimer.current);
  }, [api, tick]);

  useCaseEvents(
    useCallback(
      (row: InboxCase) => {
        setRows((current) => (current ? upsertCase(current, row, viewRef.current) : current));
        loadCounts();
      },
      [loadCounts],
    ),
    useCallback(() => setTick((n) => n + 1), []),
  );
  const filterLabel = (f: InboxFilter) => (counts[f] === undefined ? codeName(t, 'filter', f) : t('web-inbox-filter-count', { filter: codeName(t, 'filter', f), count: counts[f] }));

  const loadMore = () => {
    if (!next) return;
    api.call('inbox', { query: { filter, channel: channel || undefined, q: query || undefined, before: next } }).then(
      (page) => {
        setRows((current) => sortInbox([...(current ?? []), ...page.cases.filter((c) => !current?.some((r) => r.id === c.id))]));
        setNext(page.next);
      },
      setError,
    );
  };

  return (
    <section className={beside === undefined ? 'inbox' : 'inbox compact'} aria-labelledby={beside === undefined ? undefined : 'inbox-beside-title'}>
      <div className="title-row">
        {beside === undefined ? <PageTitle>{t('web-inbox-title')}</PageTitle> : <h2 id="inbox-beside-title">{t('web-inbox-title')}</h2>}
        <span className={`live-status ${liveStatus}`} role="status" data-testid="live-status">
          <span aria-hidden="true">{liveStatus === 'live' ? '● ' : '○ '}</span>
          {t(`web-live-${liveStatus}`)}
        </span>
      </div>
      <div className="chips" role="group" aria-label={t('web-inbox-filters')}>
        {INBOX_FILTERS.map((f) => (
          <button key={f} type="button" className="chip" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {filterLabel(f)}
          </button>
        ))}
      </div>
      <div className="toolbar inbox-toolbar">
        {/* On a phone the chips fold into this one control (CSS shows one or the other). */}
        <div className="field inline filter-select">
          <label htmlFor="inbox-filter">{t('web-inbox-filters')}</label>
          <CodeSelect id="inbox-filter" codes={INBOX_FILTERS} value={filter} onChange={setFilter} label={filterLabel} />
        </div>
        <div className="field inline">
          <label htmlFor="inbox-channel">{t('web-inbox-channel')}</label>
          <CodeSelect id="inbox-channel" codes={CHANNELS} value={channel} onChange={setChannel} label={(c) => codeName(t, 'channel', c)} empty={t('web-inbox-channel-any')} />
        </div>
        <div className="field inline">
          <label htmlFor="inbox-search">{t('web-inbox-search')}</label>
          <input id="inbox-search" type="search" maxLength={16} placeholder={t('web-inbox-search-placeholder')} value={q} onChange={(e) => setQ(e.target.value)} autoCapitalize="characters" spellCheck={false} />
        </div>
      </div>
      <ErrorBox error={error} />
      {rows === null ? (
        !error && <Loading />
      ) : rows.length === 0 ? (
        <p className="empty">{t('web-inbox-empty')}</p>
      ) : (
        <ul className="case-list" data-testid="inbox-list" aria-label={t('web-inbox-list')}>
          {rows.map((row) => (
            <InboxRow key={row.id} row={row} now={now} language={language} current={row.id === beside} />
          ))}
        </ul>
      )}
      {next && (
        <button type="button" onClick={loadMore}>
          {t('web-load-more')}
        </button>
      )}
    </section>
  );
}

function InboxRow({ row, now, language, current }: { row: InboxCase; now: number; language: 'ru' | 'en'; current: boolean }): ReactNode {
  const { t } = useI18n();
  const pinned = isPinned(row);
  const last = row.lastDirection === 'in' ? t('web-inbox-last-client') : row.lastDirection === 'out' ? t('web-inbox-last-worker') : row.lastDirection === 'note' ? t('web-inbox-last-note') : '';
  return (
    <li className={`case-row${pinned ? ' urgent' : ''}${row.status === 'closed' ? ' closed' : ''}${current ? ' current' : ''}`} data-testid="inbox-row" data-case-id={row.id}>
      {pinned && (
        <span className="urgent-band">
          <span aria-hidden="true">⚠ </span>
          {t('web-urgent')}
        </span>
      )}
      <a className="case-link" href={href('cases', row.id)} aria-current={current ? 'page' : undefined}>
        <span className="client-code">{row.clientCode}</span>
        <span className="case-number">{caseRef(t, row.id)}</span>
      </a>
      <div className="case-meta">
        <span className="badge">{codeName(t, 'channel', row.channel)}</span>
        {row.status === 'closed' && <span className="badge neutral">{t('web-case-closed')}</span>}
        {row.doctorFlag && <span className="badge doctor">{t('web-case-for-doctor')}</span>}
        {row.afterHours && <span className="badge neutral">{t('web-after-hours')}</span>}
        {row.needs.length > 0 && <span className="needs">{needList(t, row.needs)}</span>}
      </div>
      <div className="case-meta secondary">
        <span>{row.assignee ? t('web-inbox-assignee', { alias: row.assignee.alias ?? '—' }) : t('web-inbox-unassigned')}</span>
        {last && (
          <span className={row.lastDirection === 'in' ? 'waiting-us' : undefined}>
            {last}
            {row.lastAt !== null ? ` · ${relativeTime(language, row.lastAt, now)}` : ''}
          </span>
        )}
      </div>
    </li>
  );
}

/**
 * One case: the transcript, the reply box, status and assignment, the work report and
 * the client's earlier cases as coded summaries. Refreshes itself on live events.
 */
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import type { CaseDetail, InboxCase } from '../../../../src/http/api/contract.ts';
import { formatDate, formatDateTime, useI18n } from '../../i18n.ts';
import { href } from '../../router.ts';
import { ErrorBox, Loading, PageTitle, useAction, useLoad, useSession } from '../../ui/common.tsx';
import { codeName, needList } from '../../ui/labels.ts';
import { useCaseEvents } from '../inbox/live-events.ts';
import { AssignPanel } from './assign-panel.tsx';
import { ReplyBox } from './reply-box.tsx';
import { Transcript } from './transcript.tsx';
import { WorkReportForm } from './work-report.tsx';

export function CasePage({ id }: { id: number }): ReactNode {
  const { t, language } = useI18n();
  const { api } = useSession();
  const detail = useLoad((signal) => api.call('caseDetail', { params: { id }, signal }), [api, id]);
  const action = useAction();
  const refetch = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { reload } = detail;

  // A live change to this case (a client message, a reply from the staff group) refetches it.
  const onCase = useCallback(
    (row: InboxCase) => {
      if (row.id !== id) return;
      clearTimeout(refetch.current);
      refetch.current = setTimeout(reload, 150);
    },
    [id, reload],
  );
  useCaseEvents(onCase, reload);
  useEffect(() => () => clearTimeout(refetch.current), []);

  const data = detail.data;
  if (!data) {
    return (
      <section>
        <p>
          <a href={href('inbox')}>← {t('web-back-to-inbox')}</a>
        </p>
        <ErrorBox error={detail.error} />
        {!detail.error && <Loading />}
      </section>
    );
  }
  const c = data.case;
  const closed = c.status === 'closed';
  const updateRow = (row: InboxCase) => detail.setData({ ...data, case: { ...data.case, ...row } } satisfies CaseDetail);
  const patch = (body: { urgent?: boolean; doctorFlag?: boolean }) => void action.run(async () => updateRow(await api.call('patchCase', { params: { id }, body })));

  return (
    <article className="case-page">
      <p>
        <a href={href('inbox')}>← {t('web-back-to-inbox')}</a>
      </p>
      <header className={`case-header${c.urgent && !closed ? ' urgent' : ''}`}>
        {c.urgent && !closed && (
          <p className="urgent-band">
            <span aria-hidden="true">⚠ </span>
            {t('web-urgent')}
          </p>
        )}
        <PageTitle>
          {t('web-case-title', { code: c.clientCode, id: c.id })}
        </PageTitle>
        <p className="case-meta">
          <span className={`badge ${closed ? 'neutral' : 'open'}`} data-testid="case-status">
            {closed ? t('web-case-closed') : t('web-case-open')}
          </span>
          <span className="badge">{codeName(t, 'channel', c.channel)}</span>
          {c.doctorFlag && <span className="badge doctor">{t('web-case-for-doctor')}</span>}
          {c.afterHours && <span className="badge neutral">{t('web-after-hours')}</span>}
          <span>{t('web-case-opened', { time: formatDateTime(language, c.openedAt) })}</span>
          {c.closedAt !== null && <span>{t('web-case-closed-at', { time: formatDateTime(language, c.closedAt) })}</span>}
          {c.needs.length > 0 && <span>{t('web-case-needs', { list: needList(t, c.needs) })}</span>}
          {c.feedback && <span>{t('web-case-feedback', { feedback: codeName(t, 'feedback', c.feedback) })}</span>}
        </p>
        {c.clientErased && (
          <p className="warning" role="note">
            {t('web-client-erased')}
          </p>
        )}
        {!c.clientErased && !c.clientReachable && (
          <p className="warning" role="note">
            {t('web-client-unreachable')}
          </p>
        )}
        <div className="actions">
          <button type="button" aria-pressed={c.urgent} disabled={action.busy || closed} onClick={() => patch({ urgent: !c.urgent })}>
            {c.urgent ? t('web-case-unmark-urgent') : t('web-case-mark-urgent')}
          </button>
          <button type="button" aria-pressed={c.doctorFlag} disabled={action.busy || closed} onClick={() => patch({ doctorFlag: !c.doctorFlag })}>
            {c.doctorFlag ? t('web-case-unmark-doctor') : t('web-case-mark-doctor')}
          </button>
          {closed && (
            <button type="button" disabled={action.busy} onClick={() => void action.run(async () => {
              updateRow(await api.call('reopen', { params: { id } }));
              reload();
            })}>
              {t('web-case-reopen')}
            </button>
          )}
        </div>
        <ErrorBox error={action.error} />
      </header>

      <div className="case-columns">
        <div className="case-main">
          <section aria-labelledby="transcript-title">
            <h2 id="transcript-title">{t('web-transcript')}</h2>
            <Transcript caseId={c.id} messages={data.messages} />
          </section>
          {closed ? (
            <p className="notice">{t('web-case-closed-no-reply')}</p>
          ) : (
            <ReplyBox caseId={c.id} clientLanguage={c.clientLanguage} disabled={closed || c.clientErased} onSent={(m) => (m ? detail.setData({ ...data, messages: [...data.messages.filter((x) => x.id !== m.id), m] }) : reload())} />
          )}
          <WorkReportForm key={`${c.id}-${closed}`} caseId={c.id} report={data.report} triageNeeds={c.needs} closed={closed} onSaved={(report) => detail.setData({ ...data, report })} onClosed={reload} />
        </div>
        <aside className="case-side">
          <AssignPanel row={c} onChanged={updateRow} />
          <section className="panel" aria-labelledby="earlier-title">
            <h2 id="earlier-title">{t('web-earlier-title')}</h2>
            {data.earlier.length === 0 ? (
              <p className="muted">{t('web-earlier-none')}</p>
            ) : (
              <ul className="earlier">
                {data.earlier.map((e) => (
                  <li key={e.id}>
                    <a href={href('cases', e.id)}>#{e.id}</a> · {formatDate(language, e.openedAt)}
                    {e.closedAt !== null && ` – ${formatDate(language, e.closedAt)}`}
                    <div>{t('web-case-needs', { list: e.needs.length ? needList(t, e.needs) : '—' })}</div>
                    <div>{t('web-earlier-services', { list: e.services.length ? e.services.map((s) => codeName(t, 'service', s)).join(', ') : '—' })}</div>
                    <div>{t('web-earlier-outcome', { outcome: e.outcome ? codeName(t, 'outcome', e.outcome) : '—' })}</div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </article>
  );
}

/**
 * One case: the transcript, the reply box, status and assignment, the work report and
 * the client's earlier cases as coded summaries. Refreshes itself on live events.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { CaseDetail, InboxCase } from '../../../../src/http/api/contract.ts';
import { formatDate, formatDateTime, useI18n } from '../../i18n.ts';
import { href } from '../../router.ts';
import { ErrorBox, Loading, PageTitle, useAction, useLoad, useSession } from '../../ui/common.tsx';
import { caseRef, codeName, needList } from '../../ui/labels.ts';
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
  // The work report is its own step: the conversation, or the report (and closing), never both down one long page.
  const [step, setStep] = useState<'conversation' | 'report'>('conversation');
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    stepHeading.current?.focus();
  }, [step]);
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
      <p className="back">
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
          {t('web-case-title', { code: c.clientCode, number: caseRef(t, c.id) })}
        </PageTitle>
        <p className="case-meta">
          <span className={`badge ${closed ? 'neutral' : 'open'}`} data-testid="case-status">
            {closed ? t('web-case-closed') : t('web-case-open')}
          </span>
          <span className="badge">{codeName(t, 'channel', c.channel)}</span>
          {c.doctorFlag && <span className="badge doctor">{t('web-case-for-doctor')}</span>}
          {c.afterHours && <span className="badge neutral">{t('web-after-hours')}</span>}
          <span className="opened">{t('web-case-opened', { time: formatDateTime(language, c.openedAt) })}</span>
          {c.closedAt !== null && <span>{t('web-case-closed-at', { time: formatDateTime(language, c.closedAt) })}</span>}
          {c.needs.length > 0 && <span className="needs-line">{t('web-case-needs', { list: needList(t, c.needs) })}</span>}
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
        <AssignPanel row={c} onChanged={updateRow} />
        <div className="actions flags">
          {/* Toggles keep one name; whether they are on is their pressed state (and the ✓), never a changed label. */}
          <button type="button" className="toggle" data-testid="flag-urgent" aria-pressed={c.urgent && !closed} aria-describedby="flag-hint" disabled={action.busy || closed} onClick={() => patch({ urgent: !c.urgent })}>
            <span aria-hidden="true">{c.urgent && !closed ? '✓ ' : ''}</span>
            {t('web-case-flag-urgent')}
          </button>
          <button type="button" className="toggle" data-testid="flag-doctor" aria-pressed={c.doctorFlag} aria-describedby="flag-hint" disabled={action.busy || closed} onClick={() => patch({ doctorFlag: !c.doctorFlag })}>
            <span aria-hidden="true">{c.doctorFlag ? '✓ ' : ''}</span>
            {t('web-case-flag-doctor')}
          </button>
          {step === 'conversation' ? (
            <button type="button" className={closed ? 'step-button' : 'primary step-button'} onClick={() => setStep('report')} data-testid="open-report">
              {closed ? t('web-report-open-closed') : t('web-report-open')}
              {data.report?.complete ? ` · ${t('web-report-complete')}` : ''}
            </button>
          ) : (
            <button type="button" className="step-button" onClick={() => setStep('conversation')} data-testid="open-conversation">
              ← {t('web-report-back')}
            </button>
          )}
          <span id="flag-hint" className="hint">
            {t('web-case-flag-hint')}
          </span>
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
          {/* Both steps stay mounted (hidden, not removed), so a reply or report in progress survives switching. */}
          <div hidden={step !== 'conversation'} data-testid="step-conversation">
            <section aria-labelledby="transcript-title">
              <h2 id="transcript-title" ref={step === 'conversation' ? stepHeading : undefined} tabIndex={-1}>
                {t('web-transcript')}
              </h2>
              <Transcript caseId={c.id} messages={data.messages} />
            </section>
            {closed ? (
              <p className="notice">{t('web-case-closed-no-reply')}</p>
            ) : (
              <ReplyBox caseId={c.id} clientLanguage={c.clientLanguage} disabled={closed || c.clientErased} onSent={(m) => (m ? detail.setData({ ...data, messages: [...data.messages.filter((x) => x.id !== m.id), m] }) : reload())} />
            )}
          </div>
          <div hidden={step !== 'report'} data-testid="step-report">
            <WorkReportForm
              key={`${c.id}-${closed}`}
              headingRef={step === 'report' ? stepHeading : undefined}
              caseId={c.id}
              report={data.report}
              triageNeeds={c.needs}
              closed={closed}
              onSaved={(report) => detail.setData({ ...data, report })}
              onClosed={() => {
                reload();
                setStep('conversation');
              }}
            />
          </div>
        </div>
        <aside className="case-side">
          <section className="panel" aria-labelledby="earlier-title">
            <h2 id="earlier-title">{t('web-earlier-title')}</h2>
            {data.earlier.length === 0 ? (
              <p className="muted">{t('web-earlier-none')}</p>
            ) : (
              <ul className="earlier">
                {data.earlier.map((e) => (
                  <li key={e.id}>
                    <a href={href('cases', e.id)}>{caseRef(t, e.id)}</a> · {formatDate(language, e.openedAt)}
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

/**
 * The work report, coded in the needs codebook and required to close a case. Summaries
 * are written without identifying details (no names, places or phone numbers).
 */
import { useState, type ReactNode, type RefObject } from 'react';
import { NEED_CODES, OUTCOMES, PHONE_CALL, REFERRAL_STATUSES, REFERRAL_TARGETS, SERVICE_CODES, type WorkReport, type WorkReportBody } from '../../../../src/http/api/contract.ts';
import type { BodyOf } from '../../api.ts';
import { formatDateTime, useI18n } from '../../i18n.ts';
import { CodeSelect } from '../../ui/code-select.tsx';
import { CheckboxGroup, ErrorBox, useAction, useFieldErrors, useSession, type FieldSpec } from '../../ui/common.tsx';
import { codeName } from '../../ui/labels.ts';

type Draft = BodyOf<'saveReport'>;
type NeedCode = WorkReportBody['needs'][number];
type ServiceCode = WorkReportBody['services'][number];
type DraftReferral = Draft['referrals'][number];

/** The report's fields, for the list of what is missing or wrong and the focus on the first. */
const FIELDS: Record<string, FieldSpec> = {
  needs: { id: 'report-needs', label: 'web-report-needs' },
  services: { id: 'report-services', label: 'web-report-services' },
  referrals: { id: 'report-referrals', label: 'web-report-referrals', invalid: 'web-report-invalid-identifying' },
  phoneCall: { id: 'report-phone-call', label: 'web-report-phone-call' },
  requestSummary: { id: 'request-summary', label: 'web-report-request-summary', invalid: 'web-report-invalid-identifying' },
  servicesSummary: { id: 'services-summary', label: 'web-report-services-summary', invalid: 'web-report-invalid-identifying' },
  outcome: { id: 'outcome', label: 'web-report-outcome' },
  report: { id: 'report-needs', label: 'web-report-title' },
};

/** The form's starting point: the saved report, or the triage's needs and nothing else. */
export function initialDraft(report: WorkReport | null, triageNeeds: readonly string[]): Draft {
  if (report) {
    return {
      needs: report.needs,
      services: report.services,
      referrals: report.referrals.map((r) => ({ id: r.id, target: r.target, status: r.status, note: r.note })),
      phoneCall: report.phoneCall,
      requestSummary: report.requestSummary,
      servicesSummary: report.servicesSummary,
      outcome: report.outcome,
    };
  }
  return {
    needs: triageNeeds.filter((n): n is NeedCode => (NEED_CODES as readonly string[]).includes(n)),
    services: [],
    referrals: [],
    phoneCall: 'not_offered',
    requestSummary: '',
    servicesSummary: '',
    outcome: null,
  };
}

export function WorkReportForm({ caseId, report, triageNeeds, closed, onSaved, onClosed, headingRef }: { caseId: number; report: WorkReport | null; triageNeeds: readonly string[]; closed: boolean; onSaved(report: WorkReport): void; onClosed(): void; headingRef?: RefObject<HTMLHeadingElement | null> }): ReactNode {
  const { t, language } = useI18n();
  const { api } = useSession();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(report, triageNeeds));
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState<WorkReport | null>(report);
  const action = useAction();
  const { invalid } = useFieldErrors(action.error, FIELDS);

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };
  const changeReferral = (index: number, patch: Partial<DraftReferral>) => change({ referrals: draft.referrals.map((r, i) => (i === index ? { ...r, ...patch } : r)) });

  const save = async () => {
    const result = await api.call('saveReport', { params: { id: caseId }, body: draft });
    setSaved(result);
    setDirty(false);
    onSaved(result);
    return result;
  };

  const saveOnly = () => void action.run(save);
  const saveAndClose = () =>
    void action.run(async () => {
      if (dirty || !saved) await save();
      await api.call('close', { params: { id: caseId } });
      onClosed();
    });

  return (
    <form
      className="work-report"
      aria-labelledby="report-title"
      onSubmit={(e) => {
        e.preventDefault();
        saveOnly();
      }}
    >
      <h2 id="report-title" ref={headingRef} tabIndex={-1}>
        {t('web-report-title')}
      </h2>
      <p className="report-state" role="status">
        {saved ? (saved.complete ? t('web-report-complete') : t('web-report-draft')) : t('web-report-not-started')}
        {saved && ` · ${t('web-report-saved-at', { time: formatDateTime(language, saved.updatedAt), alias: saved.authorAlias ?? '—' })}`}
        {dirty && ` · ${t('web-report-unsaved')}`}
      </p>
      <CheckboxGroup id="report-needs" invalid={invalid('needs')} legend={t('web-report-needs')} hint={t('web-report-needs-hint')} options={NEED_CODES} value={draft.needs} onChange={(needs) => change({ needs })} label={(c) => codeName(t, 'need', c)} />
      <CheckboxGroup id="report-services" invalid={invalid('services')} legend={t('web-report-services')} options={SERVICE_CODES} value={draft.services as ServiceCode[]} onChange={(services) => change({ services })} label={(c) => codeName(t, 'service', c)} />

      <fieldset id="report-referrals" aria-invalid={invalid('referrals')}>
        <legend>{t('web-report-referrals')}</legend>
        {draft.referrals.length === 0 && <p className="muted">{t('web-report-no-referrals')}</p>}
        {draft.referrals.map((r, i) => (
          <div className="referral-row" key={r.id ?? `new-${i}`}>
            <div className="field inline">
              <label htmlFor={`ref-target-${i}`}>{t('web-referral-target')}</label>
              <CodeSelect id={`ref-target-${i}`} codes={REFERRAL_TARGETS} value={r.target} onChange={(target) => changeReferral(i, { target })} label={(target) => codeName(t, 'referral', target)} />
            </div>
            <div className="field inline">
              <label htmlFor={`ref-status-${i}`}>{t('web-referral-status')}</label>
              <CodeSelect id={`ref-status-${i}`} codes={REFERRAL_STATUSES} value={r.status ?? 'made'} onChange={(status) => changeReferral(i, { status })} label={(s) => codeName(t, 'referral-status', s)} />
            </div>
            <div className="field inline grow">
              <label htmlFor={`ref-note-${i}`}>{t('web-referral-note')}</label>
              <input id={`ref-note-${i}`} maxLength={300} value={r.note ?? ''} onChange={(e) => changeReferral(i, { note: e.target.value || null })} />
            </div>
            <button type="button" className="small" onClick={() => change({ referrals: draft.referrals.filter((_, j) => j !== i) })}>
              {t('web-remove')}
              <span className="visually-hidden"> {codeName(t, 'referral', r.target)}</span>
            </button>
          </div>
        ))}
        {draft.referrals.length < 10 && (
          <button type="button" onClick={() => change({ referrals: [...draft.referrals, { target: 'org_doctor', status: 'made', note: null }], services: draft.services.includes('referral') ? draft.services : [...draft.services, 'referral'] })}>
            {t('web-report-add-referral')}
          </button>
        )}
      </fieldset>

      <fieldset id="report-phone-call" aria-invalid={invalid('phoneCall')}>
        <legend>{t('web-report-phone-call')}</legend>
        <div className="radio-row">
          {PHONE_CALL.map((p) => (
            <label key={p} className="check">
              <input type="radio" name="phone-call" value={p} checked={draft.phoneCall === p} onChange={() => change({ phoneCall: p })} />
              <span>{codeName(t, 'phone', p)}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <p className="hint privacy-hint" id="summary-hint">
        {t('web-report-summary-hint')}
      </p>
      <div className="field">
        <label htmlFor="request-summary">{t('web-report-request-summary')}</label>
        <textarea id="request-summary" aria-invalid={invalid('requestSummary')} rows={3} maxLength={1000} aria-describedby="summary-hint" value={draft.requestSummary} onChange={(e) => change({ requestSummary: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="services-summary">{t('web-report-services-summary')}</label>
        <textarea id="services-summary" aria-invalid={invalid('servicesSummary')} rows={3} maxLength={1000} aria-describedby="summary-hint" value={draft.servicesSummary} onChange={(e) => change({ servicesSummary: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="outcome">{t('web-report-outcome')}</label>
        <CodeSelect id="outcome" invalid={invalid('outcome')} codes={OUTCOMES} value={draft.outcome ?? ''} onChange={(outcome) => change({ outcome: outcome || null })} label={(o) => codeName(t, 'outcome', o)} empty={t('web-report-outcome-none')} />
      </div>
      <ErrorBox error={action.error} fields={FIELDS} />
      <div className="actions">
        <button type="submit" disabled={action.busy} data-testid="report-save">
          {t('web-report-save')}
        </button>
        {!closed && (
          <button type="button" className="primary" disabled={action.busy} onClick={saveAndClose} data-testid="case-close">
            {t('web-case-close')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Referrals to follow up: made → attended → outcome, recorded per referral. */
import { useState, type ReactNode } from 'react';
import { REFERRAL_STATUSES } from '../../../../src/http/api/contract.ts';
import { formatDate, useI18n } from '../../i18n.ts';
import { href } from '../../router.ts';
import { CodeSelect } from '../../ui/code-select.tsx';
import { ErrorBox, Loading, PageTitle, useAction, useLoad, useSession } from '../../ui/common.tsx';
import { caseRef, codeName } from '../../ui/labels.ts';

type Status = (typeof REFERRAL_STATUSES)[number];

export function ReferralsPage(): ReactNode {
  const { t, language } = useI18n();
  const { api } = useSession();
  const [status, setStatus] = useState<Status | ''>('made');
  const list = useLoad((signal) => api.call('referrals', { query: { status: status || undefined }, signal }), [api, status]);
  const action = useAction();
  return (
    <section>
      <PageTitle>{t('web-referrals-title')}</PageTitle>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="ref-filter">{t('web-referral-status')}</label>
          <CodeSelect id="ref-filter" codes={REFERRAL_STATUSES} value={status} onChange={setStatus} label={(s) => codeName(t, 'referral-status', s)} empty={t('web-any')} />
        </div>
      </div>
      <ErrorBox error={list.error ?? action.error} />
      {!list.data && !list.error && <Loading />}
      {list.data?.length === 0 && <p className="muted">{t('web-referrals-empty')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('web-referrals-case')}</th>
                <th scope="col">{t('web-referral-target')}</th>
                <th scope="col">{t('web-referrals-made')}</th>
                <th scope="col">{t('web-referral-note')}</th>
                <th scope="col">{t('web-referral-status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={href('cases', r.caseId)}>
                      {r.clientCode} {caseRef(t, r.caseId)}
                    </a>
                  </td>
                  <td>{codeName(t, 'referral', r.target)}</td>
                  <td>{formatDate(language, r.createdAt)}</td>
                  <td>{r.note ?? '—'}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`ref-row-${r.id}`}>
                      {t('web-referral-status')} {r.clientCode}
                    </label>
                    <CodeSelect
                      id={`ref-row-${r.id}`}
                      codes={REFERRAL_STATUSES}
                      value={r.status}
                      disabled={action.busy}
                      onChange={(next) =>
                        void action.run(async () => {
                          await api.call('patchReferral', { params: { id: r.id }, body: { status: next } });
                          list.reload();
                        })
                      }
                      label={(s) => codeName(t, 'referral-status', s)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

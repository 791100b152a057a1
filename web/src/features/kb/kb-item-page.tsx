/** One knowledge-base item: its text, history, and for doctors the button to verify this version. */
import { useState, type ReactNode } from 'react';
import { formatDateTime, useI18n } from '../../i18n.ts';
import { href } from '../../router.ts';
import { can, ErrorBox, Loading, PageTitle, useAction, useLoad, useSession } from '../../ui/common.tsx';
import { codeName } from '../../ui/labels.ts';
import { VerificationBadge } from './verification-badge.tsx';

export function KbItemPage({ kind, id, lang }: { kind: string; id: string; lang: string }): ReactNode {
  const { t, language } = useI18n();
  const { api, me } = useSession();
  const detail = useLoad((signal) => api.call('kbItem', { params: { kind, id, lang }, signal }), [api, kind, id, lang]);
  const [months, setMonths] = useState(12);
  const verify = useAction();
  const data = detail.data;
  return (
    <article>
      <p>
        <a href={href('kb')}>← {t('web-kb-back')}</a>
      </p>
      <ErrorBox error={detail.error} />
      {!data && !detail.error && <Loading />}
      {data && (
        <>
          <PageTitle>{data.item.title}</PageTitle>
          <p className="case-meta">
            <span className="badge">{codeName(t, 'kb-kind', data.item.kind)}</span>
            <span>{data.item.lang.toUpperCase()}</span>
            <span>{t('web-kb-version', { version: data.item.version })}</span>
            <VerificationBadge item={data.item} />
          </p>
          {can(me.account.role, 'verify') && (
            <form
              className="panel verify"
              onSubmit={(e) => {
                e.preventDefault();
                void verify.run(async () => {
                  await api.call('kbVerify', { params: { kind, id, lang }, body: { version: data.item.version, reviewMonths: months } });
                  detail.reload();
                });
              }}
            >
              <p>{t('web-kb-verify-explain', { version: data.item.version })}</p>
              <div className="field inline">
                <label htmlFor="review-months">{t('web-kb-review-months')}</label>
                <select id="review-months" value={months} onChange={(e) => setMonths(Number(e.target.value))}>
                  {[3, 6, 12, 24].map((m) => (
                    <option key={m} value={m}>
                      {t('web-months', { count: m })}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="primary" disabled={verify.busy}>
                {t('web-kb-verify')}
              </button>
              <ErrorBox error={verify.error} />
            </form>
          )}
          <div className="kb-body">{data.body}</div>
          <h2>{t('web-kb-history')}</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('web-kb-when')}</th>
                <th scope="col">{t('web-kb-event')}</th>
                <th scope="col">{t('web-kb-version-col')}</th>
                <th scope="col">{t('web-kb-by')}</th>
              </tr>
            </thead>
            <tbody>
              {data.history.map((h, i) => (
                <tr key={i}>
                  <td>{formatDateTime(language, h.at)}</td>
                  <td>{codeName(t, 'kb-event', h.event)}</td>
                  <td>
                    <code>{h.version}</code>
                  </td>
                  <td>{h.byRole ? t(`web-role-${h.byRole}`) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}

/** The append-only audit log (admins), newest first, with an action filter and paging. */
import { useEffect, useState, type ReactNode } from 'react';
import type { ResponseOf } from '../../api.ts';
import { formatDateTime, useI18n } from '../../i18n.ts';
import { ErrorBox, Loading, PageTitle, useAction, useSession } from '../../ui/common.tsx';

type Entry = ResponseOf<'audit'>[number];
const PAGE = 100;

export function AuditPage(): ReactNode {
  const { t, language } = useI18n();
  const { api } = useSession();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [action, setAction] = useState('');
  const [applied, setApplied] = useState('');
  const [more, setMore] = useState(false);
  const load = useAction();

  useEffect(() => {
    setEntries(null);
    void load.run(async () => {
      const page = await api.call('audit', { query: { action: applied || undefined, limit: PAGE } });
      setEntries(page);
      setMore(page.length === PAGE);
    });
  }, [api, applied, load.run]);

  const loadMore = () =>
    void load.run(async () => {
      const last = entries?.[entries.length - 1];
      const page = await api.call('audit', { query: { action: applied || undefined, limit: PAGE, before: last?.id } });
      setEntries([...(entries ?? []), ...page]);
      setMore(page.length === PAGE);
    });

  return (
    <section>
      <PageTitle>{t('web-audit-title')}</PageTitle>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(action.trim());
        }}
      >
        <div className="field inline">
          <label htmlFor="audit-action">{t('web-audit-action-filter')}</label>
          <input id="audit-action" maxLength={40} value={action} onChange={(e) => setAction(e.target.value)} />
        </div>
        <button type="submit">{t('web-apply')}</button>
      </form>
      <ErrorBox error={load.error} />
      {!entries && !load.error && <Loading />}
      {entries && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('web-audit-when')}</th>
                <th scope="col">{t('web-audit-who')}</th>
                <th scope="col">{t('web-audit-action')}</th>
                <th scope="col">{t('web-audit-target')}</th>
                <th scope="col">{t('web-audit-detail')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(language, e.at)}</td>
                  <td>
                    {e.actor ?? '—'}
                    {e.actorRole && <span className="muted"> ({t(`web-role-${e.actorRole}`)})</span>}
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.target ?? '—'}</td>
                  <td className="detail">
                    {Object.entries(e.detail)
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries?.length === 0 && <p className="muted">{t('web-audit-empty')}</p>}
      {more && (
        <button type="button" onClick={loadMore} disabled={load.busy}>
          {t('web-load-more')}
        </button>
      )}
    </section>
  );
}

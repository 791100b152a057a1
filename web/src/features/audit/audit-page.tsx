/** The append-only audit log (admins), newest first, with an action filter and paging. */
import { useEffect, useState, type ReactNode } from 'react';
import type { ResponseOf } from '../../api.ts';
import { formatDateTime, hasMessage, useI18n, type T } from '../../i18n.ts';
import { href } from '../../router.ts';
import { ErrorBox, Loading, PageTitle, useAction, useSession } from '../../ui/common.tsx';
import { caseRef } from '../../ui/labels.ts';
import { actionName, AUDIT_ACTIONS } from './audit-names.ts';

type Entry = ResponseOf<'audit'>[number];
const PAGE = 100;

/** Who did it: a person, the command line on the server, or the system. */
function actorText(t: T, e: Entry): ReactNode {
  if (e.actor) return e.actorRole && hasMessage(`web-role-${e.actorRole}`) ? `${e.actor} (${t(`web-role-${e.actorRole}`)})` : e.actor;
  if (e.actorRole === 'cli') return t('web-audit-actor-cli');
  return t('web-audit-actor-system');
}

/** What it was done to, as a link where the dashboard has a page for it. */
function Target({ target }: { target: string | null }): ReactNode {
  const { t } = useI18n();
  if (!target) return '—';
  const [kind = '', id = '', lang = ''] = target.split(':');
  const n = Number(id);
  switch (kind) {
    case 'account':
      return <a href={href('staff')}>{t('web-audit-target-account', { id })}</a>;
    case 'case':
      return Number.isInteger(n) && n > 0 ? <a href={href('cases', n)}>{t('web-audit-target-case', { number: caseRef(t, n) })}</a> : target;
    case 'guide':
    case 'article':
    case 'snippet':
      return id && lang ? <a href={href('kb', kind, id, lang)}>{t(`web-audit-target-${kind}`, { id, lang: lang.toUpperCase() })}</a> : target;
    case 'stop':
      return <a href={href('mobile-units')}>{t('web-audit-target-stop', { id })}</a>;
    case 'exception':
      return <a href={href('mobile-units')}>{t('web-audit-target-exception', { id })}</a>;
    case 'settings':
      return <a href={href('settings')}>{t('web-nav-settings')}</a>;
    case 'rota':
      return <a href={href('rota')}>{t('web-nav-rota')}</a>;
    case 'report':
      return <a href={href('reports')}>{t('web-audit-target-report', { from: id, to: lang })}</a>;
    default:
      return target;
  }
}

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
          <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">{t('web-audit-action-any')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionName(t, a)}
              </option>
            ))}
          </select>
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
                  <td data-testid="audit-actor">{actorText(t, e)}</td>
                  <td data-testid="audit-action" title={e.action}>
                    {actionName(t, e.action)}
                  </td>
                  <td data-testid="audit-target">
                    <Target target={e.target} />
                  </td>
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

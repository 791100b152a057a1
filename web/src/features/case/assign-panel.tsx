/**
 * Who works on the case: take it, give it up, or (supervisors) assign someone suggested by
 * specialisation and current load.
 */
import { useState, type ReactNode } from 'react';
import type { InboxCase } from '../../../../src/http/api/contract.ts';
import type { ResponseOf } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { can, ErrorBox, Loading, useAction, useSession } from '../../ui/common.tsx';
import { codeName } from '../../ui/labels.ts';

export function AssignPanel({ row, onChanged }: { row: InboxCase; onChanged(row: InboxCase): void }): ReactNode {
  const { t } = useI18n();
  const { api, me } = useSession();
  const [suggestions, setSuggestions] = useState<ResponseOf<'assignees'> | null>(null);
  const [open, setOpen] = useState(false);
  const action = useAction();
  const mine = row.assignee?.id === me.account.id;
  const supervisor = can(me.account.role, 'supervise');

  const assign = (accountId: number | null) =>
    void action.run(async () => {
      onChanged(await api.call('assign', { params: { id: row.id }, body: { accountId } }));
      setOpen(false);
    });
  const showSuggestions = () => {
    setOpen((v) => !v);
    if (!suggestions) void action.run(async () => setSuggestions(await api.call('assignees', { params: { id: row.id } })));
  };

  return (
    <section className="panel" aria-labelledby="assign-title">
      <h2 id="assign-title">{t('web-assign-title')}</h2>
      <p data-testid="assignee">{row.assignee ? t('web-inbox-assignee', { alias: row.assignee.alias ?? `#${row.assignee.id}` }) : t('web-inbox-unassigned')}</p>
      <div className="actions">
        {!mine && row.status === 'open' && (
          <button type="button" className="primary" disabled={action.busy} onClick={() => assign(me.account.id)} data-testid="take-case">
            {t('web-assign-take')}
          </button>
        )}
        {row.assignee && (mine || supervisor) && (
          <button type="button" disabled={action.busy} onClick={() => assign(null)}>
            {mine ? t('web-assign-give-up') : t('web-assign-unassign')}
          </button>
        )}
        <button type="button" aria-expanded={open} aria-controls="assignee-list" onClick={showSuggestions}>
          {t('web-assign-transfer')}
        </button>
      </div>
      <ErrorBox error={action.error} />
      {open && (
        <div id="assignee-list">
          {!suggestions ? (
            <Loading />
          ) : suggestions.length === 0 ? (
            <p className="muted">{t('web-assign-nobody')}</p>
          ) : (
            <ul className="assignees">
              {suggestions.map((s) => (
                <li key={s.accountId}>
                  <div>
                    <strong>{s.alias ?? s.login}</strong> <span className="muted">{t(`web-role-${s.role}`)}</span>
                    <div className="muted">
                      {t('web-assign-load', { count: s.openCases })}
                      {s.matches.length > 0 && (
                        <>
                          {' · '}
                          <span className="match">{t('web-assign-matches', { list: s.matches.map((m) => codeName(t, 'spec', m)).join(', ') })}</span>
                        </>
                      )}
                    </div>
                  </div>
                  {(supervisor || s.accountId === me.account.id) && row.assignee?.id !== s.accountId && (
                    <button type="button" className="small" disabled={action.busy} onClick={() => assign(s.accountId)}>
                      {t('web-assign-to')}
                      <span className="visually-hidden"> {s.alias ?? s.login}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** Staff accounts: supervisors see the list; admins invite, change, disable and reset. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ROLES, SPECIALISATIONS, type Role } from '../../../../src/http/api/contract.ts';
import type { ResponseOf } from '../../api.ts';
import { formatDateTime, useI18n } from '../../i18n.ts';
import { CodeSelect } from '../../ui/code-select.tsx';
import { can, CheckboxGroup, ErrorBox, Loading, PageTitle, useAction, useLoad, useSession } from '../../ui/common.tsx';
import { FormFooter } from '../../ui/form-footer.tsx';
import { codeName } from '../../ui/labels.ts';

type StaffAccount = ResponseOf<'staff'>[number];
type Spec = (typeof SPECIALISATIONS)[number];
const isSpec = (s: string): s is Spec => (SPECIALISATIONS as readonly string[]).includes(s);

/** A setup link to hand over, with a copy button (clipboard needs HTTPS; the text stays selectable). */
function SetupLinkBox({ link }: { link: ResponseOf<'invite'> }): ReactNode {
  const { t, language } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice setup-link" role="status">
      <p>{t('web-staff-setup-link', { time: formatDateTime(language, link.expiresAt) })}</p>
      <input readOnly aria-label={t('web-staff-setup-link-label')} value={link.setupUrl} onFocus={(e) => e.target.select()} data-testid="setup-link" />
      <button
        type="button"
        className="small"
        onClick={() => {
          navigator.clipboard?.writeText(link.setupUrl).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? t('web-copied') : t('web-copy')}
      </button>
    </div>
  );
}

export function StaffPage(): ReactNode {
  const { t, language } = useI18n();
  const { api, me } = useSession();
  const staff = useLoad((signal) => api.call('staff', { signal }), [api]);
  const admin = can(me.account.role, 'admin');
  const [editing, setEditing] = useState<number | null>(null);
  const [link, setLink] = useState<ResponseOf<'invite'> | null>(null);
  const action = useAction();

  return (
    <section>
      <PageTitle>{t('web-staff-title')}</PageTitle>
      <ErrorBox error={staff.error ?? action.error} />
      {link && <SetupLinkBox link={link} />}
      {!staff.data && !staff.error && <Loading />}
      {staff.data && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('web-staff-login')}</th>
                <th scope="col">{t('web-staff-role')}</th>
                <th scope="col">{t('web-staff-specialisations')}</th>
                <th scope="col">{t('web-staff-open-cases')}</th>
                <th scope="col">{t('web-staff-last-sign-in')}</th>
                {admin && <th scope="col">{t('web-actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {staff.data.map((s) => (
                <tr key={s.id} className={s.disabled ? 'disabled' : undefined}>
                  <td>
                    <strong>{s.login}</strong>
                    {s.alias && <div className="muted">{s.alias}</div>}
                    {s.disabled && <div className="badge neutral">{t('web-staff-disabled')}</div>}
                    {!s.totpEnabled && <div className="muted">{t('web-staff-no-totp')}</div>}
                  </td>
                  <td>{t(`web-role-${s.role}`)}</td>
                  <td>{s.specialisations.map((x) => codeName(t, 'spec', x)).join(', ') || '—'}</td>
                  <td>{s.openCases}</td>
                  <td>{s.lastSignInAt ? formatDateTime(language, s.lastSignInAt) : '—'}</td>
                  {admin && (
                    <td>
                      <div className="actions">
                        <button type="button" className="small" onClick={() => setEditing(editing === s.id ? null : s.id)} aria-expanded={editing === s.id}>
                          {t('web-edit')}
                          <span className="visually-hidden"> {s.login}</span>
                        </button>
                        <button
                          type="button"
                          className="small"
                          disabled={action.busy}
                          onClick={() => {
                            if (!confirm(t('web-staff-reset-confirm', { login: s.login }))) return;
                            void action.run(async () => setLink(await api.call('resetStaff', { params: { id: s.id } })));
                          }}
                        >
                          {t('web-staff-reset')}
                          <span className="visually-hidden"> {s.login}</span>
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin && editing !== null && staff.data?.find((s) => s.id === editing) && (
        <StaffEditor
          key={editing}
          account={staff.data.find((s) => s.id === editing) as StaffAccount}
          onDone={() => {
            setEditing(null);
            staff.reload();
          }}
        />
      )}
      {admin && (
        <InviteForm
          onInvited={(l) => {
            setLink(l);
            staff.reload();
          }}
        />
      )}
    </section>
  );
}

function StaffEditor({ account, onDone }: { account: StaffAccount; onDone(): void }): ReactNode {
  const { t } = useI18n();
  const { api } = useSession();
  const [role, setRole] = useState<Role>(account.role);
  const [alias, setAlias] = useState(account.alias ?? '');
  const [specs, setSpecs] = useState<Spec[]>(account.specialisations.filter(isSpec));
  const [disabled, setDisabled] = useState(account.disabled);
  const action = useAction();
  return (
    <form
      className="panel"
      aria-labelledby="staff-edit-title"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          await api.call('patchStaff', { params: { id: account.id }, body: { role, alias: alias.trim() || null, specialisations: specs, disabled } });
          onDone();
        });
      }}
    >
      <h2 id="staff-edit-title">{t('web-staff-edit', { login: account.login })}</h2>
      <RoleSelect id="edit-role" value={role} onChange={setRole} />
      <div className="field">
        <label htmlFor="edit-alias">{t('web-staff-alias')}</label>
        <input id="edit-alias" maxLength={32} value={alias} onChange={(e) => setAlias(e.target.value)} />
      </div>
      <CheckboxGroup legend={t('web-staff-specialisations')} options={SPECIALISATIONS} value={specs} onChange={setSpecs} label={(s) => codeName(t, 'spec', s)} />
      <label className="check">
        <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} />
        <span>{t('web-staff-disable')}</span>
      </label>
      <ErrorBox error={action.error} />
      <FormFooter busy={action.busy} onCancel={onDone} />
    </form>
  );
}

function RoleSelect({ id, value, onChange }: { id: string; value: Role; onChange(role: Role): void }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('web-staff-role')}</label>
      <CodeSelect id={id} codes={ROLES} value={value} onChange={onChange} label={(r) => t(`web-role-${r}`)} />
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited(link: ResponseOf<'invite'>): void }): ReactNode {
  const { t } = useI18n();
  const { api } = useSession();
  const [login, setLogin] = useState('');
  const [role, setRole] = useState<Role>('worker');
  const [alias, setAlias] = useState('');
  const [specs, setSpecs] = useState<Spec[]>([]);
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      onInvited(await api.call('invite', { body: { login, role, alias: alias.trim() || null, specialisations: specs } }));
      setLogin('');
      setAlias('');
      setSpecs([]);
    });
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title">{t('web-staff-invite')}</h2>
      <div className="field">
        <label htmlFor="invite-login">{t('web-staff-login')}</label>
        <input id="invite-login" required pattern="[A-Za-z0-9._\-]{3,32}" autoCapitalize="none" spellCheck={false} aria-describedby="invite-login-hint" value={login} onChange={(e) => setLogin(e.target.value)} />
        <p className="hint" id="invite-login-hint">
          {t('web-staff-login-hint')}
        </p>
      </div>
      <RoleSelect id="invite-role" value={role} onChange={setRole} />
      <div className="field">
        <label htmlFor="invite-alias">{t('web-staff-alias')}</label>
        <input id="invite-alias" maxLength={32} aria-describedby="invite-alias-hint" value={alias} onChange={(e) => setAlias(e.target.value)} />
        <p className="hint" id="invite-alias-hint">
          {t('web-staff-alias-hint')}
        </p>
      </div>
      <CheckboxGroup legend={t('web-staff-specialisations')} options={SPECIALISATIONS} value={specs} onChange={setSpecs} label={(s) => codeName(t, 'spec', s)} />
      <ErrorBox error={action.error} />
      <button type="submit" className="primary" disabled={action.busy}>
        {t('web-staff-invite-submit')}
      </button>
    </form>
  );
}

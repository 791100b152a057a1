/** The signed-in staff member's own account: alias, password, signing out everywhere. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import { ErrorBox, PageTitle, useAction, useSession } from '../../ui/common.tsx';

export function AccountPage({ onSignedOut }: { onSignedOut(): void }): ReactNode {
  const { t } = useI18n();
  const { me, api, setMe } = useSession();
  const [alias, setAlias] = useState(me.account.alias ?? '');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const saveAlias = useAction();
  const changePassword = useAction();
  const everywhere = useAction();
  const linking = useAction();
  const [linkCode, setLinkCode] = useState<{ code: string; expiresAt: number } | null>(null);
  // Signing out everywhere ends every session of this account, on every device: it asks first.
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) askButton.current?.focus();
  }, [confirming]);

  return (
    <section>
      <PageTitle>{t('web-account-title')}</PageTitle>
      <p>
        {me.account.login} · {t(`web-role-${me.account.role}`)} · {me.account.totpEnabled ? t('web-account-totp-on') : t('web-account-totp-off')}
      </p>
      {done && (
        <p role="status" className="notice">
          {done}
        </p>
      )}
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void saveAlias.run(async () => {
            setMe(await api.call('preferences', { body: { alias: alias.trim() === '' ? null : alias.trim() } }));
            setDone(t('web-account-alias-saved'));
          });
        }}
      >
        <h2>{t('web-account-alias')}</h2>
        <p className="hint" id="alias-hint">
          {t('web-account-alias-hint')}
        </p>
        <div className="field">
          <label htmlFor="account-alias">{t('web-account-alias')}</label>
          <input id="account-alias" maxLength={32} value={alias} aria-describedby="alias-hint" onChange={(e) => setAlias(e.target.value)} />
        </div>
        <ErrorBox error={saveAlias.error} />
        <button type="submit" disabled={saveAlias.busy}>
          {t('web-save')}
        </button>
      </form>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void changePassword.run(async () => {
            await api.call('password', { body: { current, next } });
            // The server ended every session and gave this browser a new one: read its CSRF token.
            setMe(await api.call('me'));
            setCurrent('');
            setNext('');
            setDone(t('web-account-password-changed'));
          });
        }}
      >
        <h2>{t('web-account-password')}</h2>
        <div className="field">
          <label htmlFor="account-current">{t('web-account-password-current')}</label>
          <input id="account-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="account-next">{t('web-account-password-new')}</label>
          <input id="account-next" type="password" autoComplete="new-password" minLength={12} required value={next} onChange={(e) => setNext(e.target.value)} />
        </div>
        <ErrorBox error={changePassword.error} />
        <button type="submit" disabled={changePassword.busy}>
          {t('web-account-password-change')}
        </button>
      </form>
      <div className="card">
        <h2>{t('web-account-telegram')}</h2>
        <p data-testid="telegram-linked">{me.account.telegramLinked ? t('web-account-telegram-linked') : t('web-account-telegram-not-linked')}</p>
        <p className="hint">{t('web-account-telegram-hint')}</p>
        {linkCode && (
          <p role="status" className="notice">
            {t('web-account-telegram-send')} <code data-testid="link-code">/link {linkCode.code}</code>
          </p>
        )}
        <ErrorBox error={linking.error} />
        <button type="button" disabled={linking.busy} onClick={() => void linking.run(async () => setLinkCode(await api.call('telegramLink')))}>
          {t('web-account-telegram-button')}
        </button>
      </div>
      <div className="card">
        <h2>{t('web-account-everywhere')}</h2>
        <p className="hint">{t('web-account-everywhere-hint')}</p>
        <ErrorBox error={everywhere.error} />
        {confirming ? (
          <div role="group" aria-labelledby="everywhere-confirm" className="confirm">
            <p id="everywhere-confirm" className="warning">
              {t('web-account-everywhere-confirm')}
            </p>
            <div className="actions">
              <button
                type="button"
                ref={confirmButton}
                className="danger"
                disabled={everywhere.busy}
                onClick={() =>
                  void everywhere.run(async () => {
                    await api.call('logoutAll');
                    onSignedOut();
                    navigate('#/login');
                  })
                }
              >
                {t('web-account-everywhere-yes')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('web-cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            ref={askButton}
            onClick={() => {
              asked.current = true;
              setConfirming(true);
            }}
          >
            {t('web-account-everywhere-button')}
          </button>
        )}
      </div>
    </section>
  );
}

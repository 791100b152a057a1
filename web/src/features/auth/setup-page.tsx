/**
 * The one-time setup link (`#/setup/<token>`): shows the QR code and key to enrol in an
 * authenticator app, then sets the password and confirms the first code, which signs in.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import type { Me, SetupStart } from '../../../../src/http/api/contract.ts';
import { ApiFailure, type ApiClient } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import { ErrorBox, Loading, useAction } from '../../ui/common.tsx';
import { LanguagePicker } from './language-picker.tsx';

type SetupInfo = z.infer<typeof SetupStart>;

/** The QR code as an image: an SVG string is never put into the page as markup. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

export function SetupPage({ token, api, onSignedIn }: { token: string; api: ApiClient; onSignedIn(me: Me): void }): ReactNode {
  const { t, language } = useI18n();
  const [info, setInfo] = useState<SetupInfo | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [totp, setTotp] = useState('');
  const [localError, setLocalError] = useState<{ text: string; field: 'setup-password' | 'setup-repeat' | 'setup-totp' } | null>(null);
  const finish = useAction();

  useEffect(() => {
    let cancelled = false;
    api.call('setupStart', { body: { token } }).then(
      (value) => !cancelled && setInfo(value),
      (error: unknown) => !cancelled && setStartError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [api, token]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    // A wrong field is marked (aria-invalid) and gets the focus, so nobody is left on <body>.
    const wrong = (text: string, field: 'setup-password' | 'setup-repeat' | 'setup-totp') => {
      setLocalError({ text, field });
      document.getElementById(field)?.focus();
    };
    if (password.length < 12) return wrong(t('web-setup-password-short'), 'setup-password');
    if (password !== repeat) return wrong(t('web-setup-password-mismatch'), 'setup-repeat');
    if (info?.totpRequired && !/^\d{6}$/.test(totp)) return wrong(t('web-setup-totp-needed'), 'setup-totp');
    void finish.run(async () => {
      const me = await api.call('setupFinish', { body: { token, password, totp: totp ? totp : undefined, language } });
      onSignedIn(me);
      navigate('#/');
    });
  };

  return (
    <main id="main" tabIndex={-1} className="auth-page">
      <div className="auth-card wide">
        <LanguagePicker />
        <h1>{t('web-setup-title')}</h1>
        {startError ? (
          <>
            <ErrorBox error={startError} />
            <p>{t('web-setup-link-invalid')}</p>
          </>
        ) : !info ? (
          <Loading />
        ) : (
          <form onSubmit={submit} noValidate>
            <p>{t('web-setup-intro', { login: info.login, role: t(`web-role-${info.role}`) })}</p>
            <fieldset>
              <legend>{t('web-setup-step-totp')}</legend>
              <p>{info.totpRequired ? t('web-setup-totp-required') : t('web-setup-totp-optional')}</p>
              <div className="qr-row">
                <img className="qr" src={svgDataUrl(info.qrSvg)} alt={t('web-setup-qr-alt')} width={200} height={200} />
                <div>
                  <p>{t('web-setup-secret')}</p>
                  <p>
                    <code className="secret" data-testid="totp-secret">
                      {info.totpSecret}
                    </code>
                  </p>
                  <p>
                    <a href={info.otpauthUrl}>{t('web-setup-open-app')}</a>
                  </p>
                </div>
              </div>
              <div className="field">
                <label htmlFor="setup-totp">{t('web-setup-totp')}</label>
                <input id="setup-totp" aria-invalid={localError?.field === 'setup-totp' || (finish.error instanceof ApiFailure && finish.error.code.startsWith('totp')) || undefined} aria-describedby={localError?.field === 'setup-totp' ? 'setup-error' : undefined} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={totp} onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))} />
              </div>
            </fieldset>
            <fieldset>
              <legend>{t('web-setup-step-password')}</legend>
              <input type="text" name="username" autoComplete="username" value={info.login} readOnly hidden />
              <div className="field">
                <label htmlFor="setup-password">{t('web-setup-password')}</label>
                <input id="setup-password" aria-invalid={localError?.field === 'setup-password' || undefined} type="password" autoComplete="new-password" minLength={12} aria-describedby={localError?.field === 'setup-password' ? 'setup-password-hint setup-error' : 'setup-password-hint'} value={password} onChange={(e) => setPassword(e.target.value)} />
                <p id="setup-password-hint" className="hint">
                  {t('web-setup-password-hint')}
                </p>
              </div>
              <div className="field">
                <label htmlFor="setup-repeat">{t('web-setup-repeat')}</label>
                <input id="setup-repeat" aria-invalid={localError?.field === 'setup-repeat' || undefined} aria-describedby={localError?.field === 'setup-repeat' ? 'setup-error' : undefined} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
              </div>
            </fieldset>
            {localError ? (
              <div className="error-box" role="alert" id="setup-error">
                <p>{localError.text}</p>
              </div>
            ) : (
              <ErrorBox error={finish.error} />
            )}
            <button type="submit" className="primary" disabled={finish.busy}>
              {t('web-setup-submit')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}

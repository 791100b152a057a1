/**
 * Sign-in: login, password and, for accounts with two-factor, the 6-digit code. The code
 * field is always there: the server never says whether a password was right before the code.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Me } from '../../../../src/http/api/contract.ts';
import { ApiFailure, type ApiClient } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { ErrorBox, useAction } from '../../ui/common.tsx';
import { LanguagePicker } from './language-picker.tsx';

export function LoginPage({ api, onSignedIn }: { api: ApiClient; onSignedIn(me: Me): void }): ReactNode {
  const { t } = useI18n();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const action = useAction();

  useEffect(() => {
    if (lockedUntil === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [lockedUntil]);

  const lockedFor = lockedUntil === null ? 0 : Math.max(0, Math.ceil((lockedUntil - now) / 1000));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      try {
        const me = await api.call('login', { body: { login, password, totp: totp ? totp : undefined } });
        onSignedIn(me);
      } catch (error) {
        if (error instanceof ApiFailure && error.code === 'locked') setLockedUntil(Date.now() + (error.retryAfter ?? 60) * 1000);
        if (error instanceof ApiFailure && error.code === 'invalid') setTotp('');
        throw error;
      }
    });
  };

  return (
    <main id="main" tabIndex={-1} className="auth-page">
      <div className="auth-card">
        <LanguagePicker />
        <h1>{t('web-login-title')}</h1>
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="login">{t('web-login-login')}</label>
            <input id="login" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={login} onChange={(e) => setLogin(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="password">{t('web-login-password')}</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="totp">{t('web-login-totp')}</label>
            <input
              id="totp"
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              aria-describedby="totp-hint"
              value={totp}
              onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
            />
            <p id="totp-hint" className="hint">
              {t('web-login-totp-hint')}
            </p>
          </div>
          {lockedFor > 0 ? (
            <div className="error-box" role="alert">
              <p>{t('web-error-locked', { seconds: lockedFor })}</p>
            </div>
          ) : action.error instanceof ApiFailure && action.error.code === 'invalid' ? (
            <div className="error-box" role="alert">
              <p>{t('web-error-invalid-credentials')}</p>
            </div>
          ) : (
            <ErrorBox error={action.error} />
          )}
          <button type="submit" className="primary" disabled={action.busy || lockedFor > 0}>
            {action.busy ? t('web-login-signing-in') : t('web-login-submit')}
          </button>
        </form>
      </div>
    </main>
  );
}

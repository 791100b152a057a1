/**
 * The dashboard shell: finds out who is signed in, routes between pages, shows the
 * navigation allowed for the role, keeps the live connection and sounds urgent alerts.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { InboxCase, Me } from '../../src/http/api/contract.ts';
import { createApiClient } from './api.ts';
import { LoginPage } from './features/auth/login-page.tsx';
import { SetupPage } from './features/auth/setup-page.tsx';
import { playUrgentBeep } from './features/inbox/alert-sound.ts';
import { InboxPage } from './features/inbox/inbox-page.tsx';
import { needsUrgentAlert } from './features/inbox/inbox-merge.ts';
import { connectLiveEvents, LiveEventsContext, type LiveEvents, type LiveStatus } from './features/inbox/live-events.ts';
import { browserLanguage, createT, I18nContext, useI18n, type I18n, type UiLanguage } from './i18n.ts';
import { href, navigate, PAGE_ACCESS, useRoute, type Route } from './router.ts';
import { can, ErrorBox, Loading, SessionContext, useAction, type Session } from './ui/common.tsx';

// Pages load their code when first shown: sign-in and the inbox come with the shell, the
// rest (reports and their charts above all) only when opened.
const AccountPage = lazy(() => import('./features/account/account-page.tsx').then((m) => ({ default: m.AccountPage })));
const AuditPage = lazy(() => import('./features/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage })));
const ReportsPage = lazy(() => import('./features/reports/reports-page.tsx').then((m) => ({ default: m.ReportsPage })));
const ChannelPage = lazy(() => import('./features/channel/channel-page.tsx').then((m) => ({ default: m.ChannelPage })));
const CasePage = lazy(() => import('./features/case/case-page.tsx').then((m) => ({ default: m.CasePage })));
const KbItemPage = lazy(() => import('./features/kb/kb-item-page.tsx').then((m) => ({ default: m.KbItemPage })));
const KbPage = lazy(() => import('./features/kb/kb-page.tsx').then((m) => ({ default: m.KbPage })));
const MobileUnitsPage = lazy(() => import('./features/mobile-units/mobile-units-page.tsx').then((m) => ({ default: m.MobileUnitsPage })));
const ReferralsPage = lazy(() => import('./features/referrals/referrals-page.tsx').then((m) => ({ default: m.ReferralsPage })));
const RotaPage = lazy(() => import('./features/rota/rota-page.tsx').then((m) => ({ default: m.RotaPage })));
const SettingsPage = lazy(() => import('./features/settings/settings-page.tsx').then((m) => ({ default: m.SettingsPage })));
const StaffPage = lazy(() => import('./features/staff/staff-page.tsx').then((m) => ({ default: m.StaffPage })));

const NAV: Array<{ page: Route['page']; path: string; label: string }> = [
  { page: 'inbox', path: 'inbox', label: 'web-nav-inbox' },
  { page: 'referrals', path: 'referrals', label: 'web-nav-referrals' },
  { page: 'kb', path: 'kb', label: 'web-nav-kb' },
  { page: 'mobile-units', path: 'mobile-units', label: 'web-nav-mobile-units' },
  { page: 'channel', path: 'channel', label: 'web-nav-channel' },
  { page: 'rota', path: 'rota', label: 'web-nav-rota' },
  { page: 'staff', path: 'staff', label: 'web-nav-staff' },
  { page: 'settings', path: 'settings', label: 'web-nav-settings' },
  { page: 'audit', path: 'audit', label: 'web-nav-audit' },
  { page: 'reports', path: 'reports', label: 'web-nav-reports' },
];

/** The first page a role can use. */
function homeFor(me: Me): string {
  const first = NAV.find((n) => {
    const access = PAGE_ACCESS[n.page];
    return !access || can(me.account.role, access);
  });
  return first ? href(first.path) : href('inbox');
}

/** Whether a media query matches, following changes (a window resized, a phone turned). */
function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => globalThis.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const list = globalThis.matchMedia?.(query);
    if (!list) return;
    const onChange = () => setMatches(list.matches);
    onChange();
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}

export function App(): ReactNode {
  const route = useRoute();
  const [language, setLanguageState] = useState<UiLanguage>(browserLanguage);
  const [me, setMeState] = useState<Me | null | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  const signedOut = useRef<() => void>(() => undefined);
  const api = useMemo(() => createApiClient({ onSignedOut: () => signedOut.current() }), []);

  const setMe = useCallback(
    (next: Me | null) => {
      api.setSession(next);
      setMeState(next);
      if (next) setLanguageState(next.account.language);
    },
    [api],
  );
  useEffect(() => {
    signedOut.current = () => {
      setMe(null);
      if (!location.hash.startsWith('#/setup/')) navigate('#/login');
    };
  }, [setMe]);

  useEffect(() => {
    api.call('me').then(
      (m) => setMe(m),
      () => setMe(null),
    );
  }, [api, setMe]);

  const i18n: I18n = useMemo(
    () => ({
      language,
      t: createT(language),
      setLanguage: (next: UiLanguage) => {
        localStorage.setItem('netreach-language', next);
        setLanguageState(next);
      },
    }),
    [language],
  );
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = i18n.t('web-app-title');
  }, [language, i18n]);

  const announce = useCallback((text: string) => {
    // Clearing first makes a repeated announcement read again.
    setAnnouncement('');
    setTimeout(() => setAnnouncement(text), 50);
  }, []);

  // Redirects: signed-out users to sign-in, signed-in users away from sign-in.
  useEffect(() => {
    if (me === undefined) return;
    if (me === null && route.page !== 'login' && route.page !== 'setup') navigate('#/login');
    if (me && (route.page === 'login' || route.page === 'home')) navigate(homeFor(me));
  }, [me, route.page]);

  let body: ReactNode;
  if (route.page === 'setup') body = <SetupPage token={route.token} api={api} onSignedIn={setMe} />;
  else if (me === undefined) body = <Loading />;
  else if (me === null || route.page === 'login') body = <LoginPage api={api} onSignedIn={setMe} />;
  else body = <SignedIn me={me} api={api} setMe={setMe} route={route} announce={announce} />;

  return (
    <I18nContext.Provider value={i18n}>
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {i18n.t('web-skip-to-content')}
      </a>
      {body}
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="live-region">
        {announcement}
      </div>
    </I18nContext.Provider>
  );
}

function SignedIn({ me, api, setMe, route, announce }: { me: Me; api: Session['api']; setMe(me: Me | null): void; route: Route; announce(text: string): void }): ReactNode {
  const { t } = useI18n();
  const role = me.account.role;
  const [live, setLive] = useState<LiveEvents | null>(null);
  const [liveStatus, setLiveStatus] = useState<LiveStatus>('connecting');
  const [soundOn, setSoundOn] = useState(() => localStorage.getItem('netreach-sound') !== 'off');
  const [menuOpen, setMenuOpen] = useState(false);
  // At a desk the case opens beside the list; on a phone or a narrow window, alone.
  const wide = useMediaQuery('(min-width: 1200px)');
  const soundRef = useRef(soundOn);
  const menuButton = useRef<HTMLButtonElement>(null);
  const seen = useRef(new Map<number, InboxCase>());
  const logout = useAction();

  // Escape closes the phone menu and gives focus back to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  useEffect(() => {
    soundRef.current = soundOn;
    localStorage.setItem('netreach-sound', soundOn ? 'on' : 'off');
  }, [soundOn]);

  const hasCases = can(role, 'cases');
  useEffect(() => {
    if (!hasCases) return;
    const connection = connectLiveEvents(setLiveStatus);
    setLive(connection);
    const off = connection.onCase((row) => {
      const previous = seen.current.get(row.id);
      seen.current.set(row.id, row);
      if (needsUrgentAlert(previous, row)) {
        if (soundRef.current) playUrgentBeep();
        announce(createT(me.account.language)('web-urgent-announcement', { code: row.clientCode }));
      }
    });
    return () => {
      off();
      connection.close();
      setLive(null);
    };
  }, [hasCases, announce, me.account.language]);

  const session: Session = useMemo(() => ({ me, api, setMe: (m: Me) => setMe(m), announce }), [me, api, setMe, announce]);
  const language = useAction();
  const switchLanguage = (next: UiLanguage) =>
    language.run(async () => {
      const updated = await api.call('preferences', { body: { language: next } });
      setMe(updated);
    });

  const allowed = (page: Route['page']) => {
    const access = PAGE_ACCESS[page];
    return !access || can(role, access);
  };

  let page: ReactNode;
  if (!allowed(route.page)) page = <p role="alert">{t('web-not-allowed')}</p>;
  else
    switch (route.page) {
      case 'inbox':
        page = <InboxPage liveStatus={liveStatus} />;
        break;
      case 'case':
        page = wide ? (
          <div className="case-split">
            <div className="case-split-list">
              <InboxPage liveStatus={liveStatus} beside={route.id} />
            </div>
            <CasePage key={route.id} id={route.id} />
          </div>
        ) : (
          <CasePage key={route.id} id={route.id} />
        );
        break;
      case 'kb':
        page = <KbPage />;
        break;
      case 'kb-item':
        page = <KbItemPage key={`${route.kind}/${route.id}/${route.lang}`} kind={route.kind} id={route.id} lang={route.lang} />;
        break;
      case 'mobile-units':
        page = <MobileUnitsPage />;
        break;
      case 'settings':
        page = <SettingsPage />;
        break;
      case 'staff':
        page = <StaffPage />;
        break;
      case 'rota':
        page = <RotaPage />;
        break;
      case 'audit':
        page = <AuditPage />;
        break;
      case 'referrals':
        page = <ReferralsPage />;
        break;
      case 'reports':
        page = <ReportsPage />;
        break;
      case 'channel':
        page = <ChannelPage />;
        break;
      case 'account':
        page = <AccountPage onSignedOut={() => setMe(null)} />;
        break;
      case 'not-found':
        page = <p role="alert">{t('web-not-found')}</p>;
        break;
      default:
        page = hasCases ? <Loading /> : <p>{t('web-nothing-for-role')}</p>;
    }

  const current = route.page === 'case' ? 'inbox' : route.page === 'kb-item' ? 'kb' : route.page;
  return (
    <SessionContext.Provider value={session}>
      <LiveEventsContext.Provider value={live}>
        <header className="topbar">
          <a className="brand" href={homeFor(me)}>
            Netreach
          </a>
          <button type="button" ref={menuButton} className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((v) => !v)}>
            {t('web-menu')}
          </button>
          <nav id="main-nav" aria-label={t('web-nav-label')} className={menuOpen ? 'nav open' : 'nav'}>
            <ul>
              {NAV.filter((n) => allowed(n.page)).map((n) => (
                <li key={n.page}>
                  <a href={href(n.path)} aria-current={current === n.page ? 'page' : undefined} onClick={() => setMenuOpen(false)}>
                    {t(n.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            <a className="who" data-testid="signed-in-as" href={href('account')} aria-current={route.page === 'account' ? 'page' : undefined} title={t('web-account-title')}>
              {me.account.alias ?? me.account.login} · {t(`web-role-${role}`)}
            </a>
            {hasCases && (
              <button type="button" className="small toggle" aria-pressed={soundOn} title={soundOn ? t('web-sound-on') : t('web-sound-off')} onClick={() => setSoundOn((v) => !v)}>
                <span aria-hidden="true">{soundOn ? '✓ ' : ''}</span>
                {t('web-sound')}
              </button>
            )}
            <div className="lang-switch" role="group" aria-label={t('web-language')}>
              {(['ru', 'en'] as const).map((l) => (
                <button key={l} type="button" className="small" lang={l} aria-pressed={me.account.language === l} disabled={language.busy} onClick={() => void switchLanguage(l)}>
                  {l === 'ru' ? 'RU' : 'EN'}
                </button>
              ))}
            </div>
            <button
              type="button"
              className="small"
              disabled={logout.busy}
              onClick={() =>
                void logout.run(async () => {
                  await api.call('logout');
                  setMe(null);
                  navigate('#/login');
                })
              }
            >
              {t('web-sign-out')}
            </button>
          </div>
        </header>
        <ErrorBox error={language.error ?? logout.error} />
        <main id="main" tabIndex={-1}>
          <Suspense fallback={<Loading />}>{page}</Suspense>
        </main>
      </LiveEventsContext.Provider>
    </SessionContext.Provider>
  );
}


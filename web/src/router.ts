/**
 * Hash routes of the dashboard (`#/inbox`, `#/cases/12`, ...). Hash routing keeps every
 * page served by the one index.html, so the server needs no SPA fallback.
 */
import { useEffect, useState } from 'react';
import type { Access } from '../../src/http/api/contract.ts';

export type Route =
  | { page: 'login' }
  | { page: 'setup'; token: string }
  | { page: 'inbox' }
  | { page: 'case'; id: number }
  | { page: 'kb' }
  | { page: 'kb-item'; kind: string; id: string; lang: string }
  | { page: 'mobile-units' }
  | { page: 'settings' }
  | { page: 'staff' }
  | { page: 'rota' }
  | { page: 'audit' }
  | { page: 'referrals' }
  | { page: 'account' }
  | { page: 'reports' }
  | { page: 'channel' }
  | { page: 'home' }
  | { page: 'not-found' };

/** Parses `location.hash` into a route. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const [first, second, third, fourth] = parts;
  switch (first) {
    case undefined:
      return { page: 'home' };
    case 'login':
      return { page: 'login' };
    case 'setup':
      return second ? { page: 'setup', token: second } : { page: 'not-found' };
    case 'inbox':
      return { page: 'inbox' };
    case 'cases': {
      const id = Number(second);
      return Number.isInteger(id) && id > 0 ? { page: 'case', id } : { page: 'inbox' };
    }
    case 'kb':
      return second && third && fourth ? { page: 'kb-item', kind: second, id: third, lang: fourth } : { page: 'kb' };
    case 'mobile-units':
    case 'settings':
    case 'staff':
    case 'rota':
    case 'audit':
    case 'referrals':
    case 'account':
    case 'reports':
    case 'channel':
      return { page: first };
    default:
      return { page: 'not-found' };
  }
}

/** Which access group a page needs (pages not listed need only a session). */
export const PAGE_ACCESS: Partial<Record<Route['page'], Access>> = {
  inbox: 'cases',
  case: 'cases',
  kb: 'cases',
  'kb-item': 'cases',
  'mobile-units': 'cases',
  referrals: 'cases',
  rota: 'cases',
  staff: 'supervise',
  settings: 'admin',
  audit: 'admin',
  reports: 'reports',
  channel: 'cases',
};

/** Builds a hash link. */
export function href(...parts: Array<string | number>): string {
  return `#/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;
}

/** The current route, following `hashchange`. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Goes to a route (adds a history entry). */
export function navigate(hash: string): void {
  if (location.hash !== hash) location.hash = hash;
}

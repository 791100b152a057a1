import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './router.ts';

describe('hash routes', () => {
  it('parses every page', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/login')).toEqual({ page: 'login' });
    expect(parseRoute('#/setup/abc_DEF-123')).toEqual({ page: 'setup', token: 'abc_DEF-123' });
    expect(parseRoute('#/cases/42')).toEqual({ page: 'case', id: 42 });
    expect(parseRoute('#/cases/nope')).toEqual({ page: 'inbox' });
    expect(parseRoute('#/kb/guide/overdose/ru')).toEqual({ page: 'kb-item', kind: 'guide', id: 'overdose', lang: 'ru' });
    for (const page of ['inbox', 'kb', 'mobile-units', 'settings', 'staff', 'rota', 'audit', 'referrals']) expect(parseRoute(`#/${page}`)).toEqual({ page });
    expect(parseRoute('#/whatever')).toEqual({ page: 'not-found' });
  });

  it('round-trips links', () => {
    expect(parseRoute(href('cases', 7))).toEqual({ page: 'case', id: 7 });
  });
});

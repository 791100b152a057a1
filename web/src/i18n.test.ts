import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEED_CODES, OUTCOMES, PHONE_CALL, REFERRAL_STATUSES, REFERRAL_TARGETS, ROLES, SERVICE_CODES, INBOX_FILTERS, SPECIALISATIONS, WEEKDAYS, MOBILE_SERVICES } from '../../src/http/api/contract.ts';
import { createT, messageIds } from './i18n.ts';
import { AUDIT_ACTIONS, actionName } from './features/audit/audit-names.ts';
import { caseRef, codeName } from './ui/labels.ts';

/** Every `'web-…'` key written literally in the web sources. */
function keysUsedInSources(dir: string): string[] {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const key of keysUsedInSources(path)) found.add(key);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/'(web-[a-z0-9-]+)'/g)) if (m[1]) found.add(m[1]);
  }
  return [...found];
}

describe('dashboard texts', () => {
  it('has the same keys in en.web.ftl and ru.web.ftl, all prefixed web-', () => {
    const en = messageIds('en');
    const ru = messageIds('ru');
    expect([...ru].sort()).toEqual([...en].sort());
    expect(new Set(en).size).toBe(en.length);
    expect(en.every((id) => id.startsWith('web-'))).toBe(true);
  });

  it('has every key the sources use', () => {
    const en = new Set(messageIds('en'));
    expect(keysUsedInSources(import.meta.dirname).filter((k) => !en.has(k))).toEqual([]);
  });

  it('names every contract code in both languages', () => {
    for (const language of ['en', 'ru'] as const) {
      const t = createT(language);
      const ids = new Set(messageIds(language));
      const groups: Array<[string, readonly string[]]> = [
        ['need', NEED_CODES],
        ['service', SERVICE_CODES],
        ['referral', REFERRAL_TARGETS],
        ['referral-status', REFERRAL_STATUSES],
        ['phone', PHONE_CALL],
        ['outcome', OUTCOMES],
        ['filter', INBOX_FILTERS],
        ['spec', SPECIALISATIONS],
        ['weekday', WEEKDAYS],
        ['mu-service', MOBILE_SERVICES],
      ];
      for (const [prefix, codes] of groups) for (const code of codes) expect(ids.has(`web-${prefix}-${code.replace(/_/g, '-')}`), `${language} ${prefix} ${code}`).toBe(true);
      expect(codeName(t, 'need', 'overdose')).not.toBe('overdose');
      for (const role of ROLES) expect(t(`web-role-${role}`)).not.toBe(`web-role-${role}`);
    }
  });

  it('formats plurals and arguments', () => {
    expect(createT('ru')('web-months', { count: 3 })).toBe('3 месяца');
    expect(createT('en')('web-months', { count: 1 })).toBe('1 month');
    expect(createT('en')('web-urgent-announcement', { code: 'K-AB12' })).toContain('K-AB12');
  });

  it('names every audit action the filter offers, in both languages', () => {
    for (const language of ['en', 'ru'] as const) {
      const t = createT(language);
      for (const action of AUDIT_ACTIONS) expect(actionName(t, action), `${language} ${action}`).not.toBe(action);
    }
  });

  it('writes case numbers as identifiers, never grouped like quantities', () => {
    const en = createT('en');
    const ru = createT('ru');
    expect(caseRef(en, 2001)).toBe('#2001');
    expect(caseRef(ru, 1993)).toBe('№1993');
    expect(en('web-case-title', { code: 'K-AB12', number: caseRef(en, 2001) })).toBe('Case K-AB12 · #2001');
    expect(ru('web-case-title', { code: 'K-AB12', number: caseRef(ru, 12345) })).toBe('Обращение K-AB12 · №12345');
  });

  it('leaves the locales directory readable by the bot translator too', () => {
    const files = readdirSync(join(import.meta.dirname, '../../locales'));
    expect(files).toContain('en.web.ftl');
    expect(files).toContain('ru.web.ftl');
  });
});

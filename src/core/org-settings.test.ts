import { describe, expect, it } from 'vitest';
import { isOpen, parseWorkingHours } from './hours.ts';
import { checkOrgSettings, createOrgSettings, formatWorkingHours, fromStored, orgSettingsDefaults, toStored } from './org-settings.ts';

// 2026-06-01 is a Monday; 12:00 UTC is 15:00 in Moscow and 08:00 in New York.
const MONDAY_NOON_UTC = Date.UTC(2026, 5, 1, 12, 0);

describe('organisation settings', () => {
  it('writes working hours back in the syntax they are read in', () => {
    for (const spec of ['mon-fri 10:00-19:00', 'mon-fri 10:00-13:00,14:00-19:00; sat 12:00-16:00', 'mon 09:00-10:00; wed 09:00-10:00; sun 00:00-24:00', '']) {
      expect(formatWorkingHours(parseWorkingHours(spec, 'UTC'))).toBe(spec);
    }
  });

  it('takes defaults from the configuration and lets stored values override them', () => {
    const defaults = orgSettingsDefaults({ hours: parseWorkingHours('mon-fri 10:00-19:00', 'Europe/Moscow', ['2026-12-31']), emergencyNumbers: '103, 112', orgContacts: 'Office' });
    expect(defaults).toMatchObject({ timezone: 'Europe/Moscow', workingHours: 'mon-fri 10:00-19:00', holidays: '2026-12-31', crisisHotlines: '', orgContacts: 'Office', languages: ['ru', 'en'] });
    const stored = toStored({ timezone: 'Asia/Almaty', retentionDays: 90, languages: ['ru'] });
    expect(stored).toEqual({ timezone: 'Asia/Almaty', retentionDays: '90', languages: '["ru"]' });
    expect(fromStored(defaults, { ...stored, unknown: 'x', retentionDays: 'abc' })).toMatchObject({ timezone: 'Asia/Almaty', retentionDays: defaults.retentionDays, languages: ['ru'] });
  });

  it('names each bad field', () => {
    const defaults = orgSettingsDefaults({ hours: parseWorkingHours('mon-fri 10:00-19:00', 'UTC'), emergencyNumbers: '112' });
    expect(checkOrgSettings(defaults).problems).toEqual([]);
    const bad = checkOrgSettings({ ...defaults, timezone: 'Mars/Olympus', workingHours: 'weekdays 9-5', holidays: '2026-13', emergencyNumbers: 'call us' });
    expect(bad.problems.map((p) => p.path).sort()).toEqual(['emergencyNumbers', 'holidays', 'timezone', 'workingHours']);
  });

  it('applies in place, so the bot holding the hours and numbers objects follows at once', async () => {
    const hours = parseWorkingHours('mon-fri 10:00-19:00', 'Europe/Moscow');
    let stored: Record<string, string> = {};
    const org = createOrgSettings({ defaults: orgSettingsDefaults({ hours, emergencyNumbers: '103, 112' }), hours, load: async () => stored });
    const { numbers } = org;
    expect(isOpen(hours, MONDAY_NOON_UTC)).toBe(true);
    expect(org.orgContacts()).toBeUndefined();
    org.apply({ ...org.current, timezone: 'America/New_York', emergencyNumbers: '911', crisisHotlines: '988', orgContacts: 'Drop-in centre' });
    expect(org.hours).toBe(hours);
    expect(isOpen(hours, MONDAY_NOON_UTC)).toBe(false);
    expect(numbers).toEqual({ ambulance: '911', hotlines: '988' });
    expect(org.orgContacts()).toBe('Drop-in centre');
    expect(() => org.apply({ ...org.current, timezone: 'Nowhere/Nope' })).toThrow(/timezone/);
    expect(hours.timezone).toBe('America/New_York');

    // At start: saved values win; a saved value that no longer passes falls back to its default.
    stored = { workingHours: 'mon-sun 00:00-24:00', timezone: 'Nowhere/Nope' };
    expect(await org.refresh()).toEqual(['timezone']);
    expect(hours.timezone).toBe('Europe/Moscow');
    expect(org.current.workingHours).toBe('mon-sun 00:00-24:00');
    expect(numbers).toEqual({ ambulance: '103, 112', hotlines: null });
  });
});

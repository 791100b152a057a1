import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n.ts';
import { loadArticles } from '../../storage/files/articles.ts';
import { selfHelpSource } from './self-help-source.ts';

const t = createTranslator();

describe('self-help source', () => {
  it('reads a schedule given as a function each time an article is sent, falling back per language', async () => {
    let schedule: string | undefined = 'Mon 18:00–21:00 at the station';
    let ambulance = '103';
    const source = selfHelpSource(t, { ambulance: () => ambulance, services: 'Fixed services text', schedule: (lang) => (lang === 'en' ? schedule : undefined) }, { library: await loadArticles() });
    expect(source.render('bus-schedule', 'en')).toContain('Mon 18:00–21:00 at the station');
    expect(source.render('bus-schedule', 'ru')).toContain(t('ru', 'kb-ask-a-worker'));
    schedule = undefined;
    ambulance = '911';
    expect(source.render('bus-schedule', 'en')).toContain(t('en', 'kb-ask-a-worker'));
    expect(source.render('services', 'en')).toContain('Fixed services text');
  });

  it('still takes fixed values', async () => {
    const source = selfHelpSource(t, { ambulance: '112', services: undefined, schedule: 'Tue at the market' }, { library: await loadArticles() });
    expect(source.render('bus-schedule', 'ru')).toContain('Tue at the market');
  });
});

/** RU / EN switch for the pages shown before sign-in (the choice is kept in this browser). */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';

export function LanguagePicker(): ReactNode {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className="lang-switch end" role="group" aria-label={t('web-language')}>
      {(['ru', 'en'] as const).map((l) => (
        <button key={l} type="button" className="small" lang={l} aria-pressed={language === l} onClick={() => setLanguage(l)}>
          {l === 'ru' ? 'RU' : 'EN'}
        </button>
      ))}
    </div>
  );
}

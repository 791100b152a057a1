/** Organisation settings (admins), with the staff group's and the bot's status. */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../../../src/http/api/contract.ts';
import { useI18n } from '../../i18n.ts';
import { CheckboxGroup, ErrorBox, Loading, PageTitle, useAction, useFieldErrors, useLoad, useSession, type FieldSpec } from '../../ui/common.tsx';

type TextKey = 'orgName' | 'timezone' | 'workingHours' | 'holidays' | 'emergencyNumbers' | 'crisisHotlines' | 'orgContacts';
const TEXT_FIELDS: Array<{ key: TextKey; label: string; hint?: string; invalid?: string; multiline?: boolean; max: number }> = [
  { key: 'orgName', label: 'web-settings-org-name', invalid: 'web-settings-invalid-org-name', max: 120 },
  { key: 'timezone', label: 'web-settings-timezone', hint: 'web-settings-timezone-hint', invalid: 'web-settings-invalid-timezone', max: 64 },
  { key: 'workingHours', label: 'web-settings-working-hours', hint: 'web-settings-working-hours-hint', invalid: 'web-settings-invalid-working-hours', max: 300 },
  { key: 'holidays', label: 'web-settings-holidays', hint: 'web-settings-holidays-hint', invalid: 'web-settings-invalid-holidays', multiline: true, max: 2000 },
  { key: 'emergencyNumbers', label: 'web-settings-emergency', hint: 'web-settings-emergency-hint', invalid: 'web-settings-invalid-emergency', max: 100 },
  { key: 'crisisHotlines', label: 'web-settings-hotlines', max: 300 },
  { key: 'orgContacts', label: 'web-settings-contacts', multiline: true, max: 500 },
];

/** Every field the server may name in an error, with its label and what it should hold. */
const FIELDS: Record<string, FieldSpec> = {
  ...Object.fromEntries(TEXT_FIELDS.map((f) => [f.key, { id: `settings-${f.key}`, label: f.label, ...(f.invalid ? { invalid: f.invalid } : {}) }])),
  retentionDays: { id: 'settings-retention', label: 'web-settings-retention', invalid: 'web-settings-invalid-retention' },
  languages: { id: 'settings-languages', label: 'web-settings-languages', invalid: 'web-settings-invalid-languages' },
};

export function SettingsPage(): ReactNode {
  const { t } = useI18n();
  const { api } = useSession();
  const settings = useLoad((signal) => api.call('settings', { signal }), [api]);
  const [form, setForm] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const { invalid } = useFieldErrors(action.error, FIELDS);
  useEffect(() => {
    if (settings.data) setForm(settings.data);
  }, [settings.data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    setSaved(false);
    void action.run(async () => {
      const { staffGroup: _s, bot: _b, ...body } = form;
      const next = await api.call('saveSettings', { body });
      settings.setData(next);
      setSaved(true);
    });
  };

  return (
    <section>
      <PageTitle>{t('web-settings-title')}</PageTitle>
      <ErrorBox error={settings.error} />
      {!form && !settings.error && <Loading />}
      {form && (
        <>
          <section className="panel" aria-labelledby="status-title">
            <h2 id="status-title">{t('web-settings-status')}</h2>
            <dl className="status-list">
              <dt>{t('web-settings-bot')}</dt>
              <dd>
                {form.bot.username ? `@${form.bot.username}` : '—'} · {form.bot.running ? t('web-settings-running') : t('web-settings-stopped')} · {t('web-settings-telegram', { state: form.bot.telegram })} · {t('web-settings-mode', { mode: form.bot.mode })}
              </dd>
              <dt>{t('web-settings-staff-group')}</dt>
              <dd>{form.staffGroup.linked ? t('web-settings-linked') : t('web-settings-not-linked')}</dd>
            </dl>
          </section>
          <form onSubmit={submit} className="settings-form">
            {TEXT_FIELDS.map((f) => (
              <div className="field" key={f.key}>
                <label htmlFor={`settings-${f.key}`}>{t(f.label)}</label>
                {f.multiline ? (
                  <textarea id={`settings-${f.key}`} aria-invalid={invalid(f.key)} rows={3} maxLength={f.max} value={form[f.key]} aria-describedby={f.hint ? `settings-${f.key}-hint` : undefined} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
                ) : (
                  <input id={`settings-${f.key}`} aria-invalid={invalid(f.key)} maxLength={f.max} value={form[f.key]} aria-describedby={f.hint ? `settings-${f.key}-hint` : undefined} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
                )}
                {f.hint && (
                  <p className="hint" id={`settings-${f.key}-hint`}>
                    {t(f.hint)}
                  </p>
                )}
              </div>
            ))}
            <div className="field">
              <label htmlFor="settings-retention">{t('web-settings-retention')}</label>
              <input id="settings-retention" aria-invalid={invalid('retentionDays')} type="number" min={1} max={3650} value={form.retentionDays} aria-describedby="settings-retention-hint" onChange={(e) => setForm({ ...form, retentionDays: Number(e.target.value) })} />
              <p className="hint" id="settings-retention-hint">
                {t('web-settings-retention-hint')}
              </p>
            </div>
            <CheckboxGroup id="settings-languages" invalid={invalid('languages')} legend={t('web-settings-languages')} options={['ru', 'en'] as const} value={form.languages} onChange={(languages) => setForm({ ...form, languages })} label={(l) => t(`web-language-${l}`)} />
            <ErrorBox error={action.error} fields={FIELDS} />
            {saved && (
              <p className="notice" role="status">
                {t('web-saved')}
              </p>
            )}
            <button type="submit" className="primary" disabled={action.busy}>
              {t('web-save')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** Creates a reply snippet or a new version of one (doctors, supervisors, admins). */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { ErrorBox, useAction, useLoad, useSession } from '../../ui/common.tsx';

const EMPTY = { id: '', lang: 'ru' as 'ru' | 'en', title: '', body: '' };

export function SnippetEditor({ onSaved }: { onSaved(): void }): ReactNode {
  const { t } = useI18n();
  const { api } = useSession();
  const snippets = useLoad((signal) => api.call('snippets', { signal }), [api]);
  const [form, setForm] = useState(EMPTY);
  const [savedNote, setSavedNote] = useState('');
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSavedNote('');
    void action.run(async () => {
      const saved = await api.call('saveSnippet', { body: form });
      setSavedNote(t('web-snippet-saved', { title: saved.title, version: saved.version }));
      setForm(EMPTY);
      snippets.reload();
      onSaved();
    });
  };

  return (
    <section className="panel" aria-labelledby="snippet-editor-title">
      <h2 id="snippet-editor-title">{t('web-snippet-editor')}</h2>
      <div className="field inline">
        <label htmlFor="snippet-edit-pick">{t('web-snippet-edit-existing')}</label>
        <select
          id="snippet-edit-pick"
          value=""
          onChange={(e) => {
            const s = snippets.data?.find((x) => `${x.id}/${x.lang}` === e.target.value);
            if (s) setForm({ id: s.id, lang: s.lang, title: s.title, body: s.body });
          }}
        >
          <option value="">{t('web-snippet-choose')}</option>
          {(snippets.data ?? []).map((s) => (
            <option key={`${s.id}/${s.lang}`} value={`${s.id}/${s.lang}`}>
              {s.title} ({s.lang.toUpperCase()})
            </option>
          ))}
        </select>
      </div>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="snippet-id">{t('web-snippet-id')}</label>
          <input id="snippet-id" pattern="[a-z0-9\-]{2,48}" required aria-describedby="snippet-id-hint" value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value.toLowerCase() })} />
          <p className="hint" id="snippet-id-hint">
            {t('web-snippet-id-hint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="snippet-lang">{t('web-language')}</label>
          <select id="snippet-lang" value={form.lang} onChange={(e) => setForm({ ...form, lang: e.target.value as 'ru' | 'en' })}>
            <option value="ru">{t('web-language-ru')}</option>
            <option value="en">{t('web-language-en')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="snippet-title">{t('web-snippet-title')}</label>
          <input id="snippet-title" maxLength={120} required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="snippet-body">{t('web-snippet-body')}</label>
          <textarea id="snippet-body" rows={5} maxLength={3000} required value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} />
        </div>
        <p className="hint">{t('web-snippet-new-version-hint')}</p>
        <ErrorBox error={action.error} />
        {savedNote && (
          <p className="notice" role="status">
            {savedNote}
          </p>
        )}
        <button type="submit" className="primary" disabled={action.busy}>
          {t('web-save')}
        </button>
      </form>
    </section>
  );
}

/**
 * The reply box: send to the client through the bot or add an internal note; insert a
 * snippet (verified ones marked) or a quick reply. A reply keeps its request id across
 * retries so a repeated click after a network error is delivered once.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Snippet, TranscriptMessage } from '../../../../src/http/api/contract.ts';
import { ApiFailure, newRequestId } from '../../api.ts';
import { createT, formatDate, useI18n } from '../../i18n.ts';
import { ErrorBox, useAction, useLoad, useSession } from '../../ui/common.tsx';

const QUICK_REPLIES = ['web-quick-hello', 'web-quick-reading', 'web-quick-ambulance', 'web-quick-anything-else'] as const;

export function ReplyBox({ caseId, clientLanguage, disabled, onSent }: { caseId: number; clientLanguage: 'ru' | 'en'; disabled: boolean; onSent(message: TranscriptMessage | null): void }): ReactNode {
  const { t, language } = useI18n();
  const { api } = useSession();
  const [text, setText] = useState('');
  const pending = useRef<{ text: string; requestId: string } | null>(null);
  const action = useAction();
  const snippets = useLoad((signal) => api.call('snippets', { signal }), [api]);
  const [snippetId, setSnippetId] = useState('');
  const textRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // When the phone keyboard opens the viewport shrinks: bring the whole composer (with Send) back into view.
  useEffect(() => {
    const onResize = () => {
      const form = formRef.current;
      if (form && document.activeElement && form.contains(document.activeElement)) form.scrollIntoView({ block: 'nearest' });
    };
    window.addEventListener('resize', onResize);
    globalThis.visualViewport?.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      globalThis.visualViewport?.removeEventListener('resize', onResize);
    };
  }, []);
  const clientT = createT(clientLanguage);

  const insert = (value: string) => {
    setText((current) => (current.trim() ? `${current.trimEnd()}\n\n${value}` : value));
    textRef.current?.focus();
  };

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body) return;
    if (pending.current?.text !== body) pending.current = { text: body, requestId: newRequestId() };
    const { requestId } = pending.current;
    void action.run(async () => {
      let message: TranscriptMessage | null = null;
      try {
        message = await api.call('reply', { params: { id: caseId }, body: { text: body, requestId } });
      } catch (error) {
        // The first attempt did arrive (its answer was lost): nothing to resend.
        if (!(error instanceof ApiFailure && error.code === 'duplicate-request')) throw error;
      }
      pending.current = null;
      setText('');
      onSent(message);
    });
  };

  const note = () => {
    const body = text.trim();
    if (!body) return;
    void action.run(async () => {
      const message = await api.call('note', { params: { id: caseId }, body: { text: body } });
      setText('');
      onSent(message);
    });
  };

  const list: Snippet[] = [...(snippets.data ?? [])].sort((a, b) => Number(b.lang === clientLanguage) - Number(a.lang === clientLanguage) || a.title.localeCompare(b.title));
  const chosen = list.find((s) => `${s.id}/${s.lang}` === snippetId);

  return (
    <form className="reply-box" ref={formRef} onSubmit={send}>
      <div className="field">
        <label htmlFor="reply-text">{t('web-reply-label')}</label>
        <textarea
          id="reply-text"
          ref={textRef}
          rows={3}
          maxLength={4000}
          value={text}
          disabled={disabled}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send();
          }}
          aria-describedby="reply-hint"
        />
        <p id="reply-hint" className="hint">
          {t('web-reply-hint', { language: t(`web-language-${clientLanguage}`) })}
        </p>
      </div>
      {/* Quick replies and snippets fold away, so the composer stays small enough to stay on screen. */}
      <details className="composer-extras">
        <summary>{t('web-reply-extras')}</summary>
        <div className="quick-replies" role="group" aria-label={t('web-quick-replies')}>
          <span className="muted">{t('web-quick-replies')}:</span>
          {QUICK_REPLIES.map((key) => (
            <button key={key} type="button" className="chip" disabled={disabled} onClick={() => insert(clientT(key))}>
              {clientT(key)}
            </button>
          ))}
        </div>
        <div className="snippet-picker">
          <div className="field inline">
            <label htmlFor="snippet-select">{t('web-snippet-label')}</label>
            <select id="snippet-select" value={snippetId} onChange={(e) => setSnippetId(e.target.value)} disabled={disabled}>
              <option value="">{t('web-snippet-choose')}</option>
              {list.map((s) => (
                <option key={`${s.id}/${s.lang}`} value={`${s.id}/${s.lang}`}>
                  {s.verified ? `✔ ${s.title} (${s.lang.toUpperCase()}, ${t('web-kb-verified-on', { date: formatDate(language, s.verified.at) })})` : `${s.title} (${s.lang.toUpperCase()}, ${t('web-kb-not-verified')})`}
                </option>
              ))}
            </select>
          </div>
          <button type="button" disabled={!chosen || disabled} onClick={() => chosen && insert(chosen.body)}>
            {t('web-snippet-insert')}
          </button>
        </div>
        {chosen && (
          <p className="snippet-preview">
            {chosen.verified ? (
              <span className="badge verified">{t('web-kb-verified-on', { date: formatDate(language, chosen.verified.at) })}</span>
            ) : (
              <span className="badge unverified">{t('web-kb-not-verified')}</span>
            )}{' '}
            {chosen.body}
          </p>
        )}
      </details>
      <ErrorBox error={snippets.error} />
      <ErrorBox error={action.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={disabled || action.busy || !text.trim()} data-testid="reply-send">
          {t('web-reply-send')}
        </button>
        <button type="button" disabled={action.busy || !text.trim()} onClick={note}>
          {t('web-note-add')}
        </button>
      </div>
    </form>
  );
}

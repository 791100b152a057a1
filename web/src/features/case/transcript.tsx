/**
 * The case transcript. Message text is rendered as React text nodes only, so HTML or
 * script a client sends shows literally and never runs.
 */
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { TranscriptMessage } from '../../../../src/http/api/contract.ts';
import { buildPath } from '../../api.ts';
import { formatDateTime, useI18n, type T } from '../../i18n.ts';
import { codeName } from '../../ui/labels.ts';

function fileUrl(caseId: number, messageId: number): string {
  return buildPath('/api/cases/:id/messages/:messageId/file', { id: caseId, messageId });
}

function Media({ caseId, message }: { caseId: number; message: TranscriptMessage }): ReactNode {
  const { t } = useI18n();
  const media = message.media;
  if (!media) return null;
  if (!media.available) return <p className="media-gone">{t('web-media-unavailable', { kind: codeName(t, 'kind', media.kind) })}</p>;
  const url = fileUrl(caseId, message.id);
  switch (media.kind) {
    case 'photo':
      return (
        <a href={url} target="_blank" rel="noopener noreferrer" className="photo-link">
          <img className="photo" src={url} alt={t('web-media-photo')} loading="lazy" />
        </a>
      );
    case 'voice':
    case 'audio':
      return (
        <div className="voice">
          <audio controls preload="none" src={url} aria-label={t('web-media-voice')} />
          {media.duration !== null && <span className="muted"> {t('web-media-duration', { seconds: media.duration })}</span>}
        </div>
      );
    case 'video':
    case 'video_note':
      return <video controls preload="none" src={url} className="video" aria-label={t('web-media-video')} />;
    default:
      return (
        <a href={url} download={media.fileName ?? true} className="document">
          <span aria-hidden="true">⬇ </span>
          {media.fileName ?? codeName(t, 'kind', media.kind)}
          <span className="visually-hidden"> ({t('web-media-download')})</span>
        </a>
      );
  }
}

function Delivery({ message }: { message: TranscriptMessage }): ReactNode {
  const { t } = useI18n();
  if ((message.direction !== 'out' && message.direction !== 'bot') || message.delivery === null) return null;
  if (message.delivery === 'failed') {
    return (
      <p className="delivery failed" data-testid="delivery-failed">
        <span aria-hidden="true">✖ </span>
        {t(`web-delivery-failed-${message.failure ?? 'error'}`)}
      </p>
    );
  }
  return (
    <p className={`delivery ${message.delivery}`}>
      <span aria-hidden="true">{message.delivery === 'sent' ? '✓ ' : '… '}</span>
      {t(`web-delivery-${message.delivery}`)}
    </p>
  );
}

/** Who a row is from: the client (a message or a button they pressed), a worker, a note, or the bot itself. */
function whoOf(t: T, m: TranscriptMessage): string {
  switch (m.direction) {
    case 'in':
      return t('web-from-client');
    case 'note':
      return t('web-from-note', { alias: m.staffAlias ?? '—' });
    case 'bot':
      return t('web-from-bot');
    case 'out':
      return t('web-from-worker', { alias: m.staffAlias ?? '—' });
  }
}

/**
 * The conversation in order: the client's messages and button choices, workers' replies,
 * internal notes, and what the bot itself sent (acknowledgements, guide steps, articles),
 * each styled apart.
 */
export function Transcript({ caseId, messages }: { caseId: number; messages: readonly TranscriptMessage[] }): ReactNode {
  const { t, language } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const last = messages.at(-1)?.id;
  // Opens at the newest message, and follows new ones unless the reader scrolled up to read.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [last]);
  return (
    <div
      className="transcript-scroll"
      ref={box}
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label={t('web-transcript')}
      data-testid="transcript-log"
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {messages.length === 0 ? <p className="empty">{t('web-transcript-empty')}</p> : <Messages caseId={caseId} messages={messages} t={t} language={language} />}
    </div>
  );
}

function Messages({ caseId, messages, t, language }: { caseId: number; messages: readonly TranscriptMessage[]; t: T; language: 'ru' | 'en' }): ReactNode {
  return (
    <ol className="transcript" data-testid="transcript">
      {messages.map((m) => {
        const choice = m.kind === 'choice';
        return (
          <li key={m.id} className={`message ${m.direction}${choice ? ' choice' : ''}`} data-testid={choice ? 'message-choice' : `message-${m.direction}`}>
            <div className="message-head">
              <span className="who">{whoOf(t, m)}</span>
              <time dateTime={new Date(m.at).toISOString()}>{formatDateTime(language, m.at)}</time>
            </div>
            {choice ? (
              <p className="message-text choice-text">{t('web-client-chose', { choice: m.text ?? '—' })}</p>
            ) : (
              <>
                {m.kind !== 'text' && !m.media && <p className="muted">[{codeName(t, 'kind', m.kind)}]</p>}
                <Media caseId={caseId} message={m} />
                {m.text !== null && <p className="message-text">{m.text}</p>}
              </>
            )}
            <Delivery message={m} />
          </li>
        );
      })}
    </ol>
  );
}

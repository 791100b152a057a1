/**
 * The case transcript. Message text is rendered as React text nodes only, so HTML or
 * script a client sends shows literally and never runs.
 */
import type { ReactNode } from 'react';
import type { TranscriptMessage } from '../../../../src/http/api/contract.ts';
import { buildPath } from '../../api.ts';
import { formatDateTime, useI18n } from '../../i18n.ts';
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
  if (message.direction !== 'out' || message.delivery === null) return null;
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

export function Transcript({ caseId, messages }: { caseId: number; messages: readonly TranscriptMessage[] }): ReactNode {
  const { t, language } = useI18n();
  if (messages.length === 0) return <p className="empty">{t('web-transcript-empty')}</p>;
  return (
    <ol className="transcript" data-testid="transcript" aria-label={t('web-transcript')}>
      {messages.map((m) => {
        const who = m.direction === 'in' ? t('web-from-client') : m.direction === 'note' ? t('web-from-note', { alias: m.staffAlias ?? '—' }) : t('web-from-worker', { alias: m.staffAlias ?? '—' });
        return (
          <li key={m.id} className={`message ${m.direction}`} data-testid={`message-${m.direction}`}>
            <div className="message-head">
              <span className="who">{who}</span>
              <time dateTime={new Date(m.at).toISOString()}>{formatDateTime(language, m.at)}</time>
            </div>
            {m.kind !== 'text' && !m.media && <p className="muted">[{codeName(t, 'kind', m.kind)}]</p>}
            <Media caseId={caseId} message={m} />
            {m.text !== null && <p className="message-text">{m.text}</p>}
            <Delivery message={m} />
          </li>
        );
      })}
    </ol>
  );
}

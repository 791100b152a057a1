/** Posts for the organisation's read-only channel: draft, approve (supervisors), publish, delete. */
import { useState, type ReactNode } from 'react';
import { formatDateTime, useI18n } from '../../i18n.ts';
import { ApiFailure } from '../../api.ts';
import { ErrorBox, Loading, PageTitle, can, useAction, useLoad, useSession } from '../../ui/common.tsx';

export function ChannelPage(): ReactNode {
  const { t, language } = useI18n();
  const { api, me } = useSession();
  const posts = useLoad((signal) => api.call('channelPosts', { signal }), [api]);
  const [text, setText] = useState('');
  const [publishAt, setPublishAt] = useState('');
  const draft = useAction();
  const act = useAction();
  const supervisor = can(me.account.role, 'supervise');

  // Without a channel there is nothing to draft into: say so once, and offer no form that cannot save.
  if (posts.error instanceof ApiFailure && posts.error.code === 'channel-off') {
    return (
      <section>
        <PageTitle>{t('web-channel-title')}</PageTitle>
        <p className="notice" data-testid="channel-off">
          {t('web-channel-off')}
        </p>
      </section>
    );
  }
  if (!posts.data && !posts.error) {
    return (
      <section>
        <PageTitle>{t('web-channel-title')}</PageTitle>
        <Loading />
      </section>
    );
  }

  return (
    <section>
      <PageTitle>{t('web-channel-title')}</PageTitle>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void draft.run(async () => {
            await api.call('draftChannelPost', { body: { text, ...(publishAt ? { publishAt: publishAt.replace('T', ' ') } : {}) } });
            setText('');
            setPublishAt('');
            posts.reload();
          });
        }}
      >
        <h2>{t('web-channel-new')}</h2>
        <p className="hint">{t('web-channel-hint')}</p>
        <div className="field">
          <label htmlFor="channel-text">{t('web-channel-text')}</label>
          <textarea id="channel-text" rows={5} maxLength={4096} required value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="channel-when">{t('web-channel-when')}</label>
          <input id="channel-when" type="datetime-local" value={publishAt} onChange={(e) => setPublishAt(e.target.value)} />
        </div>
        <ErrorBox error={draft.error} />
        <button type="submit" className="primary" disabled={draft.busy}>
          {t('web-channel-draft')}
        </button>
      </form>
      <ErrorBox error={posts.error ?? act.error} />
      {posts.data?.length === 0 && <p className="muted">{t('web-channel-empty')}</p>}
      {posts.data && posts.data.length > 0 && (
        <ul className="channel-posts">
          {posts.data.map((p) => (
            <li key={p.id} className="card" data-testid="channel-post">
              <p className="muted">
                {t('web-channel-post-number', { id: String(p.id) })} · {t(`web-channel-status-${p.status}`)}
                {p.publishAt !== null && p.status !== 'published' ? ` · ${formatDateTime(language, p.publishAt)}` : ''}
                {p.publishedAt !== null ? ` · ${formatDateTime(language, p.publishedAt)}` : ''}
              </p>
              <p className="post-text">{p.text}</p>
              <div className="toolbar">
                {p.status === 'draft' && supervisor && (
                  <button type="button" disabled={act.busy} onClick={() => void act.run(async () => (await api.call('channelPostAction', { params: { id: p.id, action: 'approve' } }), posts.reload()))}>
                    {t('web-channel-approve')}
                  </button>
                )}
                {p.status !== 'published' && (supervisor || p.status !== 'draft') && (
                  <button type="button" disabled={act.busy} onClick={() => void act.run(async () => (await api.call('channelPostAction', { params: { id: p.id, action: 'publish' } }), posts.reload()))}>
                    {t('web-channel-publish')}
                  </button>
                )}
                {(p.status !== 'published' || supervisor) && (
                  <button type="button" disabled={act.busy} onClick={() => void act.run(async () => (await api.call('channelPostAction', { params: { id: p.id, action: 'delete' } }), posts.reload()))}>
                    {t('web-channel-delete')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The knowledge base: guides, articles and snippets by kind, with their verification state. */
import type { ReactNode } from 'react';
import { KB_KINDS, type KbItem } from '../../../../src/http/api/contract.ts';
import { useI18n } from '../../i18n.ts';
import { href } from '../../router.ts';
import { can, ErrorBox, Loading, PageTitle, useLoad, useSession } from '../../ui/common.tsx';
import { codeName } from '../../ui/labels.ts';
import { SnippetEditor } from './snippet-editor.tsx';
import { VerificationBadge } from './verification-badge.tsx';

export function KbPage(): ReactNode {
  const { t } = useI18n();
  const { api, me } = useSession();
  const items = useLoad((signal) => api.call('kb', { signal }), [api]);
  const byKind = (kind: KbItem['kind']) => (items.data ?? []).filter((i) => i.kind === kind).sort((a, b) => a.title.localeCompare(b.title) || a.lang.localeCompare(b.lang));
  return (
    <section>
      <PageTitle>{t('web-kb-title')}</PageTitle>
      <p className="muted">{t('web-kb-intro')}</p>
      <ErrorBox error={items.error} />
      {!items.data && !items.error && <Loading />}
      {items.data &&
        KB_KINDS.map((kind) => (
          <section key={kind} aria-labelledby={`kb-${kind}`}>
            <h2 id={`kb-${kind}`}>{codeName(t, 'kb-kind', kind)}</h2>
            {byKind(kind).length === 0 ? (
              <p className="muted">{t('web-kb-empty')}</p>
            ) : (
              <ul className="kb-list">
                {byKind(kind).map((item) => (
                  <li key={`${item.id}/${item.lang}`}>
                    <a href={href('kb', item.kind, item.id, item.lang)}>
                      {item.title} <span className="muted">({item.lang.toUpperCase()})</span>
                    </a>
                    <VerificationBadge item={item} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      {can(me.account.role, 'editContent') && <SnippetEditor onSaved={items.reload} />}
    </section>
  );
}

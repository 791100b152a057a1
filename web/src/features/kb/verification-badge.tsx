/** Verified / needs review / not verified, in words and an icon (never colour alone). */
import type { ReactNode } from 'react';
import type { KbItem } from '../../../../src/http/api/contract.ts';
import { formatDate, useI18n } from '../../i18n.ts';

export function VerificationBadge({ item }: { item: Pick<KbItem, 'verified' | 'needsReview'> }): ReactNode {
  const { t, language } = useI18n();
  if (item.needsReview)
    return (
      <span className="badge wrap review">
        <span aria-hidden="true">⚠ </span>
        {t('web-kb-needs-review')}
      </span>
    );
  if (item.verified)
    return (
      <span className="badge wrap verified">
        <span aria-hidden="true">✔ </span>
        {t('web-kb-verified-until', { date: formatDate(language, item.verified.at), review: formatDate(language, item.verified.reviewAt) })}
      </span>
    );
  return (
    <span className="badge wrap unverified">
      <span aria-hidden="true">✖ </span>
      {t('web-kb-not-verified')}
    </span>
  );
}

/** The Save and Cancel buttons that end an edit form. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

/**
 * The footer of an edit form: a primary Save (submits the form, disabled while `busy`)
 * and a Cancel that calls `onCancel` without submitting.
 */
export function FormFooter({ busy, onCancel }: { busy: boolean; onCancel(): void }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={busy}>
        {t('web-save')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('web-cancel')}
      </button>
    </div>
  );
}

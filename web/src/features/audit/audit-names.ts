/** The audit log's actions by name, in the UI language. */
import { hasMessage, type T } from '../../i18n.ts';

/** The actions the dashboard and the CLI record, offered in the filter by name. */
export const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.failed',
  'auth.setup',
  'auth.password-changed',
  'auth.sign-out-everywhere',
  'staff.invite',
  'staff.change',
  'staff.reset',
  'case.open',
  'case.assign',
  'case.close',
  'case.reopen',
  'kb.snippet',
  'kb.verify',
  'mobile.stop.create',
  'mobile.stop.update',
  'mobile.stop.delete',
  'mobile.exception.add',
  'mobile.exception.delete',
  'settings.change',
  'rota.change',
  'report.export',
] as const;

/** An action by name ("Signed in"); one the UI does not know shows as its code. */
export function actionName(t: T, action: string): string {
  const key = `web-audit-do-${action.replace(/[._]/g, '-')}`;
  return hasMessage(key) ? t(key) : action;
}

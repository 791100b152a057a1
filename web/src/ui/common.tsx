/** Small building blocks shared by the dashboard's pages. */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Me, Role } from '../../../src/http/api/contract.ts';
import { ACCESS, type Access } from '../../../src/http/api/contract.ts';
import { ApiFailure, type ApiClient } from '../api.ts';
import { hasMessage, useI18n, type T } from '../i18n.ts';

/** The signed-in session the pages work in. */
export interface Session {
  me: Me;
  api: ApiClient;
  setMe(me: Me): void;
  /** Announces text to screen readers (the page's aria-live region). */
  announce(text: string): void;
}

export const SessionContext = createContext<Session | null>(null);

/** The session; pages are only rendered inside one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** True when the role belongs to the access group. */
export function can(role: Role, access: Access): boolean {
  return (ACCESS[access] as readonly Role[]).includes(role);
}

/**
 * A user-facing text for a failed request: the translation of its code when the UI has one
 * (`web-error-<code>`), otherwise the server's message, which is written to be safe to show.
 */
export function errorText(t: T, error: unknown): string {
  if (error instanceof ApiFailure) {
    // 'invalid' is both a failed sign-in (401) and a request that failed validation (400).
    if (error.code === 'invalid') return t(error.status === 401 ? 'web-error-invalid-credentials' : 'web-error-invalid-input');
    const key = `web-error-${error.code}`;
    if (hasMessage(key)) return t(key, { seconds: error.retryAfter ?? 0, message: error.message });
    if (error.status >= 500) return t('web-error-server-error');
    return error.message || t('web-error-unknown');
  }
  return t('web-error-unknown');
}

/** How a form names one of its fields in error messages, and where the field is. */
export interface FieldSpec {
  /** The element's id (focus goes there when it is the first invalid field). */
  id: string;
  /** The message key of the field's label. */
  label: string;
  /** The message key that says what the field should hold (shown instead of the server's English). */
  invalid?: string;
}

/** Names of fields that several forms send, for errors of a form that gave no `fields`. */
const COMMON_FIELDS: Readonly<Record<string, string>> = {
  login: 'web-field-name-login',
  password: 'web-field-name-password',
  current: 'web-field-name-current',
  next: 'web-field-name-next',
  alias: 'web-field-name-alias',
  role: 'web-field-name-role',
  id: 'web-field-name-id',
  title: 'web-field-name-title',
  body: 'web-field-name-text',
  text: 'web-field-name-text',
  name: 'web-field-name-name',
  lang: 'web-field-name-language',
  language: 'web-field-name-language',
  publishAt: 'web-field-name-publish-at',
  slots: 'web-field-name-slots',
  totp: 'web-field-name-totp',
};

/** Server issue texts the UI says in its own words. */
const KNOWN_ISSUES: Readonly<Record<string, string>> = {
  'at least 12 characters': 'web-field-password-short',
  'looks like identifying details': 'web-report-invalid-identifying',
  '3-32 letters, digits, dot, dash or underscore': 'web-field-login-format',
};

/**
 * The form fields an API failure's issues point at, in order: `body.workingHours` and
 * `body.referrals.0.note` give `workingHours` and `referrals`.
 */
export function invalidFields(error: unknown): string[] {
  if (!(error instanceof ApiFailure)) return [];
  const names = error.issues.map((issue) => issue.path.replace(/^(body|query|params)\./, '').split('.')[0] ?? '').filter(Boolean);
  return [...new Set(names)];
}

/**
 * Marks a form's invalid fields: `invalid(name)` is what `aria-invalid` takes, and when a
 * failure arrives focus moves to the first invalid field (not to `<body>`).
 */
export function useFieldErrors(error: unknown, fields: Readonly<Record<string, FieldSpec>>): { invalid(name: string): true | undefined } {
  const names = invalidFields(error);
  const first = names.find((n) => fields[n]);
  const firstId = first ? fields[first]?.id : undefined;
  useEffect(() => {
    if (!error || !firstId) return;
    const element = document.getElementById(firstId);
    // A group (a fieldset of checkboxes) gives focus to its first control.
    const target = element?.matches('input, select, textarea, button') ? element : element?.querySelector<HTMLElement>('input, select, textarea, button');
    target?.focus();
  }, [error, firstId]);
  return { invalid: (name) => (names.includes(name) ? true : undefined) };
}

/**
 * An error shown to the user: role=alert so it is read out, with field issues listed. With
 * `fields`, each issue names its field by its translated label and says what is wrong in the
 * UI language (the server's issue texts are English and are not shown then).
 */
export function ErrorBox({ error, id, fieldLabel, fields }: { error: unknown; id?: string; fieldLabel?: (path: string) => string | undefined; fields?: Readonly<Record<string, FieldSpec>> }): ReactNode {
  const { t } = useI18n();
  if (!error) return null;
  const issues = error instanceof ApiFailure ? error.issues : [];
  const message = (issue: { message: string }, spec?: FieldSpec) => {
    if (issue.message === 'required') return t('web-field-required');
    if (spec?.invalid) return t(spec.invalid);
    const known = KNOWN_ISSUES[issue.message];
    return t(known ?? 'web-field-invalid');
  };
  const line = (issue: { path: string; message: string }): ReactNode => {
    const name = issue.path.replace(/^(body|query|params)\./, '').split('.')[0] ?? '';
    const spec = fields?.[name];
    if (spec) return `${t(spec.label)}: ${message(issue, spec)}`;
    // Never a raw key or the server's English: a known field by name, any other as "another field".
    const common = COMMON_FIELDS[name];
    const label = (issue.path ? fieldLabel?.(issue.path) : undefined) ?? (common ? t(common) : t('web-field-other'));
    return `${label}: ${message(issue)}`;
  };
  // One line per field: several issues of one field say the same thing once translated.
  const shown = fields ? issues.filter((issue, i) => issues.findIndex((other) => other.path.split('.').slice(0, 2).join('.') === issue.path.split('.').slice(0, 2).join('.')) === i) : issues;
  return (
    <div className="error-box" role="alert" id={id}>
      <p>
        <span aria-hidden="true">⚠ </span>
        {errorText(t, error)}
      </p>
      {shown.length > 0 && (
        <ul>
          {shown.map((issue, i) => (
            <li key={i}>{line(issue)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Loads data for a page; `reload` fetches again. Aborts when the component goes away. */
export function useLoad<V>(load: (signal: AbortSignal) => Promise<V>, deps: readonly unknown[]): { data: V | undefined; error: unknown; loading: boolean; reload(): void; setData(v: V): void } {
  const [data, setData] = useState<V | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [tick, ...deps]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

/** Runs an action with busy and error state (for buttons and forms). */
export function useAction(): { busy: boolean; error: unknown; run<V>(action: () => Promise<V>): Promise<V | undefined>; clear(): void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <V,>(action: () => Promise<V>) => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}

/** A page heading that takes focus when the page opens, so screen readers hear where they are. */
export function PageTitle({ children }: { children: ReactNode }): ReactNode {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref} className="page-title">
      {children}
    </h1>
  );
}

/** "Loading…" for screen readers and eyes. */
export function Loading(): ReactNode {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('web-loading')}
    </p>
  );
}

/** Toggles a value in a list (for checkbox groups). */
export function toggle<V>(list: readonly V[], value: V, on: boolean): V[] {
  return on ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value);
}

/** A group of checkboxes over a fixed set of codes with translated labels. */
export function CheckboxGroup<V extends string>({ legend, options, value, onChange, label, hint, id, invalid }: { legend: string; options: readonly V[]; value: readonly V[]; onChange(next: V[]): void; label(v: V): string; hint?: string; id?: string; invalid?: true | undefined }): ReactNode {
  return (
    <fieldset className="checkbox-group" id={id} aria-invalid={invalid}>
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      <div className="checkbox-grid">
        {options.map((option) => (
          <label key={option} className="check">
            <input type="checkbox" checked={value.includes(option)} onChange={(e) => onChange(toggle(value, option, e.target.checked))} />
            <span>{label(option)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

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
    const key = `web-error-${error.code}`;
    if (hasMessage(key)) return t(key, { seconds: error.retryAfter ?? 0, message: error.message });
    if (error.status >= 500) return t('web-error-server-error');
    return error.message || t('web-error-unknown');
  }
  return t('web-error-unknown');
}

/** An error shown to the user: role=alert so it is read out, with field issues listed. */
export function ErrorBox({ error, id, fieldLabel }: { error: unknown; id?: string; fieldLabel?: (path: string) => string | undefined }): ReactNode {
  const { t } = useI18n();
  const issueText = (message: string) => (message === 'required' ? t('web-field-required') : message);
  if (!error) return null;
  const issues = error instanceof ApiFailure ? error.issues : [];
  return (
    <div className="error-box" role="alert" id={id}>
      <p>
        <span aria-hidden="true">⚠ </span>
        {errorText(t, error)}
      </p>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue, i) => (
            <li key={i}>
              {issue.path ? fieldLabel?.(issue.path) ?? <code>{issue.path}</code> : null}
              {issue.message ? `: ${issueText(issue.message)}` : null}
            </li>
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
export function CheckboxGroup<V extends string>({ legend, options, value, onChange, label, hint }: { legend: string; options: readonly V[]; value: readonly V[]; onChange(next: V[]): void; label(v: V): string; hint?: string }): ReactNode {
  return (
    <fieldset className="checkbox-group">
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

// Shared pieces: navigation, form fields with their errors, data loading.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import { t } from './i18n';

let onNavigate: (path: string) => void = () => {};
export function setNavigator(fn: (path: string) => void) {
  onNavigate = fn;
}
export function navigate(path: string) {
  history.pushState(null, '', path);
  onNavigate(path);
}

export function Link(props: { href: string; children: ComponentChildren; class?: string; current?: boolean }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

export type Errors = Record<string, string>;

// Turns an API error into messages keyed by field ('' for the form as a whole).
export function errorsOf(e: unknown, fields: string[] = []): Errors {
  if (e instanceof ApiError) {
    if (e.field && fields.includes(e.field)) return { [e.field]: e.message };
    return { '': e.field ? `${e.field}: ${e.message}` : e.message };
  }
  return { '': t('error.network') };
}

export function FormError({ errors }: { errors: Errors }) {
  return errors[''] ? (
    <p class="error" role="alert">
      <span aria-hidden="true">⚠ </span>
      {errors['']}
    </p>
  ) : null;
}

type FieldProps = {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (aria: Record<string, string | boolean | undefined>) => ComponentChildren;
};

export function Field({ id, label, hint, error, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={'field' + (error ? ' has-error' : '')}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': error ? 'true' : undefined })}
      {error && (
        <p class="error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setError(undefined);
    load().then(
      (d) => live && setData(d),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return { data, error, reload: () => setN((x) => x + 1), setData };
}

export function Loading({ error }: { error?: unknown }) {
  if (error) {
    return (
      <p class="error" role="alert">
        <span aria-hidden="true">⚠ </span>
        {typeof error === 'string' ? error : error instanceof ApiError ? error.message : t('error.network')}
      </p>
    );
  }
  return <p role="status">{t('common.loading')}</p>;
}

export function Page(props: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · MSFit`;
    const h = document.getElementById('page-title');
    h?.focus({ preventScroll: true });
  }, [props.title]);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {props.title}
      </h1>
      {props.children}
    </>
  );
}

// Shared pieces: navigation, form fields with their errors, data loading.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import type { Refused } from './queue';
import { duration, t, type Key } from './i18n';

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

// What to tell the person about a request that failed: the app's own words where it has them
// for that answer (`own`, by HTTP status), else the server's message (written in the reader's
// language), else - no answer at all - that the connection failed.
export function errorText(e: unknown, own: Partial<Record<number, string>> = {}): string {
  if (typeof e === 'string') return e;
  if (e instanceof ApiError) return own[e.status] ?? (e.message || t('error.server', { status: e.status }));
  return t('error.network');
}

// A write from the offline queue that the server refused: why, in the server's words.
export function refusedText(r: Refused): string {
  return t('sync.refused', { why: r.message || t('error.server', { status: r.status }) });
}

// Turns an API error into messages keyed by field ('' for the form as a whole).
export function errorsOf(e: unknown, fields: string[] = []): Errors {
  if (e instanceof ApiError) {
    if (e.field && fields.includes(e.field)) return { [e.field]: errorText(e) };
    return { '': e.field ? `${e.field}: ${errorText(e)}` : errorText(e) };
  }
  return { '': errorText(e) };
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
  error?: ComponentChildren;
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
        {errorText(error)}
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

// Focuses the first of these fields that has an error, once the error is on the screen (so that
// a screen reader reads the field with its message).
export function focusFirstError(errors: Errors, fields: [field: string, id: string][]) {
  const first = fields.find(([f]) => errors[f]);
  if (first) setTimeout(() => document.getElementById(first[1])?.focus(), 0);
}

// A message for the next screen, shown once (the sign-in screen after signing out everywhere).
let flashed: Key | null = null;
export function flash(key: Key) {
  flashed = key;
}
export function takeFlash(): Key | null {
  const key = flashed;
  flashed = null;
  return key;
}

// Waits the server asks for, with Retry-After in seconds: 429 too_many_attempts (too many wrong
// passwords for a name or from an address) and 503 busy (the password-check queue is full).
export type WaitReason = 'attempts' | 'busy';
export function waitOf(e: unknown): { seconds: number; reason: WaitReason } | null {
  if (!(e instanceof ApiError)) return null;
  if (e.status === 429) return { seconds: e.retryAfter ?? 1, reason: 'attempts' };
  if (e.status === 503 && (e.code === 'busy' || e.retryAfter !== undefined)) return { seconds: e.retryAfter ?? 2, reason: 'busy' };
  return null;
}

export function waitText(reason: WaitReason, seconds: number): string {
  return t(reason === 'busy' ? 'wait.busy' : 'wait.too_many', { time: duration(seconds) });
}

// A countdown for a form whose button must wait. `left` counts down every second on the screen;
// `said`, for the polite live region, changes only when the wait starts and when it ends, so that
// a screen reader is not interrupted every second.
export function useWait() {
  const [until, setUntil] = useState(0);
  const [left, setLeft] = useState(0);
  const [reason, setReason] = useState<WaitReason>('attempts');
  const [said, setSaid] = useState('');
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => {
      const s = Math.ceil((until - Date.now()) / 1000);
      if (s > 0) {
        setLeft(s);
        return;
      }
      clearInterval(timer);
      setLeft(0);
      setUntil(0);
      setSaid(t('wait.ready'));
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  return {
    waiting: left > 0,
    left,
    reason,
    said,
    // Starts the wait the error asks for; false when it asks for none.
    start(e: unknown): boolean {
      const w = waitOf(e);
      if (!w) return false;
      const s = Math.max(1, Math.ceil(w.seconds));
      setReason(w.reason);
      setLeft(s);
      setUntil(Date.now() + s * 1000);
      setSaid(waitText(w.reason, s));
      return true;
    },
    // Before the next attempt: "You can try again now" is no longer news.
    clear() {
      setSaid('');
    },
  };
}
export type Wait = ReturnType<typeof useWait>;

// The countdown on the screen (not live: read on request) and the polite live region beside it.
// The live region is always there (keyed, so never swapped for the notice): a region that
// appears together with its text is not reliably announced.
export function WaitNotice({ wait, id }: { wait: Wait; id: string }) {
  const shown = wait.left > 0 ? waitText(wait.reason, wait.left) : wait.said;
  return (
    <>
      <p key="said" class="sr-only" role="status" aria-live="polite" data-testid="wait-status">{wait.said}</p>
      {shown ? <p key="shown" class="notice wait" id={id} data-testid="wait">{shown}</p> : null}
    </>
  );
}

// Attributes of a submit button that must not send now (a request on its way, or a wait): still
// focusable and announced as unavailable, described by the countdown.
export function offWhile(busy: boolean, wait: Wait, waitId: string) {
  const shown = wait.left > 0 || !!wait.said;
  return {
    'aria-disabled': busy || wait.waiting ? ('true' as const) : undefined,
    'aria-describedby': shown ? waitId : undefined,
  };
}

// A table that may be wider than a phone: it scrolls sideways inside its own box (reachable by
// keyboard, named for a screen reader), never the page.
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

// A number and its unit, kept on one line ("24.2 s", "80 kg").
export function withUnit(value: string, unit?: string): string {
  return unit ? `${value}\u00a0${unit}` : value;
}

// A plan change as the server summarises it, without the catalogue ids it adds in brackets
// ("Leg press machine (leg_press_machine) replaced by …"): the names say it.
export function plainSummary(summary: string): string {
  return summary.replace(/\s*\([a-z0-9]+(?:_[a-z0-9]+)+\)/g, '');
}

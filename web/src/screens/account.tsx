// Signing in, in Settings: sign out here, sign out on all devices (behind a confirmation), and
// change the password. Every password check on the server is throttled: 429 and 503 busy give
// a countdown on the button, as on the sign-in screen.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { t } from '../i18n';
import {
  Errors, Field, FormError, WaitNotice, errorsOf, flash, focusFirstError, offWhile, useWait, type Wait,
} from '../ui';

// Errors of a password change, by field. The server names the field: 403 current_password (not
// the current password), 422 new_password (too short). A 401 means this session has ended.
export function passwordErrors(err: unknown): Errors {
  if (err instanceof ApiError && err.status === 403 && err.field === 'current_password') {
    return { current_password: t('account.current_wrong') };
  }
  return errorsOf(err, ['current_password', 'new_password']);
}

// What is wrong before anything is sent.
// After a refused password check: a session that had already ended goes to the sign-in screen
// with a word why; a throttle (429, 503 busy) starts the countdown. True when either happened.
export function endedOrWaiting(err: unknown, wait: Wait, signedOut: () => void): boolean {
  if (err instanceof ApiError && err.status === 401) {
    flash('account.session_ended');
    signedOut();
    return true;
  }
  return wait.start(err);
}

export function checkNewPassword(current: string, next: string, repeat: string): Errors {
  const errors: Errors = {};
  if (!current) errors.current_password = t('account.current_needed');
  if (next.length < 10) errors.new_password = t('account.new_short');
  else if (repeat !== next) errors.repeat = t('account.mismatch');
  return errors;
}

const PW_FIELDS: [string, string][] = [['current_password', 'pw-current'], ['new_password', 'pw-new'], ['repeat', 'pw-repeat']];

export function ChangePassword({ signedOut }: { signedOut: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [show, setShow] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const wait = useWait();
  const type = show ? 'text' : 'password';
  return (
    <section class="card" aria-labelledby="pw-title" data-testid="change-password">
      <h2 id="pw-title">{t('account.password_title')}</h2>
      <p>{t('account.password_intro')}</p>
      <form noValidate onSubmit={async (e) => {
        e.preventDefault();
        if (busy || wait.waiting) return;
        setDone(false);
        wait.clear();
        const wrong = checkNewPassword(current, next, repeat);
        setErrors(wrong);
        if (Object.keys(wrong).length) {
          focusFirstError(wrong, PW_FIELDS);
          return;
        }
        setBusy(true);
        try {
          await api('PUT', '/me/password', { current_password: current, new_password: next });
        } catch (err) {
          setBusy(false);
          if (endedOrWaiting(err, wait, signedOut)) return;
          const refused = passwordErrors(err);
          setErrors(refused);
          focusFirstError(refused, PW_FIELDS);
          return;
        }
        setBusy(false);
        setCurrent('');
        setNext('');
        setRepeat('');
        setShow(false);
        setDone(true);
      }}>
        <FormError errors={errors} />
        <Field id="pw-current" label={t('account.current')} error={errors.current_password}>
          {(a) => <input {...a} type={type} autocomplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />}
        </Field>
        <Field id="pw-new" label={t('account.new')} hint={t('auth.password_hint')} error={errors.new_password}>
          {(a) => <input {...a} type={type} autocomplete="new-password" value={next} onInput={(e) => setNext(e.currentTarget.value)} />}
        </Field>
        <Field id="pw-repeat" label={t('account.repeat')} error={errors.repeat}>
          {(a) => <input {...a} type={type} autocomplete="new-password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />}
        </Field>
        <label class="choice">
          <input type="checkbox" checked={show} onChange={() => setShow(!show)} />
          {t('account.show')}
        </label>
        <WaitNotice wait={wait} id="pw-wait" />
        <div role="status">{done && <p class="ok" data-testid="password-changed">{t('account.changed')}</p>}</div>
        <button class="primary" {...offWhile(busy, wait, 'pw-wait')}>{t('account.change')}</button>
      </form>
    </section>
  );
}

// Sign out here, or everywhere. Both end on the sign-in screen the same way (`signedOut`). The
// writes of this account not yet sent stay on this device and are sent when it signs in here
// again; `pending` counts them, so that a sign-out with some waiting asks first.
export function SignOut({ signedOut, pending }: { signedOut: () => void; pending?: () => Promise<number> }) {
  const [open, setOpen] = useState(false);
  const [waiting, setWaiting] = useState(0);
  const [everywhereWaiting, setEverywhereWaiting] = useState(0);
  const opener = useRef<HTMLButtonElement>(null);
  const signOutButton = useRef<HTMLButtonElement>(null);
  const count = async () => {
    try {
      return pending ? await pending() : 0;
    } catch {
      return 0;
    }
  };
  const signOutHere = async () => {
    try { await api('DELETE', '/auth/sessions'); } catch { /* signed out anyway */ }
    signedOut();
  };
  return (
    <section class="card" aria-labelledby="signout-title">
      <h2 id="signout-title">{t('account.signing_in')}</h2>
      <p>
        <button type="button" ref={signOutButton} onClick={async () => {
          const n = await count();
          if (n > 0) setWaiting(n);
          else await signOutHere();
        }}>{t('settings.signout')}</button>
      </p>
      {waiting > 0 && (
        <PendingDialog count={waiting} signOut={signOutHere} stay={() => {
          setWaiting(0);
          setTimeout(() => signOutButton.current?.focus(), 0);
        }} />
      )}
      <h3>{t('account.everywhere_title')}</h3>
      <p>{t('account.everywhere_intro')}</p>
      <p>
        <button type="button" ref={opener} onClick={async () => {
          setWaiting(0);
          const n = await count();
          setOpen(true);
          setEverywhereWaiting(n);
        }}>{t('account.everywhere_button')}</button>
      </p>
      {open && (
        <EverywhereDialog signedOut={signedOut} waiting={everywhereWaiting} cancel={() => {
          setOpen(false);
          setTimeout(() => opener.current?.focus(), 0);
        }} />
      )}
    </section>
  );
}

// Signing out with writes not yet sent: they stay on this device for this account. Staying
// signed in (the least harmful choice, focused first) lets them go when the device is online.
function PendingDialog({ count, signOut, stay }: { count: number; signOut: () => Promise<void>; stay: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
    document.getElementById('pending-stay')?.focus();
    return () => d?.open && d.close();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="pending-dialog-title" aria-describedby="pending-dialog-body"
      data-testid="signout-pending-dialog" onCancel={(e) => { e.preventDefault(); if (!busy) stay(); }}>
      <h2 id="pending-dialog-title">{t('account.pending_title')}</h2>
      <div id="pending-dialog-body">
        <p data-testid="signout-pending-count">{t('account.pending_body', { count })}</p>
      </div>
      <div class="actions">
        <button type="button" id="pending-stay" class="primary" aria-disabled={busy ? 'true' : undefined}
          onClick={() => { if (!busy) stay(); }}>{t('account.pending_stay')}</button>
        <button type="button" aria-disabled={busy ? 'true' : undefined} onClick={async () => {
          if (busy) return;
          setBusy(true);
          await signOut();
        }}>{t('account.pending_signout')}</button>
      </div>
    </dialog>
  );
}

function EverywhereDialog({ signedOut, waiting, cancel }: { signedOut: () => void; waiting: number; cancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
    // The least harmful choice has the focus first.
    document.getElementById('everywhere-cancel')?.focus();
    return () => d?.open && d.close();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="everywhere-dialog-title" aria-describedby="everywhere-dialog-body"
      data-testid="everywhere-dialog" onCancel={(e) => { e.preventDefault(); if (!busy) cancel(); }}>
      <h2 id="everywhere-dialog-title">{t('account.everywhere_confirm_title')}</h2>
      <div id="everywhere-dialog-body">
        <p>{t('account.everywhere_confirm_body')}</p>
        <p>{t('account.everywhere_confirm_after')}</p>
        {waiting > 0 && <p data-testid="everywhere-pending-count">{t('account.pending_body', { count: waiting })}</p>}
      </div>
      <FormError errors={errors} />
      <div class="actions">
        <button type="button" class="primary" aria-disabled={busy ? 'true' : undefined} onClick={async () => {
          if (busy) return;
          setBusy(true);
          setErrors({});
          try {
            await api('DELETE', '/me/sessions');
          } catch (err) {
            setBusy(false);
            if (err instanceof ApiError && err.status === 401) {
              // This session had ended already, so the server could not end the others: say
              // so on the sign-in screen rather than claim they are ended.
              flash('account.session_ended');
              signedOut();
            } else {
              setErrors(errorsOf(err));
            }
            return;
          }
          flash('account.everywhere_done');
          signedOut();
        }}>{t('account.everywhere_yes')}</button>
        <button type="button" id="everywhere-cancel" aria-disabled={busy ? 'true' : undefined}
          onClick={() => { if (!busy) cancel(); }}>{t('common.cancel')}</button>
      </div>
    </dialog>
  );
}

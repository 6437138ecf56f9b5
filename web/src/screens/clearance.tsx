// Holds on training (a relapse pause, a wait for a doctor's clearance) and the step that ends
// one: a modal dialog with a box to tick and Confirm, so that a shaky tap alone records nothing.
// Used by the person on Today and by a clinician on the patient page.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../api';
import { t, type Key } from '../i18n';
import { FormError, errorsOf, type Errors } from '../ui';

export type Hold = NonNullable<Schemas['Today']['holds']>[number];

export function dateText(date: string) {
  return new Date(date + 'T12:00').toLocaleDateString(document.documentElement.lang, { day: 'numeric', month: 'long', year: 'numeric' });
}

// "Since 9 December 2026: chest pain." in the user's language.
export function holdText(h: Hold): string {
  const symptoms = h.symptoms.map((s) => t(`sym.${s}` as Key).toLowerCase()).join(', ');
  if (symptoms) return t('hold.since_symptoms', { date: dateText(h.since), symptoms });
  return t(h.clearance === 'relapse' ? 'hold.since_relapse' : 'hold.since', { date: dateText(h.since) });
}

export function ClearanceDialog({ hold, who, send, close }: {
  hold: Hold; who: 'person' | 'clinician'; send: () => Promise<unknown>; close: (outcome: 'recorded' | 'stale' | 'cancel') => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [ticked, setTicked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const medical = hold.clearance === 'medical';
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
    return () => d?.open && d.close();
  }, []);
  const title: Key = who === 'clinician' ? (medical ? 'clin.clear_medical_title' : 'clin.clear_relapse_title')
    : medical ? 'hold.medical_action' : 'hold.relapse_action';
  const body: Key = who === 'clinician' ? 'clin.clear_body' : medical ? 'hold.dialog_medical' : 'hold.dialog_relapse';
  const check: Key = who === 'clinician' ? (medical ? 'clin.clear_medical_check' : 'clin.clear_relapse_check')
    : medical ? 'hold.medical_check' : 'hold.relapse_check';
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="clearance-title" aria-describedby="clearance-body"
      onCancel={(e) => { e.preventDefault(); if (!busy) close('cancel'); }}>
      <form method="dialog" onSubmit={async (e) => {
        e.preventDefault();
        if (!ticked) {
          setErrors({ confirm: t('hold.check_needed') });
          document.getElementById('clearance-confirm')?.focus();
          return;
        }
        setBusy(true);
        setErrors({});
        try {
          await send();
          close('recorded');
        } catch (err) {
          setBusy(false);
          // 409: nothing of this kind waits any more (recorded elsewhere); show the day again.
          if (err instanceof ApiError && err.status === 409) close('stale');
          else setErrors(errorsOf(err, []));
        }
      }}>
        <h2 id="clearance-title">{t(title)}</h2>
        <p id="clearance-body">{holdText(hold)} {t(body)}</p>
        <FormError errors={errors} />
        <div class={'field' + (errors.confirm ? ' has-error' : '')}>
          <label class="choice">
            <input type="checkbox" id="clearance-confirm" checked={ticked} onChange={() => setTicked(!ticked)}
              aria-describedby={errors.confirm ? 'clearance-confirm-error' : undefined} aria-invalid={errors.confirm ? 'true' : undefined} />
            {t(check)}
          </label>
          {errors.confirm && <p class="error" id="clearance-confirm-error"><span aria-hidden="true">⚠ </span>{errors.confirm}</p>}
        </div>
        <div class="actions">
          <button class="primary" disabled={busy}>{t('hold.confirm')}</button>
          <button type="button" disabled={busy} onClick={() => close('cancel')}>{t('hold.cancel')}</button>
        </div>
      </form>
    </dialog>
  );
}

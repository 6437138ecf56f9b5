// Settings (language, text size, contrast, motion, export, signing in and out, the password,
// delete account) and sharing with a clinician (invite codes).
import { useState } from 'preact/hooks';
import { api, ApiError, type Schemas } from '../api';
import { lang, languages, t, type Key, type Lang } from '../i18n';
import { queue, type Ctx } from '../session';
import {
  Errors, Field, FormError, Loading, Page, TableWrap, WaitNotice, plainSummary, errorsOf, focusFirstError, navigate, offWhile, useLoad, useWait,
} from '../ui';
import { ChangePassword, SignOut, endedOrWaiting } from './account';

const LANG_NAMES: Record<Lang, string> = { en: 'English', sv: 'Svenska', pl: 'Polski' };

export function Settings({ ctx }: { ctx: Ctx }) {
  const { setPrefs } = ctx;
  // The language may have been chosen on the sign-in screen since the app started: the one in
  // use is the one shown (and kept when another setting changes).
  const prefs = { ...ctx.prefs, lang: lang() };
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const wait = useWait();
  // Every way out (sign out, sign out everywhere, a deleted account, a session found ended) goes
  // back to the sign-in screen this one way.
  const signedOut = () => {
    ctx.signedIn(null);
    navigate('/signin');
  };
  // The language is the account's too, so that the server's messages, the report and other
  // devices follow it; offline, this device changes now and the account next time it is chosen.
  const chooseLanguage = (lang: Lang) => {
    setPrefs({ ...prefs, lang });
    api('PATCH', '/me', { language: lang }).catch(() => {});
  };
  return (
    <Page title={t('settings.title')}>
      <p>{t('settings.signed_in_as', { name: ctx.account.name })}</p>
      <section class="card">
        <h2>{t('settings.display')}</h2>
        <Field id="lang" label={t('settings.language')}>
          {(a) => (
            <select {...a} value={prefs.lang} onChange={(e) => chooseLanguage(e.currentTarget.value as Lang)}>
              {languages.map((l) => <option key={l} value={l} lang={l}>{LANG_NAMES[l]}</option>)}
            </select>
          )}
        </Field>
        <fieldset>
          <legend>{t('settings.text_size')}</legend>
          {([100, 125, 150] as const).map((s) => (
            <label class="choice" key={s}>
              <input type="radio" name="size" checked={prefs.textSize === s} onChange={() => setPrefs({ ...prefs, textSize: s })} />
              {s} %
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('settings.units')}</legend>
          {(['kg', 'lb'] as const).map((u) => (
            <label class="choice" key={u}>
              <input type="radio" name="units" checked={prefs.units === u} onChange={() => setPrefs({ ...prefs, units: u })} />
              {t(`settings.units_${u}`)}
            </label>
          ))}
        </fieldset>
        <label class="choice">
          <input type="checkbox" checked={prefs.contrast} onChange={() => setPrefs({ ...prefs, contrast: !prefs.contrast })} />
          {t('settings.contrast')}
        </label>
        <label class="choice">
          <input type="checkbox" checked={prefs.reducedMotion} onChange={() => setPrefs({ ...prefs, reducedMotion: !prefs.reducedMotion })} />
          {t('settings.motion')}
        </label>
      </section>
      {ctx.account.role === 'person' && (
        <section class="card">
          <h2>{t('settings.data')}</h2>
          <p><a class="button" href="/api/v1/me/export" download="msfit-export.json">{t('settings.export')}</a></p>
        </section>
      )}
      <SignOut signedOut={signedOut} pending={() => queue.countFor(ctx.account.id)} />
      <ChangePassword signedOut={signedOut} />
      <section class="card danger">
        <h2>{t('settings.delete')}</h2>
        <p>{t('settings.delete_body')}</p>
        <form onSubmit={async (e) => {
          e.preventDefault();
          if (busy || wait.waiting) return;
          wait.clear();
          if (!confirm) {
            setErrors({ confirm: t('settings.delete_confirm_needed') });
            return;
          }
          setBusy(true);
          try {
            await api('DELETE', '/me', { password });
            // The account is gone: its writes waiting on this device have nowhere to go.
            await queue.discard(ctx.account.id).catch(() => {});
            signedOut();
          } catch (err) {
            setBusy(false);
            if (endedOrWaiting(err, wait, signedOut)) return;
            const refused = err instanceof ApiError && err.status === 403 && err.field === 'password'
              ? { password: t('settings.password_wrong') } : errorsOf(err, ['password']);
            setErrors(refused);
            focusFirstError(refused, [['password', 'delete-password']]);
          }
        }}>
          <FormError errors={errors} />
          <Field id="delete-password" label={t('auth.password')} error={errors.password}>
            {(a) => <input {...a} type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
          </Field>
          <label class="choice">
            <input type="checkbox" checked={confirm} onChange={() => setConfirm(!confirm)} aria-describedby={errors.confirm ? 'confirm-error' : undefined} />
            {t('settings.delete_confirm')}
          </label>
          {errors.confirm && <p class="error" id="confirm-error"><span aria-hidden="true">⚠ </span>{errors.confirm}</p>}
          <WaitNotice wait={wait} id="delete-wait" />
          <button class="danger" {...offWhile(busy, wait, 'delete-wait')}>{t('settings.delete_button')}</button>
        </form>
      </section>
    </Page>
  );
}

export function Share() {
  const [code, setCode] = useState<Schemas['Invite'] | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const clinicians = useLoad(() => api<Schemas['ClinicianList']>('GET', '/clinicians'));
  const changes = useLoad(() => api<Schemas['AdjustmentList']>('GET', '/plan/adjustments'));
  const audit = useLoad(() => api<Schemas['AuditLog']>('GET', '/me/audit'));
  const when = (at: string) => new Date(at).toLocaleString(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' });
  const role = (r: string) => (['person', 'clinician', 'researcher', 'admin'].includes(r) ? t(`role.${r}` as Key) : r);
  return (
    <Page title={t('share.title')}>
      <p>{t('share.intro')}</p>
      <section class="card">
        <button type="button" class="primary" onClick={async () => {
          try {
            setCode(await api<Schemas['Invite']>('POST', '/invites', {}));
          } catch (err) {
            setErrors(errorsOf(err));
          }
        }}>{t('share.make_code')}</button>
        <FormError errors={errors} />
        {code && (
          <p role="status">
            {t('share.code_is')} <strong class="code" data-testid="invite-code">{code.code}</strong>
            <br />{t('share.expires', { at: new Date(code.expires_at).toLocaleString(document.documentElement.lang) })}
          </p>
        )}
      </section>
      <h2>{t('share.who')}</h2>
      {clinicians.data ? (
        clinicians.data.clinicians.length ? (
          <ul class="card">
            {clinicians.data.clinicians.map((c) => (
              <li key={c.id} class="row">
                <span>{c.name}</span>
                <button type="button" onClick={async () => {
                  await api('DELETE', `/clinicians/${c.id}`);
                  clinicians.reload();
                }}>{t('share.revoke', { name: c.name })}</button>
              </li>
            ))}
          </ul>
        ) : <p>{t('share.nobody')}</p>
      ) : <Loading error={clinicians.error} />}
      <h2>{t('share.changes')}</h2>
      {changes.data ? (
        changes.data.adjustments.length ? (
          <ul class="card log" data-testid="plan-changes">
            {changes.data.adjustments.map((a) => (
              <li key={a.id}><strong>{plainSummary(a.summary)}</strong><br /><span class="hint">{t('share.by', { name: a.by.name, role: role(a.by.role), when: when(a.at) })}</span></li>
            ))}
          </ul>
        ) : <p>{t('share.no_changes')}</p>
      ) : <Loading error={changes.error} />}
      <h2>{t('share.audit')}</h2>
      {audit.data ? (
        audit.data.entries.length ? (
          <TableWrap label={t('share.audit')}>
            <table class="card" data-testid="audit">
              <thead><tr><th scope="col">{t('share.audit_when')}</th><th scope="col">{t('share.audit_who')}</th><th scope="col">{t('share.audit_what')}</th></tr></thead>
              <tbody>{audit.data.entries.slice(0, 50).map((e, i) => (
                <tr key={i}><td class="num">{when(e.at)}</td><td>{e.who.name} ({role(e.who.role)})</td><td>{t(`audit.${e.action}` as Key)}: <code>{e.what.replace(/^\w+ \/api\/v1/, '')}</code></td></tr>
              ))}</tbody>
            </table>
          </TableWrap>
        ) : <p>{t('share.audit_none')}</p>
      ) : <Loading error={audit.error} />}
    </Page>
  );
}

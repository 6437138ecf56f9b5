import { useState } from 'preact/hooks';
import { api, type Account } from '../api';
import { t } from '../i18n';
import { Errors, Field, FormError, Link, Page, errorsOf, navigate } from '../ui';

type SignedIn = (a: Account | null, csrf?: string) => void;

async function start(name: string, password: string, signedIn: SignedIn) {
  const s = await api<{ csrf_token: string; account: Account }>('POST', '/auth/sessions', { name, password });
  signedIn(s.account, s.csrf_token);
  if (s.account.role === 'clinician') {
    navigate('/patients');
    return;
  }
  try {
    await api('GET', '/profile');
    navigate('/today');
  } catch {
    navigate('/onboarding');
  }
}

export function SignIn({ signedIn }: { signedIn: SignedIn }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  return (
    <Page title={t('auth.signin')}>
      <p>{t('auth.intro')}</p>
      <form
        class="card narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setErrors({});
          try {
            await start(name, password, signedIn);
          } catch (err) {
            setErrors(errorsOf(err, ['name', 'password']));
          }
          setBusy(false);
        }}
      >
        <FormError errors={errors} />
        <Field id="name" label={t('auth.name')} error={errors.name}>
          {(a) => <input {...a} autocomplete="username" required value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field id="password" label={t('auth.password')} error={errors.password}>
          {(a) => (
            <input {...a} type="password" autocomplete="current-password" required value={password}
              onInput={(e) => setPassword(e.currentTarget.value)} />
          )}
        </Field>
        <button class="primary" disabled={busy}>{t('auth.signin')}</button>
      </form>
      <p>
        {t('auth.no_account')} <Link href="/signup">{t('auth.signup')}</Link>
      </p>
    </Page>
  );
}

export function SignUp({ signedIn }: { signedIn: SignedIn }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'person' | 'clinician'>('person');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  return (
    <Page title={t('auth.signup')}>
      <form
        class="card narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          setErrors({});
          if (password.length < 10) {
            setErrors({ password: t('auth.password_hint') });
            return;
          }
          setBusy(true);
          try {
            await api('POST', '/accounts', { name, password, role });
            await start(name, password, signedIn);
          } catch (err) {
            setErrors(errorsOf(err, ['name', 'password', 'role']));
          }
          setBusy(false);
        }}
      >
        <FormError errors={errors} />
        <Field id="name" label={t('auth.name')} error={errors.name}>
          {(a) => <input {...a} autocomplete="username" required value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field id="password" label={t('auth.password')} hint={t('auth.password_hint')} error={errors.password}>
          {(a) => (
            <input {...a} type="password" autocomplete="new-password" required minLength={10} value={password}
              onInput={(e) => setPassword(e.currentTarget.value)} />
          )}
        </Field>
        <fieldset>
          <legend>{t('auth.role')}</legend>
          {(['person', 'clinician'] as const).map((r) => (
            <label class="choice" key={r}>
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
              {t(`auth.role_${r}`)}
            </label>
          ))}
        </fieldset>
        <button class="primary" disabled={busy}>{t('auth.create')}</button>
      </form>
      <p>
        {t('auth.have_account')} <Link href="/signin">{t('auth.signin')}</Link>
      </p>
    </Page>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, setCsrf, type Account, type Schemas } from '../api';
import { lang, languages, t, type Lang } from '../i18n';
import { applyPrefs, loadPrefs } from '../prefs';
import {
  Errors, Field, FormError, Link, Page, WaitNotice, errorsOf, focusFirstError, navigate, offWhile, takeFlash, useWait,
} from '../ui';

type SignedIn = (a: Account | null, csrf?: string) => void;

// User names: phones must not capitalise or correct them (the server lower-cases them anyway).
const NAME_INPUT = { autocomplete: 'username', autocapitalize: 'none', autocorrect: 'off', spellcheck: false } as const;

const LANG_NAMES: Record<Lang, string> = { en: 'English', sv: 'Svenska', pl: 'Polski' };

// The language, before signing in: this device's preference (prefs.ts, as Settings keeps it),
// said by each language's own name. `changed` re-renders the screen in it.
function LanguageChoice({ changed }: { changed: (l: Lang) => void }) {
  return (
    <div role="group" aria-labelledby="lang-label" data-testid="signin-language">
      <p id="lang-label" class="hint">{t('settings.language')}</p>
      <ul class="lang-choice">
        {languages.map((l) => (
          <li key={l}>
            <button type="button" lang={l} aria-pressed={lang() === l} onClick={() => {
              applyPrefs({ ...loadPrefs(), lang: l });
              changed(l);
            }}>{LANG_NAMES[l]}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}

// A password field with a button that shows or hides what is typed; the focus stays where it
// is. The button is named by its text, so that the field keeps the only label "Password".
function PasswordField(props: {
  id: string; label: string; hint?: string; error?: string; value: string; set: (v: string) => void;
  autocomplete: string; minLength?: number;
}) {
  const [shown, setShown] = useState(false);
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      {(a) => (
        <div class="pw-row">
          <input {...a} type={shown ? 'text' : 'password'} autocomplete={props.autocomplete} required minLength={props.minLength}
            autocapitalize="none" autocorrect="off" spellcheck={false}
            value={props.value} onInput={(e) => props.set(e.currentTarget.value)} />
          <button type="button" class="pw-toggle" aria-pressed={shown} aria-controls={props.id} data-testid={`${props.id}-show`}
            onClick={() => setShown(!shown)}>{t('auth.show_password')}</button>
        </div>
      )}
    </Field>
  );
}

async function start(name: string, password: string, signedIn: SignedIn, chosen: Lang | null) {
  const s = await api<Schemas['Session']>('POST', '/auth/sessions', { name, password });
  signedIn(s.account, s.csrf_token);
  // A language chosen here is the account's too (as in Settings), so that the next start keeps it.
  if (chosen) await api('PATCH', '/me', { language: chosen }).catch(() => {});
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

// A wrong name or password (401) in the person's language; the server's words otherwise.
export function signInErrors(err: unknown): Errors {
  if (err instanceof ApiError && err.status === 401) return { '': t('auth.wrong') };
  return errorsOf(err, ['name', 'password']);
}

export function SignIn({ signedIn }: { signedIn: SignedIn }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [chosen, setChosen] = useState<Lang | null>(null);
  const wait = useWait();
  // Put into the live region after it is on the screen, so that it is announced.
  useEffect(() => {
    const key = takeFlash();
    if (key) setNote(t(key));
  }, []);
  return (
    <Page title={t('auth.signin')}>
      <LanguageChoice changed={setChosen} />
      <div role="status">{note && <p class="notice" data-testid="signin-note">{note}</p>}</div>
      <p>{t('auth.intro')}</p>
      <form
        class="card narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          if (busy || wait.waiting) return;
          setBusy(true);
          setErrors({});
          wait.clear();
          try {
            await start(name, password, signedIn, chosen);
          } catch (err) {
            if (!wait.start(err)) setErrors(signInErrors(err));
          }
          setBusy(false);
        }}
      >
        <FormError errors={errors} />
        <Field id="name" label={t('auth.name')} error={errors.name}>
          {(a) => <input {...a} {...NAME_INPUT} required value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <PasswordField id="password" label={t('auth.password')} error={errors.password} value={password} set={setPassword}
          autocomplete="current-password" />
        <WaitNotice wait={wait} id="signin-wait" />
        <button class="primary" {...offWhile(busy, wait, 'signin-wait')}>{t('auth.signin')}</button>
      </form>
      <p>
        {t('auth.no_account')} <Link href="/signup">{t('auth.signup')}</Link>
      </p>
    </Page>
  );
}

// Sign-up errors by field: a taken name in the person's language; a refused name with the
// server's reason (in English, marked so, after a lead in the person's language).
export function signUpErrors(err: unknown): { errors: Errors; nameRefused: string } {
  if (err instanceof ApiError && err.field === 'name') {
    if (err.status === 409) return { errors: { name: t('auth.name_taken') }, nameRefused: '' };
    if (err.status === 422) return { errors: {}, nameRefused: err.message };
  }
  return { errors: errorsOf(err, ['name', 'password', 'role']), nameRefused: '' };
}

type Made = { account: Account; typed: string; csrf?: string; next: string };

export function SignUp({ signedIn }: { signedIn: SignedIn }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'person' | 'clinician'>('person');
  const [errors, setErrors] = useState<Errors>({});
  const [nameRefused, setNameRefused] = useState('');
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<Made | null>(null);
  const [, setChosen] = useState<Lang | null>(null);
  const wait = useWait();

  if (made) return <Created made={made} signedIn={signedIn} />;

  const nameError = errors.name ?? (nameRefused && (
    <>
      {t('auth.name_refused')} {lang() === 'en' ? nameRefused : <span lang="en">{nameRefused}</span>}
    </>
  ));
  return (
    <Page title={t('auth.signup')}>
      <LanguageChoice changed={setChosen} />
      <form
        class="card narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          if (busy || wait.waiting) return;
          setErrors({});
          setNameRefused('');
          wait.clear();
          if (password.length < 10) {
            const short = { password: t('auth.password_hint') };
            setErrors(short);
            focusFirstError(short, [['password', 'password']]);
            return;
          }
          setBusy(true);
          let account: Account;
          try {
            account = await api<Account>('POST', '/accounts', { name, password, role });
          } catch (err) {
            setBusy(false);
            if (wait.start(err)) return;
            const refused = signUpErrors(err);
            setErrors(refused.errors);
            setNameRefused(refused.nameRefused);
            focusFirstError({ ...refused.errors, name: refused.errors.name || refused.nameRefused },
              [['name', 'name'], ['password', 'password']]);
            return;
          }
          // The account is there: sign in with the name as stored. Should that fail (the
          // server busy, the connection gone), the name is still shown, with a way to sign in.
          let session: Schemas['Session'] | undefined;
          try {
            session = await api('POST', '/auth/sessions', { name: account.name, password });
          } catch {
            session = undefined;
          }
          // The new account takes the language this screen is in.
          if (session) {
            setCsrf(session.csrf_token);
            await api('PATCH', '/me', { language: lang() }).catch(() => {});
          }
          setBusy(false);
          setMade({
            account: session?.account ?? account,
            typed: name,
            csrf: session?.csrf_token,
            next: account.role === 'clinician' ? '/patients' : '/onboarding',
          });
        }}
      >
        <FormError errors={errors} />
        <Field id="name" label={t('auth.name')} hint={t('auth.name_hint')} error={nameError || undefined}>
          {(a) => <input {...a} {...NAME_INPUT} required value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <PasswordField id="password" label={t('auth.password')} hint={t('auth.password_hint')} error={errors.password}
          value={password} set={setPassword} autocomplete="new-password" minLength={10} />
        <fieldset>
          <legend>{t('auth.role')}</legend>
          {(['person', 'clinician'] as const).map((r) => (
            <label class="choice" key={r}>
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
              {t(`auth.role_${r}`)}
            </label>
          ))}
        </fieldset>
        <WaitNotice wait={wait} id="signup-wait" />
        <button class="primary" {...offWhile(busy, wait, 'signup-wait')}>{t('auth.create')}</button>
      </form>
      <p>
        {t('auth.have_account')} <Link href="/signin">{t('auth.signin')}</Link>
      </p>
    </Page>
  );
}

// The account is made: the name as stored (lower-cased, trimmed), before going on.
function Created({ made, signedIn }: { made: Made; signedIn: SignedIn }) {
  return (
    <Page title={t('auth.created')}>
      <section class="card narrow">
        <p>
          {t('auth.created_name')}
          <br />
          <strong class="code" data-testid="account-name">{made.account.name}</strong>
        </p>
        {made.typed !== made.account.name && <p data-testid="name-changed">{t('auth.created_changed', { typed: made.typed })}</p>}
        <p>{t('auth.created_use')}</p>
        {made.csrf !== undefined ? (
          <button type="button" class="primary" onClick={() => {
            signedIn(made.account, made.csrf);
            navigate(made.next);
          }}>{t('common.continue')}</button>
        ) : (
          <p><Link class="button" href="/signin">{t('auth.signin')}</Link></p>
        )}
      </section>
    </Page>
  );
}

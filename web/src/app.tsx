// The app shell: who is signed in, navigation, the sync status, and the screens.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, csrfToken, setCsrf, type Account, type Schemas } from './api';
import { t, type Key } from './i18n';
import { applyPrefs, loadPrefs, type Prefs } from './prefs';
import type { RejectedItem } from './queue';
import { ACCOUNT, queue, type Ctx } from './session';
import { Link, Loading, flash, navigate, refusedText, setNavigator } from './ui';
import { exercises } from './data';
import { SignIn, SignUp } from './screens/auth';
import { Today, fetchTodayEarly } from './screens/today';

// Screens other than Today and sign-in load when first shown, so that the first load (Today,
// on a phone at the gym) carries only what it needs.
function lazy<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | undefined;
  return function Lazy(props: P) {
    const [Screen, setScreen] = useState<FunctionComponent<P> | undefined>(() => loaded);
    useEffect(() => {
      if (!Screen) {
        load().then((c) => {
          loaded = c;
          setScreen(() => c);
        });
      }
    }, []);
    return Screen ? <Screen {...props} /> : <Loading />;
  };
}
const Onboarding = lazy(() => import('./screens/onboarding').then((m) => m.Onboarding));
const PlanScreen = lazy(() => import('./screens/plan').then((m) => m.PlanScreen));
const Progress = lazy(() => import('./screens/progress').then((m) => m.Progress));
const Measures = lazy(() => import('./screens/progress').then((m) => m.Measures));
const Settings = lazy(() => import('./screens/settings').then((m) => m.Settings));
const Share = lazy(() => import('./screens/settings').then((m) => m.Share));
const Patients = lazy(() => import('./screens/clinician').then((m) => m.Patients));
const PatientDetail = lazy(() => import('./screens/clinician').then((m) => m.PatientDetail));
const Mind = lazy(() => import('./screens/mind').then((m) => m.Mind));

// Set when signing out, cleared by a sign-in: a session the server still knows (the sign-out
// could not reach it) is ended rather than taken up again.
const SIGNED_OUT = 'msfit.signed_out';
// Counts sign-ins and sign-outs on this page: an answer to "who is signed in" asked before the
// latest of them is about a session that is no longer this page's, and is not acted on.
let epoch = 0;

function endSession(csrf: string) {
  fetch('/api/v1/auth/sessions', { method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } }).then(
    (res) => {
      if (res.ok || res.status === 401) localStorage.removeItem(SIGNED_OUT);
    },
    () => {},
  );
}

export function App() {
  const [path, setPath] = useState(location.pathname);
  const [prefs, setPrefsState] = useState<Prefs>(() => {
    const p = loadPrefs();
    applyPrefs(p);
    // Fetched while the session is checked, for the first screen.
    exercises();
    if (location.pathname === '/' || location.pathname === '/today') fetchTodayEarly();
    return p;
  });
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [waiting, setWaiting] = useState(0);
  // Writes the server refused (sent from the offline queue): what and why, until dismissed.
  const [refused, setRefused] = useState<RejectedItem[]>([]);
  const [online, setOnline] = useState(navigator.onLine);

  useEffect(() => {
    setNavigator(setPath);
    const pop = () => setPath(location.pathname);
    addEventListener('popstate', pop);
    const off = queue.onChange(setWaiting);
    const offRefused = queue.onRefused((item) => setRefused((r) => [...r, item]));
    // The session ended (401 while sending): the writes stay on this device for this account,
    // and the person signs in again to send them.
    const offEnded = queue.onEnded(() => {
      flash('sync.session_ended');
      signedIn(null);
      navigate('/signin');
    });
    const sync = () => {
      setOnline(navigator.onLine);
      if (!navigator.onLine) return;
      // After an offline start the CSRF token is not known yet: ask for it before sending.
      if (csrfToken()) queue.flush();
      else whoAmI();
    };
    addEventListener('online', sync);
    addEventListener('offline', sync);
    const timer = setInterval(() => queue.flush(), 15000);
    queue.count().then(setWaiting);
    whoAmI();
    return () => {
      removeEventListener('popstate', pop);
      removeEventListener('online', sync);
      removeEventListener('offline', sync);
      clearInterval(timer);
      off();
      offRefused();
      offEnded();
    };
  }, []);

  // The account of this device is kept, so that the app opens offline after a reload.
  function whoAmI() {
    // Signed out here when asked: the answer is that session's, whenever it comes (two asks
    // can cross, the first ending the session while the second is on its way).
    const signedOut = Boolean(localStorage.getItem(SIGNED_OUT));
    const asked = epoch;
    api<Schemas['Me']>('GET', '/me').then(
      (me) => {
        if (asked !== epoch) return;
        if (signedOut || localStorage.getItem(SIGNED_OUT)) {
          // Signed out here while the server could not be told (offline): that session is ended
          // now, never taken up again, so that the next person on this device is not signed in
          // as the last one (and the queue never sends under it).
          endSession(me.csrf_token);
          setAccount((a) => a ?? null);
          return;
        }
        signedIn({ id: me.id, name: me.name, role: me.role }, me.csrf_token);
        // The account's language, chosen on any device, wins over this device's guess.
        const p = loadPrefs();
        if (me.language && me.language !== p.lang) setPrefs({ ...p, lang: me.language });
      },
      (e) => {
        if (asked !== epoch) return;
        if (e?.status === 401 && localStorage.getItem(ACCOUNT)) {
          // The kept account's session has ended (it expired, or ended elsewhere): to the
          // sign-in screen, as when sending finds it ended; its writes wait for that account.
          flash('sync.session_ended');
          signedIn(null);
          navigate('/signin');
          return;
        }
        const kept: Account | null = e?.status ? null : JSON.parse(localStorage.getItem(ACCOUNT) ?? 'null');
        setAccount((a) => {
          // Offline with the kept account: its writes are counted and queued as its own, and
          // sent once the server confirms the session.
          if (!a && kept) queue.setAccount(kept.id, false);
          return a ?? kept;
        });
      },
    );
  }
  function signedIn(a: Account | null, csrf = '') {
    epoch++;
    setCsrf(csrf);
    if (a) localStorage.removeItem(SIGNED_OUT);
    else localStorage.setItem(SIGNED_OUT, '1');
    // The queue sends only this account's writes; another account's refused writes are not shown.
    queue.setAccount(a ? a.id : null, Boolean(a && csrf));
    setRefused((r) => (a && r.every((i) => i.account === a.id) ? r : []));
    if (a) localStorage.setItem(ACCOUNT, JSON.stringify(a));
    else {
      localStorage.removeItem(ACCOUNT);
      // Today's session, where the person was in it and what they dismissed stay with them, not
      // with this device (a shared phone).
      Object.keys(localStorage)
        .filter((k) => k.startsWith('msfit.today.') || k.startsWith('msfit.session.') || k.startsWith('msfit.changes_seen.'))
        .forEach((k) => localStorage.removeItem(k));
    }
    setAccount(a);
    // A language chosen on the sign-in screen is this device's preference now.
    setPrefsState(loadPrefs());
    if (a) queue.flush();
  }
  function setPrefs(p: Prefs) {
    applyPrefs(p);
    setPrefsState(p);
  }

  // While the session is checked: the header as it will be (its height does not change when the
  // navigation comes, so nothing below it moves).
  if (account === undefined) {
    return (
      <>
        <header class="top"><span class="brand">MSFit</span></header>
        <main id="main"><p role="status">{t('common.loading')}</p></main>
      </>
    );
  }

  const ctx: Ctx | null = account ? { account, prefs, setPrefs, signedIn } : null;
  let screen;
  if (!ctx) {
    screen = path === '/signup' ? <SignUp signedIn={signedIn} /> : <SignIn signedIn={signedIn} />;
  } else if (ctx.account.role === 'clinician') {
    const m = path.match(/^\/patients\/(\d+)/);
    screen = path === '/settings' ? <Settings ctx={ctx} /> : m ? <PatientDetail id={Number(m[1])} /> : <Patients />;
  } else {
    screen = {
      '/onboarding': <Onboarding />,
      '/plan': <PlanScreen />,
      '/progress': <Progress />,
      '/measures': <Measures />,
      '/share': <Share />,
      '/settings': <Settings ctx={ctx} />,
      '/mind': <Mind ctx={ctx} />,
    }[path] ?? <Today ctx={ctx} />;
  }

  const nav: [string, Key][] = !ctx
    ? []
    : ctx.account.role === 'clinician'
      ? [['/patients', 'nav.patients'], ['/settings', 'nav.settings']]
      : [['/today', 'nav.today'], ['/mind', 'nav.mind'], ['/plan', 'nav.plan'], ['/progress', 'nav.progress'],
         ['/measures', 'nav.measures'], ['/share', 'nav.share'], ['/settings', 'nav.settings']];
  const here = path === '/' ? nav[0]?.[0] : path;

  return (
    <>
      <a class="skip" href="#main">{t('nav.skip')}</a>
      <header class="top">
        <span class="brand">MSFit</span>
        {(waiting > 0 || !online) && (
          <span class="sync" role="status" data-testid="sync-status">
            {!online && <span>{t('sync.offline')} </span>}
            {waiting > 0 && t('sync.waiting', { count: waiting })}
          </span>
        )}
        {nav.length > 0 && (
          <nav aria-label={t('nav.label')}>
            <ul>
              {nav.map(([href, key]) => (
                <li key={href}>
                  <Link href={href} current={here === href || (href === '/patients' && path.startsWith('/patients'))}>
                    {t(key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      {refused.length > 0 && (
        <section class="card alert refused" role="alert" data-testid="sync-refused">
          <ul>{refused.map((r) => <li key={r.client_id}>{refusedText(r)}</li>)}</ul>
          <button type="button" onClick={() => setRefused([])}>{t('sync.dismiss')}</button>
        </section>
      )}
      <main id="main">{screen}</main>
    </>
  );
}

export { navigate, ApiError };

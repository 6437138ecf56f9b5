// @vitest-environment jsdom
// Sign-in and sign-up against a fake server: the throttle's countdown (429, 503 busy), the
// refused name on its field, and the name as stored after sign-up.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { setLang } from '../i18n';
import { $, button, press, root, seconds, sent, serve, settle, setUpFakeApi, tearDownFakeApi, type } from './fake-api';
import { SignIn, SignUp } from './auth';

beforeEach(() => {
  setUpFakeApi('/signin');
});

afterEach(tearDownFakeApi);

const shown = () => $('[data-testid="wait"]')?.textContent ?? null;
const said = () => $('[data-testid="wait-status"]')!.textContent;

// Every text the polite live region took, in order.
function announcements() {
  const seen: string[] = [];
  const region = $('[data-testid="wait-status"]')!;
  new MutationObserver(() => {
    if (region.textContent && region.textContent !== seen.at(-1)) seen.push(region.textContent);
  }).observe(region, { childList: true, characterData: true, subtree: true });
  return seen;
}

describe('sign in', () => {
  it('says a wrong name or password in the person\'s language', async () => {
    setLang('sv');
    serve('POST /auth/sessions', { status: 401, body: { error: { code: 'unauthorized', message: 'wrong name or password' } } });
    await act(() => render(h(SignIn, { signedIn: vi.fn() }), root));
    await type('name', 'pat');
    await type('password', 'wrong password');
    await press(button('Logga in'));
    expect($('[role="alert"]')!.textContent).toContain('Fel användarnamn eller lösenord.');
  });

  it('on 429 counts down from Retry-After with the button unavailable, announcing only the start and the end', async () => {
    serve('POST /auth/sessions', { status: 429, headers: { 'Retry-After': '3' },
      body: { error: { code: 'too_many_attempts', message: 'too many password attempts; try again in 3 seconds' } } });
    const signedIn = vi.fn();
    await act(() => render(h(SignIn, { signedIn }), root));
    const heard = announcements();
    await type('name', 'pat');
    await type('password', 'wrong password');
    const signIn = button('Sign in');
    await press(signIn);

    expect(shown()).toBe('Too many attempts; try again in 3 seconds.');
    expect(said()).toBe('Too many attempts; try again in 3 seconds.');
    expect($('[data-testid="wait-status"]')!.getAttribute('aria-live')).toBe('polite');
    expect(signIn.getAttribute('aria-disabled')).toBe('true');
    expect(signIn.getAttribute('aria-describedby')).toBe('signin-wait');
    expect($('#signin-wait')!.textContent).toBe(shown());
    expect($('[role="alert"]')).toBeNull();

    await seconds(1);
    expect(shown()).toBe('Too many attempts; try again in 2 seconds.');
    expect(said()).toBe('Too many attempts; try again in 3 seconds.');
    // Pressing again during the wait sends nothing.
    await press(signIn);
    expect(sent.filter((s) => s.path === '/auth/sessions')).toHaveLength(1);
    await seconds(1);
    expect(shown()).toBe('Too many attempts; try again in 1 second.');

    await seconds(1);
    expect(signIn.getAttribute('aria-disabled')).toBeNull();
    expect(said()).toBe('You can try again now.');
    expect(shown()).toBe('You can try again now.');
    expect(heard).toEqual(['Too many attempts; try again in 3 seconds.', 'You can try again now.']);

    // The next attempt goes through.
    serve('POST /auth/sessions', { status: 201, body: { csrf_token: 'c', account: { id: 1, name: 'pat', role: 'clinician' } } });
    await press(signIn);
    expect(signedIn).toHaveBeenCalledWith({ id: 1, name: 'pat', role: 'clinician' }, 'c');
    expect(location.pathname).toBe('/patients');
  });

  it('counts down in Polish with Polish plural forms', async () => {
    setLang('pl');
    serve('POST /auth/sessions', { status: 429, headers: { 'Retry-After': '5' }, body: { error: { code: 'too_many_attempts', message: '' } } });
    await act(() => render(h(SignIn, { signedIn: vi.fn() }), root));
    await type('name', 'pat');
    await type('password', 'wrong password');
    await press(button('Zaloguj się'));
    expect(shown()).toBe('Zbyt wiele prób; spróbuj ponownie za 5 sekund.');
    await seconds(1);
    expect(shown()).toBe('Zbyt wiele prób; spróbuj ponownie za 4 sekundy.');
    await seconds(3);
    expect(shown()).toBe('Zbyt wiele prób; spróbuj ponownie za 1 sekundę.');
    await seconds(1);
    expect(said()).toBe('Możesz już spróbować ponownie.');
  });

  it('on 503 busy waits the Retry-After too, saying the server is busy', async () => {
    serve('POST /auth/sessions', { status: 503, headers: { 'Retry-After': '2' }, body: { error: { code: 'busy', message: 'busy' } } });
    await act(() => render(h(SignIn, { signedIn: vi.fn() }), root));
    await type('name', 'pat');
    await type('password', 'correct horse battery');
    await press(button('Sign in'));
    expect(shown()).toBe('The server is busy; try again in 2 seconds.');
    expect(button('Sign in').getAttribute('aria-disabled')).toBe('true');
    await seconds(2);
    expect(button('Sign in').getAttribute('aria-disabled')).toBeNull();
  });

  it('shows the message left by signing out everywhere, in a live region', async () => {
    const { flash } = await import('../ui');
    flash('account.everywhere_done');
    await act(() => render(h(SignIn, { signedIn: vi.fn() }), root));
    await settle();
    expect($('[role="status"] [data-testid="signin-note"]')!.textContent).toBe('You are signed out on all devices.');
  });
});

describe('sign up', () => {
  it('gives the name rules before typing, linked to the field', async () => {
    await act(() => render(h(SignUp, { signedIn: vi.fn() }), root));
    const name = $<HTMLInputElement>('#name')!;
    expect(name.getAttribute('aria-describedby')).toBe('name-hint');
    expect($('#name-hint')!.textContent).toMatch(/2 to 40 characters: letters a–z, digits/);
    expect(name.getAttribute('autocapitalize')).toBe('none');
  });

  it('puts the server\'s 422 message on the name field', async () => {
    const message = "use 2-40 characters: letters a-z, digits, '.', '_' or '-', starting with a letter or digit";
    serve('POST /accounts', { status: 422, body: { error: { code: 'invalid_input', field: 'name', message } } });
    await act(() => render(h(SignUp, { signedIn: vi.fn() }), root));
    await type('name', 'Åsa');
    await type('password', 'correct horse battery');
    await press(button('Create account'));
    const name = $<HTMLInputElement>('#name')!;
    expect($('#name-error')!.textContent).toBe(`⚠ This user name cannot be used: ${message}`);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe('name-hint name-error');
    expect($('#password-error')).toBeNull();
    expect($('[role="alert"]')).toBeNull();
    await act(() => vi.runOnlyPendingTimers());
    expect(document.activeElement).toBe(name);
  });

  it('in Swedish leads with Swedish and marks the server\'s English words as English', async () => {
    setLang('sv');
    serve('POST /accounts', { status: 422, body: { error: { code: 'invalid_input', field: 'name', message: 'use 2-40 characters' } } });
    await act(() => render(h(SignUp, { signedIn: vi.fn() }), root));
    await type('name', 'Åsa');
    await type('password', 'correct horse battery');
    await press(button('Skapa konto'));
    expect($('#name-error')!.textContent).toBe('⚠ Det här användarnamnet går inte att använda: use 2-40 characters');
    expect($('#name-error [lang="en"]')!.textContent).toBe('use 2-40 characters');
    expect($('#name-hint')!.textContent).toContain('inte å, ä eller ö');
  });

  it('says a taken name on the name field', async () => {
    serve('POST /accounts', { status: 409, body: { error: { code: 'conflict', field: 'name', message: 'that name is taken' } } });
    await act(() => render(h(SignUp, { signedIn: vi.fn() }), root));
    await type('name', 'pat');
    await type('password', 'correct horse battery');
    await press(button('Create account'));
    expect($('#name-error')!.textContent).toBe('⚠ That user name is taken. Please choose another.');
  });

  it('shows the name as stored, then goes on signed in', async () => {
    serve('POST /accounts', { status: 201, body: { id: 7, name: 'alice', role: 'person' } });
    serve('POST /auth/sessions', { status: 201, body: { csrf_token: 'tok', account: { id: 7, name: 'alice', role: 'person' } } });
    serve('PATCH /me', { status: 200, body: {} });
    const signedIn = vi.fn();
    await act(() => render(h(SignUp, { signedIn }), root));
    await type('name', ' Alice ');
    await type('password', 'correct horse battery');
    await press(button('Create account'));
    // The new account takes the language the screen is in.
    expect(sent.map((s) => `${s.method} ${s.path} ${s.body?.name ?? s.body?.language}`))
      .toEqual(['POST /accounts  Alice ', 'POST /auth/sessions alice', 'PATCH /me en']);
    expect($('h1')!.textContent).toBe('Account created');
    expect($('[data-testid="account-name"]')!.textContent).toBe('alice');
    expect($('[data-testid="name-changed"]')!.textContent).toBe('You typed “ Alice ”: user names are kept in small letters, without spaces at either end.');
    expect(signedIn).not.toHaveBeenCalled();
    await press(button('Continue'));
    expect(signedIn).toHaveBeenCalledWith({ id: 7, name: 'alice', role: 'person' }, 'tok');
    expect(location.pathname).toBe('/onboarding');
  });

  it('on 503 busy counts down on the create button', async () => {
    serve('POST /accounts', { status: 503, headers: { 'Retry-After': '2' }, body: { error: { code: 'busy', message: 'busy' } } });
    await act(() => render(h(SignUp, { signedIn: vi.fn() }), root));
    await type('name', 'pat');
    await type('password', 'correct horse battery');
    await press(button('Create account'));
    expect(shown()).toBe('The server is busy; try again in 2 seconds.');
    expect(button('Create account').getAttribute('aria-disabled')).toBe('true');
    await seconds(2);
    expect(said()).toBe('You can try again now.');
  });
});

describe('before signing in', () => {
  it('shows the password on request and hides it again, the focus staying on the button', async () => {
    await act(() => render(h(SignIn, { signedIn: vi.fn() }), root));
    const input = $<HTMLInputElement>('#password')!;
    const toggle = button('Show password');
    expect(input.type).toBe('password');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    toggle.focus();
    await press(toggle);
    expect(input.type).toBe('text');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(document.activeElement).toBe(toggle);
    await press(toggle);
    expect(input.type).toBe('password');
  });

  it('changes the language before signing in, and makes it the account\'s on signing in', async () => {
    vi.stubGlobal('matchMedia', () => ({ matches: false }));
    serve('POST /auth/sessions', { status: 201, body: { csrf_token: 'tok', account: { id: 7, name: 'ola', role: 'clinician' } } });
    serve('PATCH /me', { status: 200, body: {} });
    await act(() => render(h(SignIn, { signedIn: vi.fn() }), root));
    expect($('h1')!.textContent).toBe('Sign in');
    await press(button('Svenska'));
    expect($('h1')!.textContent).toBe('Logga in');
    expect(button('Svenska').getAttribute('aria-pressed')).toBe('true');
    expect(JSON.parse(localStorage.getItem('msfit.prefs')!).lang).toBe('sv');
    await type('name', 'ola');
    await type('password', 'correct horse battery');
    await press(button('Logga in'));
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual(['POST /auth/sessions', 'PATCH /me']);
    expect(sent[1].body).toEqual({ language: 'sv' });
    localStorage.removeItem('msfit.prefs');
  });
});

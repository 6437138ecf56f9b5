// @vitest-environment jsdom
// Settings, signing in and out: changing the password (errors on the right field, the throttle's
// countdown) and signing out on all devices behind its confirmation, ending as a sign-out does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { setLang } from '../i18n';
import { $, button, press, root, seconds, sent, serve, settle, setUpFakeApi, tearDownFakeApi, type } from './fake-api';
import { takeFlash } from '../ui';
import { ChangePassword, SignOut, checkNewPassword } from './account';
import { Settings } from './settings';
import { queue } from '../session';

beforeEach(() => {
  takeFlash();
  setUpFakeApi('/settings');
});

afterEach(tearDownFakeApi);

const error = (id: string) => $(`#${id}-error`)?.textContent?.replace('⚠ ', '') ?? null;
async function fill(current: string, next: string, repeat = next) {
  await type('pw-current', current);
  await type('pw-new', next);
  await type('pw-repeat', repeat);
}

describe('change password', () => {
  it('checks the fields before sending, each error on its field, and focuses the first', async () => {
    expect(checkNewPassword('', 'short', 'short')).toEqual({
      current_password: 'Enter your current password.', new_password: 'The new password needs at least 10 characters.',
    });
    await act(() => render(h(ChangePassword, { signedOut: vi.fn() }), root));
    await fill('correct horse battery', 'a new horse battery', 'a new horse batterY');
    await press(button('Change password'));
    expect(error('pw-repeat')).toBe('The two new passwords are not the same.');
    expect(error('pw-current')).toBeNull();
    expect(error('pw-new')).toBeNull();
    expect($('#pw-repeat')!.getAttribute('aria-invalid')).toBe('true');
    expect($('#pw-repeat')!.getAttribute('aria-describedby')).toBe('pw-repeat-error');
    await act(() => vi.runOnlyPendingTimers());
    expect(document.activeElement?.id).toBe('pw-repeat');
    expect(sent).toEqual([]);
  });

  it('puts a wrong current password (403) on the current password field', async () => {
    serve('PUT /me/password', { status: 403, body: { error: { code: 'forbidden', field: 'current_password', message: 'the current password is not right' } } });
    await act(() => render(h(ChangePassword, { signedOut: vi.fn() }), root));
    await fill('not my password', 'a new horse battery');
    await press(button('Change password'));
    expect(sent).toEqual([{ method: 'PUT', path: '/me/password', body: { current_password: 'not my password', new_password: 'a new horse battery' } }]);
    expect(error('pw-current')).toBe('That is not your current password.');
    expect(error('pw-new')).toBeNull();
    expect($('#pw-current')!.getAttribute('aria-invalid')).toBe('true');
    await act(() => vi.runOnlyPendingTimers());
    expect(document.activeElement?.id).toBe('pw-current');
  });

  it('puts the server\'s 422 on the new password field', async () => {
    serve('PUT /me/password', { status: 422, body: { error: { code: 'invalid_input', field: 'new_password', message: 'must be at least 10 characters' } } });
    await act(() => render(h(ChangePassword, { signedOut: vi.fn() }), root));
    await fill('correct horse battery', 'a new horse battery');
    await press(button('Change password'));
    expect(error('pw-new')).toBe('must be at least 10 characters');
    expect($('#pw-new')!.getAttribute('aria-describedby')).toBe('pw-new-hint pw-new-error');
    expect(error('pw-current')).toBeNull();
  });

  it('on 429 counts down on its button', async () => {
    serve('PUT /me/password', { status: 429, headers: { 'Retry-After': '4' }, body: { error: { code: 'too_many_attempts', message: '' } } });
    await act(() => render(h(ChangePassword, { signedOut: vi.fn() }), root));
    await fill('not my password', 'a new horse battery');
    const change = button('Change password');
    await press(change);
    expect($('[data-testid="wait"]')!.textContent).toBe('Too many attempts; try again in 4 seconds.');
    expect(change.getAttribute('aria-disabled')).toBe('true');
    await press(change);
    expect(sent).toHaveLength(1);
    await act(() => vi.advanceTimersByTime(4000));
    expect(change.getAttribute('aria-disabled')).toBeNull();
    expect($('[data-testid="wait-status"]')!.textContent).toBe('You can try again now.');
  });

  it('says it is done (204), and empties the fields', async () => {
    serve('PUT /me/password', { status: 204 });
    await act(() => render(h(ChangePassword, { signedOut: vi.fn() }), root));
    await act(() => $<HTMLInputElement>('input[type="checkbox"]')!.click());
    expect([...root.querySelectorAll('#pw-current, #pw-new, #pw-repeat')].map((i) => i.getAttribute('type'))).toEqual(['text', 'text', 'text']);
    await fill('correct horse battery', 'a new horse battery');
    await press(button('Change password'));
    expect($('[role="status"] [data-testid="password-changed"]')!.textContent).toBe('Password changed. Every other device is signed out; you are still signed in here.');
    expect($<HTMLInputElement>('#pw-current')!.value).toBe('');
    expect($<HTMLInputElement>('#pw-new')!.getAttribute('type')).toBe('password');
  });

  it('a session already ended (401) goes to the sign-in screen, saying so', async () => {
    serve('PUT /me/password', { status: 401, body: { error: { code: 'unauthorized', message: 'sign in first (Authorization: Bearer TOKEN)' } } });
    const signedOut = vi.fn();
    await act(() => render(h(ChangePassword, { signedOut }), root));
    await fill('correct horse battery', 'a new horse battery');
    await press(button('Change password'));
    expect(signedOut).toHaveBeenCalledOnce();
    expect(takeFlash()).toBe('account.session_ended');
  });

  it('is in Polish and Swedish too', async () => {
    setLang('pl');
    await act(() => render(h(ChangePassword, { signedOut: vi.fn() }), root));
    expect($('h2')!.textContent).toBe('Zmień hasło');
    expect($('label[for="pw-repeat"]')!.textContent).toBe('Powtórz nowe hasło');
    setLang('sv');
    await act(() => render(h(ChangePassword, { signedOut: vi.fn() }), root));
    expect($('label[for="pw-current"]')!.textContent).toBe('Nuvarande lösenord');
  });
});

describe('sign out on all devices', () => {
  it('asks first, with Cancel focused; Cancel sends nothing', async () => {
    const signedOut = vi.fn();
    await act(() => render(h(SignOut, { signedOut }), root));
    expect($('[data-testid="everywhere-dialog"]')).toBeNull();
    await press(button('Sign out on all devices'));
    const dialog = $('[data-testid="everywhere-dialog"]')!;
    expect(dialog.getAttribute('aria-labelledby')).toBe('everywhere-dialog-title');
    expect($('#everywhere-dialog-title')!.textContent).toBe('Sign out on all devices?');
    expect($('#everywhere-dialog-body')!.textContent).toContain('and on this device too');
    expect(document.activeElement?.textContent).toBe('Cancel');
    await press(button('Cancel'));
    expect($('[data-testid="everywhere-dialog"]')).toBeNull();
    await act(() => vi.runOnlyPendingTimers());
    expect(document.activeElement?.textContent).toBe('Sign out on all devices');
    expect(sent).toEqual([]);
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('keeps the dialog with the error when the request fails', async () => {
    serve('DELETE /me/sessions', 'offline');
    const signedOut = vi.fn();
    await act(() => render(h(SignOut, { signedOut }), root));
    await press(button('Sign out on all devices'));
    await press(button('Yes, sign out everywhere'));
    expect($('[data-testid="everywhere-dialog"] [role="alert"]')!.textContent).toContain('No connection. Please try again.');
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('in Settings ends on the sign-in screen the way a sign-out does', async () => {
    const ctx = {
      account: { id: 1, name: 'pat', role: 'person' as const },
      prefs: { lang: 'en' as const, textSize: 100 as const, contrast: false, reducedMotion: false, units: 'kg' as const },
      setPrefs: vi.fn(),
      signedIn: vi.fn(),
    };
    serve('DELETE /auth/sessions', { status: 204 });
    serve('DELETE /me/sessions', { status: 204 });
    await act(() => render(h(Settings, { ctx }), root));
    // A normal sign-out first, then the same end after signing out everywhere.
    await press(button('Sign out'));
    expect(ctx.signedIn.mock.calls).toEqual([[null]]);
    expect(location.pathname).toBe('/signin');
    history.replaceState(null, '', '/settings');
    await press(button('Sign out on all devices'));
    await press(button('Yes, sign out everywhere'));
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual(['DELETE /auth/sessions', 'DELETE /me/sessions']);
    expect(ctx.signedIn.mock.calls).toEqual([[null], [null]]);
    expect(location.pathname).toBe('/signin');
    expect(takeFlash()).toBe('account.everywhere_done');
  });

  it('a session already ended (401) does not claim the others are ended', async () => {
    serve('DELETE /me/sessions', { status: 401, body: { error: { code: 'unauthorized', message: 'sign in first' } } });
    const signedOut = vi.fn();
    await act(() => render(h(SignOut, { signedOut }), root));
    await press(button('Sign out on all devices'));
    await press(button('Yes, sign out everywhere'));
    expect(signedOut).toHaveBeenCalledOnce();
    expect(takeFlash()).toBe('account.session_ended');
  });
});

describe('signing out with writes not yet sent', () => {
  const ctx = (id: number) => ({
    account: { id, name: 'pat', role: 'person' as const },
    prefs: { lang: 'en' as const, textSize: 100 as const, contrast: false, reducedMotion: false, units: 'kg' as const },
    setPrefs: vi.fn(),
    signedIn: vi.fn(),
  });
  afterEach(async () => {
    await queue.discard(1);
    await queue.discard(2);
    queue.setAccount(null, false);
  });

  it('asks first, saying how many wait and that they stay for this account; staying sends nothing', async () => {
    const signedOut = vi.fn();
    await act(() => render(h(SignOut, { signedOut, pending: async () => 2 }), root));
    await press(button('Sign out'));
    const dialog = $('[data-testid="signout-pending-dialog"]')!;
    expect($('#pending-dialog-title')!.textContent).toBe('Sign out before everything is sent?');
    expect(dialog.getAttribute('aria-describedby')).toBe('pending-dialog-body');
    expect($('[data-testid="signout-pending-count"]')!.textContent)
      .toBe('2 things you logged are not sent yet. They stay on this device for your account and are sent when you sign in here again.');
    expect(document.activeElement?.textContent).toBe('Stay signed in and sync when online');
    await press(button('Stay signed in and sync when online'));
    expect($('[data-testid="signout-pending-dialog"]')).toBeNull();
    expect(sent).toEqual([]);
    expect(signedOut).not.toHaveBeenCalled();
    // Sign out anyway: the session ends as any sign-out does.
    serve('DELETE /auth/sessions', { status: 204 });
    await press(button('Sign out'));
    await press(button('Sign out anyway'));
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /auth/sessions']);
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it('signs out at once when nothing waits', async () => {
    serve('DELETE /auth/sessions', { status: 204 });
    const signedOut = vi.fn();
    await act(() => render(h(SignOut, { signedOut, pending: async () => 0 }), root));
    await press(button('Sign out'));
    expect($('[data-testid="signout-pending-dialog"]')).toBeNull();
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it('in Settings counts only this account\'s writes, in the words of each language; everywhere says so too', async () => {
    queue.setAccount(2, false);
    await queue.enqueue('/sets', { client_id: 'other' });
    queue.setAccount(1, false);
    await queue.enqueue('/sets', { client_id: 'mine' });
    await act(() => render(h(Settings, { ctx: ctx(1) }), root));
    await press(button('Sign out'));
    expect($('[data-testid="signout-pending-count"]')!.textContent).toMatch(/^1 thing you logged is not sent yet\. It stays/);
    await press(button('Stay signed in and sync when online'));
    await press(button('Sign out on all devices'));
    expect($('[data-testid="everywhere-pending-count"]')!.textContent).toMatch(/^1 thing you logged/);
    await press(button('Cancel'));
    setLang('pl');
    await queue.enqueue('/sets', { client_id: 'mine2' });
    await act(() => render(h(Settings, { ctx: ctx(1) }), root));
    await press(button('Wyloguj się'));
    expect($('[data-testid="signout-pending-count"]')!.textContent).toMatch(/^2 wpisy nie zostały jeszcze wysłane\./);
    await press(button('Nie wylogowuj – wyślij po połączeniu z internetem'));
    setLang('sv');
    await act(() => render(h(Settings, { ctx: ctx(1) }), root));
    await press(button('Logga ut'));
    expect($('[data-testid="signout-pending-count"]')!.textContent).toMatch(/^2 loggningar har inte skickats än\./);
    expect(await queue.countFor(2)).toBe(1);
  });

  it('deleting the account discards its waiting writes, and only its own', async () => {
    queue.setAccount(2, false);
    await queue.enqueue('/sets', { client_id: 'other' });
    queue.setAccount(1, false);
    await queue.enqueue('/sets', { client_id: 'mine' });
    serve('DELETE /me', { status: 204 });
    const c = ctx(1);
    await act(() => render(h(Settings, { ctx: c }), root));
    await type('delete-password', 'correct horse battery');
    await act(() => [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((b) => b.parentElement!.textContent!.includes('cannot be undone'))!.click());
    await press([...root.querySelectorAll('button')].find((b) => b.textContent === 'Delete my account')!);
    expect(c.signedIn.mock.calls).toEqual([[null]]);
    expect(await queue.countFor(1)).toBe(0);
    expect(await queue.countFor(2)).toBe(1);
  });
});

describe('delete account', () => {
  it('on 429 counts down on the delete button; a wrong password (403) is on the password field', async () => {
    const ctx = {
      account: { id: 1, name: 'pat', role: 'person' as const },
      prefs: { lang: 'en' as const, textSize: 100 as const, contrast: false, reducedMotion: false, units: 'kg' as const },
      setPrefs: vi.fn(),
      signedIn: vi.fn(),
    };
    serve('DELETE /me',
      { status: 403, body: { error: { code: 'forbidden', field: 'password', message: 'the password is not right' } } },
      { status: 429, headers: { 'Retry-After': '60' }, body: { error: { code: 'too_many_attempts', message: '' } } });
    await act(() => render(h(Settings, { ctx }), root));
    await type('delete-password', 'not my password');
    await act(() => [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((c) => c.parentElement!.textContent!.includes('cannot be undone'))!.click());
    const del = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Delete my account')!;
    await press(del);
    expect(error('delete-password')).toBe('That is not your password.');
    await press(del);
    expect($('[data-testid="wait"]')!.textContent).toBe('Too many attempts; try again in 60 seconds.');
    expect(del.getAttribute('aria-disabled')).toBe('true');
    expect(ctx.signedIn).not.toHaveBeenCalled();
  });
});

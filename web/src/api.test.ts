import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, csrfToken, retryAfterSeconds, setCsrf } from './api';
import { httpSender } from './queue';
import { setLang } from './i18n';

function reply(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    ok: status >= 200 && status < 300,
    statusText: '',
    headers: new Headers(headers),
    text: async () => (body === undefined ? '' : JSON.stringify(body)),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterSeconds('5')).toBe(5);
    expect(retryAfterSeconds(' 60 ')).toBe(60);
    const now = Date.parse('2026-12-09T12:00:00Z');
    expect(retryAfterSeconds('Wed, 09 Dec 2026 12:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('Wed, 09 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds('')).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });
});

describe('api', () => {
  it('asks for the messages in the app\'s language', async () => {
    const fetch = vi.fn(async () => reply(200, { status: 'rest' }));
    vi.stubGlobal('fetch', fetch);
    setLang('pl');
    await api('GET', '/sessions/today');
    setLang('en');
    const init = (fetch.mock.calls[0] as unknown[])[1] as RequestInit;
    expect((init.headers as Record<string, string>)['Accept-Language']).toBe('pl');
  });

  it('gives the Retry-After of a 429 with the error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply(429,
      { error: { code: 'too_many_attempts', message: 'too many password attempts; try again in 8 seconds' } }, { 'Retry-After': '8' })));
    const err = await api('POST', '/auth/sessions', { name: 'pat', password: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, code: 'too_many_attempts', retryAfter: 8 });
  });

  it('gives the field of a 422', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply(422, { error: { code: 'invalid_input', field: 'name', message: 'use 2-40 characters' } })));
    const err = await api('POST', '/accounts', { name: 'Å' }).catch((e) => e);
    expect(err).toMatchObject({ status: 422, field: 'name', message: 'use 2-40 characters', retryAfter: undefined });
  });

  it('takes a 204 without a Content-Type as done, and sends the CSRF header on writes', async () => {
    const fetcher = vi.fn(async (_url: string, _init: RequestInit) => reply(204));
    vi.stubGlobal('fetch', fetcher);
    await expect(api('DELETE', '/me/sessions')).resolves.toBeUndefined();
    expect(fetcher.mock.calls[0][0]).toBe('/api/v1/me/sessions');
    expect(fetcher.mock.calls[0][1].method).toBe('DELETE');
  });

  it('sends the one CSRF token on its writes and the offline queue sends the same one', async () => {
    const fetcher = vi.fn(async (_url: string, _init: RequestInit) => reply(201, {}));
    vi.stubGlobal('fetch', fetcher);
    setCsrf('tok-1');
    await api('POST', '/sets', { client_id: 'a' });
    await api('GET', '/me');
    await httpSender(csrfToken, fetcher as unknown as typeof fetch)({ client_id: 'b', path: '/sets', body: {}, created: 0 });
    setCsrf('');
    await httpSender(csrfToken, fetcher as unknown as typeof fetch)({ client_id: 'c', path: '/sets', body: {}, created: 0 });
    const sent = fetcher.mock.calls.map(([, init]) => (init.headers as Record<string, string>)['X-CSRF-Token']);
    expect(sent).toEqual(['tok-1', undefined, 'tok-1', '']);
  });
});

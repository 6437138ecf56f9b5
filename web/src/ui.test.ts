// @vitest-environment jsdom
// What the screens say about a failed request: their own words where they have them, else the
// server's message, which it writes in the reader's language.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { setLang } from './i18n';
import { errorText, errorsOf, refusedText } from './ui';

afterEach(() => setLang('en'));

describe('errorText', () => {
  it('gives the server\'s message when the screen has no words of its own for the answer', () => {
    setLang('sv');
    const busy = new ApiError(503, 'busy', 'Servern är upptagen; försök igen om en stund.');
    expect(errorText(busy)).toBe('Servern är upptagen; försök igen om en stund.');
    expect(errorText(busy, { 404: 'Ingen åtkomst.' })).toBe('Servern är upptagen; försök igen om en stund.');
  });

  it('gives the screen\'s own words for the statuses it has them for', () => {
    expect(errorText(new ApiError(404, 'not_found', 'no such patient'), { 404: 'No access.' })).toBe('No access.');
  });

  it('never falls back to English: without a message, the status in the reader\'s language', () => {
    setLang('pl');
    expect(errorText(new ApiError(502, 'error', ''))).toBe('Serwer nie mógł odpowiedzieć (status 502). Spróbuj ponownie.');
    expect(errorText(new TypeError('Failed to fetch'))).toBe('Brak połączenia. Spróbuj ponownie.');
  });
});

describe('errorsOf', () => {
  it('puts the server\'s message on its field, or on the form naming the field', () => {
    setLang('sv');
    const e = new ApiError(422, 'invalid_input', 'måste vara mellan 1 och 300', 'minutes');
    expect(errorsOf(e, ['minutes'])).toEqual({ minutes: 'måste vara mellan 1 och 300' });
    expect(errorsOf(e, [])).toEqual({ '': 'minutes: måste vara mellan 1 och 300' });
    expect(errorsOf(new ApiError(500, 'internal', ''))).toEqual({ '': 'Servern kunde inte svara (status 500). Försök igen.' });
  });
});

describe('refusedText', () => {
  it('says why a write from the offline queue was not saved, in the server\'s words', () => {
    setLang('sv');
    expect(refusedText({ status: 422, message: 'måste vara mellan 0 och 500' }))
      .toBe('Något du loggade sparades inte: måste vara mellan 0 och 500');
    expect(refusedText({ status: 422, message: '' }))
      .toBe('Något du loggade sparades inte: Servern kunde inte svara (status 422). Försök igen.');
  });
});

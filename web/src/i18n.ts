// UI strings in English, Swedish and Polish. Every key in en must exist in sv and pl
// (checked by i18n.test.ts).
import { en } from './locales/en';
import { sv } from './locales/sv';
import { pl } from './locales/pl';

export type Lang = 'en' | 'sv' | 'pl';
export type Key = keyof typeof en;
export const dictionaries: Record<Lang, Record<string, string>> = { en, sv, pl };
export const languages: Lang[] = ['en', 'sv', 'pl'];

let current: Lang = 'en';
export function setLang(lang: Lang) {
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
export function lang(): Lang {
  return current;
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = dictionaries[current][key] ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// Numbers in the user's language (decimal comma in sv and pl).
export function num(n: number, digits = 1): string {
  return new Intl.NumberFormat(current, { maximumFractionDigits: digits }).format(n);
}

// A wait in words, "30 seconds" or "2 minutes", with the plural form the language needs (Polish
// has three). Up to a minute in seconds; longer waits in whole minutes, rounded up.
export function duration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const [n, unit] = s <= 60 ? [s, 'time.seconds'] : [Math.ceil(s / 60), 'time.minutes'];
  const form = new Intl.PluralRules(current).select(n);
  const key = `${unit}_${form}`;
  return t((key in en ? key : `${unit}_other`) as Key, { n });
}

// UI strings in English, Swedish and Polish. Every key in en must exist in sv and pl
// (checked by i18n.test.ts). A message that depends on a number is a plural message (one text
// per plural category of the language, locales/message.ts), chosen by its {count}.
import { en } from './locales/en';
import type { Message, Plural } from './locales/message';
import { sv } from './locales/sv';
import { pl } from './locales/pl';

export type Lang = 'en' | 'sv' | 'pl';
export type Key = keyof typeof en;
export const dictionaries: Record<Lang, Record<string, Message>> = { en, sv, pl };
export const languages: Lang[] = ['en', 'sv', 'pl'];

let current: Lang = 'en';
export function setLang(lang: Lang) {
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
export function lang(): Lang {
  return current;
}

// The form of a plural message for a number, by the language's plural rules (Intl.PluralRules);
// 'other' when the language's category is missing.
const rules = new Map<Lang, Intl.PluralRules>();
export function pluralForm(message: Plural, count: number, language: Lang = current): string {
  let r = rules.get(language);
  if (!r) rules.set(language, (r = new Intl.PluralRules(language)));
  return message[r.select(count)] ?? message.other;
}

// A message with its {placeholders} filled in; a plural message takes the form for vars.count.
export function t(key: Key, vars?: Record<string, string | number>): string {
  const m: Message = dictionaries[current][key] ?? en[key] ?? key;
  let s = typeof m === 'string' ? m : pluralForm(m, Number(vars?.count));
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
  return s <= 60 ? t('time.seconds', { count: s }) : t('time.minutes', { count: Math.ceil(s / 60) });
}

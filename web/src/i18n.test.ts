import { afterEach, describe, expect, it } from 'vitest';
import { duration, pluralForm, setLang, t, type Lang } from './i18n';
import type { Message } from './locales/message';
import { en } from './locales/en';
import { sv } from './locales/sv';
import { pl } from './locales/pl';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(',');
// The texts of a message: itself, or each form of a plural message.
const texts = (m: Message) => (typeof m === 'string' ? [m] : Object.values(m));
const categories = (lang: Lang) => new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

describe('translations', () => {
  for (const [name, dict] of Object.entries({ sv, pl })) {
    it(`${name} has every English key, non-empty, with the same placeholders`, () => {
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        const english = texts(en[key]).map(placeholders);
        expect(new Set(english).size, `en: ${key}`).toBe(1);
        for (const text of texts(dict[key])) {
          expect(text, `${name}: ${key}`).toBeTruthy();
          expect(placeholders(text), `${name}: ${key}`).toBe(english[0]);
        }
      }
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
    });
  }

  it('gives each plural message exactly the plural forms of its language, chosen by {count}', () => {
    for (const [lang, dict] of Object.entries({ en, sv, pl }) as [Lang, Record<string, Message>][]) {
      for (const [key, m] of Object.entries(dict)) {
        if (typeof m === 'string') continue;
        expect(Object.keys(m).sort(), `${lang}: ${key}`).toEqual(categories(lang));
        for (const text of texts(m)) expect(text, `${lang}: ${key}`).toContain('{count}');
      }
    }
  });

  it('every key the screens use exists in English', () => {
    const used = new Set<string>();
    for (const file of sources(join(__dirname))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-z_]+\.[a-z_.0-9]+)'/g)) used.add(m[1]);
    }
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });
});

describe('duration', () => {
  afterEach(() => setLang('en'));
  it('says a wait with each language\'s plural forms, in seconds up to a minute and minutes after', () => {
    expect([1, 2, 60, 61, 900].map(duration)).toEqual(['1 second', '2 seconds', '60 seconds', '2 minutes', '15 minutes']);
    setLang('sv');
    expect([1, 30, 60, 120].map(duration)).toEqual(['1 sekund', '30 sekunder', '60 sekunder', '2 minuter']);
    setLang('pl');
    expect([1, 2, 4, 5, 12, 22, 25].map(duration)).toEqual(['1 sekundę', '2 sekundy', '4 sekundy', '5 sekund', '12 sekund', '22 sekundy', '25 sekund']);
    expect([61, 180, 300, 900].map(duration)).toEqual(['2 minuty', '3 minuty', '5 minut', '15 minut']);
  });
});

describe('plural messages', () => {
  afterEach(() => setLang('en'));
  it('choose the Polish form for 1, 2, 5, 22 and 25 by Intl.PluralRules', () => {
    const m = { one: 'one', few: 'few', many: 'many', other: 'other' };
    expect([1, 2, 5, 22, 25, 1.5].map((n) => pluralForm(m, n, 'pl'))).toEqual(['one', 'few', 'many', 'few', 'many', 'other']);
    expect([1, 2, 5, 22, 25].map((n) => pluralForm(m, n, 'en'))).toEqual(['one', 'other', 'other', 'other', 'other']);
    setLang('pl');
    expect([1, 2, 5, 22, 25].map((count) => t('sync.waiting', { count }))).toEqual([
      '1 wpis czeka na synchronizację', '2 wpisy czekają na synchronizację', '5 wpisów czeka na synchronizację',
      '22 wpisy czekają na synchronizację', '25 wpisów czeka na synchronizację',
    ]);
    expect([1, 2, 5, 22, 25].map((count) => t('plan.summary', { count, start: '2026-12-07' }))).toEqual([
      '1 tydzień od 2026-12-07.', '2 tygodnie od 2026-12-07.', '5 tygodni od 2026-12-07.', '22 tygodnie od 2026-12-07.', '25 tygodni od 2026-12-07.',
    ]);
  });
  it('choose one or other in English and Swedish, and English keeps its plain messages', () => {
    expect([1, 12].map((count) => t('plan.summary', { count, start: '2026-12-07' }))).toEqual(['1 week from 2026-12-07.', '12 weeks from 2026-12-07.']);
    expect(t('sync.waiting', { count: 1 })).toBe('1 waiting to sync');
    setLang('sv');
    expect([1, 12].map((count) => t('plan.summary', { count, start: '2026-12-07' }))).toEqual(['1 vecka från 2026-12-07.', '12 veckor från 2026-12-07.']);
  });
});

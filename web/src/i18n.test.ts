import { afterEach, describe, expect, it } from 'vitest';
import { duration, setLang } from './i18n';
import { en } from './locales/en';
import { sv } from './locales/sv';
import { pl } from './locales/pl';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(',');

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
        expect(dict[key], `${name}: ${key}`).toBeTruthy();
        expect(placeholders(dict[key]), `${name}: ${key}`).toBe(placeholders(en[key]));
      }
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
    });
  }

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

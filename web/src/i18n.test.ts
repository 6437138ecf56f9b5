import { describe, expect, it } from 'vitest';
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

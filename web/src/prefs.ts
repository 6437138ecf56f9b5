// Display preferences, kept on this device.
import { setLang, type Lang } from './i18n';
import type { Units } from './units';

export type Prefs = {
  lang: Lang; textSize: 100 | 125 | 150; contrast: boolean; reducedMotion: boolean; units: Units;
  // The person's own bar and plates, per unit (the standard ones when absent).
  bar?: Partial<Record<Units, number>>; plates?: Partial<Record<Units, number[]>>;
};

const KEY = 'msfit.prefs';

export function loadPrefs(): Prefs {
  const fallbackLang = (['sv', 'pl'] as Lang[]).find((l) => navigator.language?.startsWith(l)) ?? 'en';
  const defaults: Prefs = {
    lang: fallbackLang,
    textSize: 100,
    units: 'kg',
    contrast: false,
    reducedMotion: matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
  };
  try {
    return { ...defaults, ...JSON.parse(localStorage.getItem(KEY) ?? '{}') };
  } catch {
    return defaults;
  }
}

export function applyPrefs(p: Prefs) {
  localStorage.setItem(KEY, JSON.stringify(p));
  setLang(p.lang);
  const root = document.documentElement;
  root.style.fontSize = `${p.textSize}%`;
  root.classList.toggle('contrast', p.contrast);
  root.classList.toggle('reduce-motion', p.reducedMotion);
}

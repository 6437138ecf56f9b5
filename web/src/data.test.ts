import { describe, expect, it } from 'vitest';
import * as data from './data';
import { isBalance, safety, type PlanItem } from './data';

// The texts with their non-breaking spaces (a number and its unit never wrap) read as spaces;
// one test below checks the non-breaking spaces themselves.
const sp = (s: string) => s.replace(/\u00a0/g, ' ');
const dose = (...a: Parameters<typeof data.dose>) => sp(data.dose(...a));
const guidance = (...a: Parameters<typeof data.guidance>) => data.guidance(...a).map(sp);
const loadText = (...a: Parameters<typeof data.loadText>) => sp(data.loadText(...a));
import { setLang } from './i18n';

const base: PlanItem = { exercise: 'x', name: 'X', modality: 'strength', minutes: 3, rule: 'r', evidence: [], equipment: [] };

describe('units', () => {
  it('keeps a number with its unit on one line', () => {
    setLang('en');
    const text = data.dose({ ...base, sets: 2, reps: [8, 12], rest_seconds: 90, intensity: {} });
    expect(text).toContain('90\u00a0s');
    expect(text).toContain('8–12\u00a0reps');
  });
});

describe('dose', () => {
  it('describes strength with sets, reps, load and rest', () => {
    setLang('en');
    expect(dose({ ...base, sets: 2, reps: [8, 12], rest_seconds: 90, load_kg: 22.5, intensity: { pct_1rm: 60 } }))
      .toBe('2 × 8–12 reps · 22.5 kg · 60 % of max · rest 90 s');
  });
  it('describes aerobic bouts with heart rate, in Swedish with a decimal comma', () => {
    setLang('sv');
    expect(dose({ ...base, modality: 'aerobic', work_minutes: 20, bouts: 2, bout_minutes: 10, intensity: { hr_bpm: [109, 130] } }))
      .toBe('20 min i 2 pass om 10 min · puls 109–130');
    expect(dose({ ...base, sets: 1, reps: [10, 12], load_kg: 12.5 })).toContain('12,5 kg');
    setLang('en');
  });
  it('describes holds and effort', () => {
    expect(dose({ ...base, modality: 'flexibility', sets: 1, hold_seconds: 30 })).toBe('1 × hold 30 s');
    expect(dose({ ...base, sets: 1, reps: [12, 15], intensity: { rpe: [3, 4] } })).toBe('1 × 12–15 reps · effort 3–4 of 10');
  });
});

describe('dose and guidance without a known maximum', () => {
  const loaded: PlanItem = { ...base, sets: 1, reps: [12, 15], rest_seconds: 90, equipment: ['machines'], intensity: { rir: [4, 6], rpe: [3, 4] } };
  it('never shows a weight of 0 or a percentage without a load', () => {
    setLang('en');
    expect(dose({ ...loaded, load_kg: 0 })).toBe('1 × 12–15 reps · 4–6 reps in reserve · effort 3–4 of 10 · rest 90 s');
    expect(dose({ ...loaded, intensity: { ...loaded.intensity, pct_1rm: 50 } })).not.toMatch(/% of max|kg/);
    expect(guidance(loaded)).toEqual([
      '12–15 reps with a weight you can lift that many times.',
      'Stop with 4–6 reps still in reserve (effort 3–4 of 10).',
    ]);
  });
  it('uses today\'s load once the logged sets give one', () => {
    expect(dose(loaded, 'kg', 40)).toBe('1 × 12–15 reps · 40 kg · 4–6 reps in reserve · effort 3–4 of 10 · rest 90 s');
    expect(guidance(loaded, 'kg', 40)).toEqual(['12–15 reps with 40 kg.', 'Stop with 4–6 reps still in reserve.']);
    expect(guidance({ ...loaded, load_kg: 75, intensity: { pct_1rm: 50, rir: [2, 3] } })).toEqual([
      '12–15 reps with 75 kg. That is 50 % of your maximum.', 'Stop with 2–3 reps still in reserve.',
    ]);
  });
  it('describes body-weight and band work by effort and tempo', () => {
    const band: PlanItem = { ...base, sets: 2, reps: [12, 15], equipment: ['bands'], lower_seconds: 3, intensity: { rpe: [5, 6] } };
    expect(dose(band)).toBe('2 × 12–15 reps · effort 5–6 of 10 · lower over 3 s');
    expect(guidance(band)).toEqual(['Effort 5–6 of 10.', 'Lower slowly, over 3 seconds.']);
    expect(guidance({ ...base, modality: 'core', sets: 1, reps: [8, 12] })).toEqual([]);
    expect(dose(band, 'kg', undefined, false)).toBe('2 × 12–15 reps');
  });
  it('gives aerobic work by effort and the talk test, the heart rate beside it', () => {
    const bike: PlanItem = { ...base, modality: 'aerobic', work_minutes: 20, intensity: { rpe: [5, 6], talk_test: 'talk_not_sing', hr_bpm: [106, 127] } };
    expect(dose(bike)).toBe('20 min · effort 5–6 of 10 · you can talk but not sing · heart rate 106–127');
    expect(guidance(bike)).toEqual(['Effort 5–6 of 10: you can talk but not sing.']);
    expect(guidance({ ...bike, intensity: { rpe: [6, 7], talk_test: 'few_words' } })).toEqual(['Effort 6–7 of 10: you can say a few words at a time.']);
    setLang('pl');
    expect(guidance(bike)).toEqual(['Wysiłek 5–6 na 10: możesz mówić, ale nie śpiewać.']);
    setLang('en');
  });
  it('gives the balance level and the safety conditions', () => {
    const balance: PlanItem = { ...base, modality: 'balance', balance_level: { ladder: 1, level: 2, of: 8 } };
    expect(dose(balance)).toBe('3 min · level 2 of 8');
    expect(guidance(balance)).toEqual([]);
    expect(dose(balance, 'kg', undefined, false)).toBe('3 min · level 2 of 8');
    expect(isBalance(balance)).toBe(true);
    expect(isBalance({ ...base, modality: 'cognitive', balance_level: { ladder: 2, level: 1, of: 5 } })).toBe(true);
    expect(isBalance({ ...base, modality: 'flexibility' })).toBe(false);
    expect(safety({ ...loaded, needs_spotter: true, needs_helper: true })).toEqual([
      'Needs a spotter, or a rack with safety bars.', 'Do this with a helper present.',
    ]);
  });
});

describe('loadText', () => {
  const bar = { ...base, equipment: ['barbell'] };
  it('gives the plates per side on a 20 kg bar', () => {
    setLang('en');
    expect(loadText(bar, 62.5, 'kg')).toBe('Bar 20 kg, then on each side: 20 + 1,25 kg.'.replace('1,25', '1.25'));
    expect(loadText(bar, 20, 'kg')).toBe('Empty bar (20 kg).');
    expect(loadText(bar, 61, 'kg')).toBe('Bar 20 kg, then on each side: 20 kg. Nearest with these plates: 60 kg.');
    // In pounds: a 45 lb bar and pound plates, one unit throughout.
    expect(loadText(bar, 61.23, 'lb')).toBe('Bar 45 lb, then on each side: 45 lb.');
    expect(loadText(bar, 60, 'lb')).toBe('Bar 45 lb, then on each side: 35 + 5 + 2.5 lb. Nearest with these plates: 130 lb.');
    expect(loadText(bar, 60, 'lb')).not.toMatch(/kg/);
  });
  it('uses the person\'s own bar and plates', () => {
    const gear = { bar: { kg: 15 }, plates: { kg: [10, 5, 2.5] } };
    expect(loadText(bar, 50, 'kg', gear)).toBe('Bar 15 kg, then on each side: 10 + 5 + 2.5 kg.');
    expect(loadText(bar, 10, 'kg', gear)).toBe('Empty bar (15 kg). That is more than 10 kg: use a lighter bar or dumbbells.');
  });
  it('gives the dumbbell per hand', () => {
    expect(loadText({ ...base, equipment: ['dumbbells'] }, 12, 'kg')).toBe('One 12 kg dumbbell in each hand.');
    expect(loadText({ ...base, equipment: ['dumbbells'] }, 12, 'lb')).toBe('One 26.5 lb dumbbell in each hand.');
    expect(loadText({ ...base, equipment: ['machines'] }, 40, 'kg')).toBe('');
  });
  it('shows the planned load in pounds when asked', () => {
    expect(dose({ ...base, sets: 2, reps: [8, 12], load_kg: 20, equipment: ['barbell'] }, 'lb')).toBe('2 × 8–12 reps · 45 lb');
  });
});

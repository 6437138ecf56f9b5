import { describe, expect, it } from 'vitest';
import { dose, loadText, type PlanItem } from './data';
import { setLang } from './i18n';

const base: PlanItem = { exercise: 'x', name: 'X', modality: 'strength', minutes: 3, rule: 'r', evidence: [], equipment: [] };

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

describe('loadText', () => {
  const bar = { ...base, equipment: ['barbell'] };
  it('gives the plates per side on a 20 kg bar', () => {
    setLang('en');
    expect(loadText(bar, 62.5, 'kg')).toBe('Bar 20 kg, then on each side: 20 + 1,25 kg.'.replace('1,25', '1.25'));
    expect(loadText(bar, 20, 'kg')).toBe('Empty bar (20 kg).');
    expect(loadText(bar, 61, 'kg')).toBe('Bar 20 kg, then on each side: 20 kg. Nearest with these plates: 60 kg.');
    expect(loadText(bar, 60, 'lb')).toBe('Bar 44 lb, then on each side: 20 kg.');
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

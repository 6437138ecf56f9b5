import { describe, expect, it } from 'vitest';
import { dose, type PlanItem } from './data';
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

// The plan's words: weeks of a phase, a rule said in plain words (never its id), the warnings
// kept open; and a check-in on the clinician's patient page in words.
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../i18n';
import { critical, ruleText, weeksText } from './plan';
import { checkinText } from './clinician';
import { plainSummary } from '../ui';

afterEach(() => setLang('en'));

describe('weeks of a phase', () => {
  it('says one week as "week N", never "weeks N–N"', () => {
    expect(weeksText(15, 1)).toBe('week 15');
    expect(weeksText(5, 8)).toBe('weeks 5–12');
  });
  it('ends a phase at the plan\'s last week', () => {
    expect(weeksText(24, 3, 24)).toBe('week 24');
    expect(weeksText(21, 6, 24)).toBe('weeks 21–24');
  });
  it('says it in Swedish and Polish too', () => {
    setLang('sv');
    expect(weeksText(15, 1)).not.toMatch(/15–15/);
    setLang('pl');
    expect(weeksText(15, 1)).not.toMatch(/15–15/);
  });
});

describe('why an item is there', () => {
  it('gives the rule in plain words, or a general line: never the rule id', () => {
    expect(ruleText('balance.coduse', { 'balance.coduse': 'Balance practice twice a week.' })).toBe('Balance practice twice a week.');
    for (const text of [ruleText('balance.coduse'), ruleText('pr_rep_cap', {})]) {
      expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b/);
    }
  });
});

describe('warnings', () => {
  it('keeps a paused plan and a specialist plan open; folds the others', () => {
    const w = (code: string) => ({ code, message: '', evidence: [] });
    expect(critical(w('recent_relapse'))).toBe(true);
    expect(critical(w('warning.specialist_plan_required'))).toBe(true);
    expect(critical(w('red_flags'))).toBe(false);
    expect(critical(w('heat_sensitivity'))).toBe(false);
  });
});

describe('a check-in on the patient page', () => {
  it('says the symptoms in words', () => {
    const text = checkinText({ date: '2026-12-09', fatigue: 6, sleep_quality: 4, hot: true, ambient_temp_c: null, relapse: false, symptoms: ['spasticity', 'poor_sleep'] });
    expect(text).toBe('tiredness 6 of 10; sleep 4 of 10; felt hot; symptoms: stiffness or spasms, poor sleep.');
    expect(text).not.toMatch(/_/);
  });
  it('says when there were none', () => {
    expect(checkinText({ date: '2026-12-09', fatigue: 2, sleep_quality: null, hot: false, ambient_temp_c: null, relapse: true, symptoms: [] }))
      .toBe('tiredness 2 of 10; possible relapse; no symptoms.');
  });
});

describe('a plan change as the server summarises it', () => {
  it('leaves out the catalogue ids in brackets, keeps the rest', () => {
    expect(plainSummary('Leg press machine (leg_press_machine) replaced by Dumbbell goblet squat (dumbbell_goblet_squat) from 2026-12-09 (reason: knee)'))
      .toBe('Leg press machine replaced by Dumbbell goblet squat from 2026-12-09 (reason: knee)');
    expect(plainSummary('Session length changed to 40 min (clinician)')).toBe('Session length changed to 40 min (clinician)');
  });
});

// Exercise names, cues and alternatives in the chosen language; measure definitions.
import type { Schemas } from './api';
import { lang, num, t, type Key } from './i18n';
import { BAR, PLATES, loadStep, plates, toDisplay, type Units } from './units';
import type { Prefs } from './prefs';

export type ExerciseInfo = { name: string; cues: string[]; alternatives: string[]; modality: string };
export type MeasureDef = {
  id: string; names: Record<string, string>; unit: string; min: number; max: number; step: number;
  entry: string; trials: number; per_side: boolean; higher_is_better: boolean; change_kind?: 'percent' | 'points' | 'none';
  change_improve?: number | null; change_worsen?: number | null;
};

const cache = new Map<string, Promise<unknown>>();
function get(url: string): Promise<unknown> {
  if (!cache.has(url)) {
    cache.set(url, fetch(url).then((r) => (r.ok ? r.json() : {})).catch(() => ({})));
  }
  return cache.get(url)!;
}

export function exercises(): Promise<Record<string, ExerciseInfo>> {
  return get(`/data/exercises.${lang()}.json`) as Promise<Record<string, ExerciseInfo>>;
}
export function measures(): Promise<MeasureDef[]> {
  return get('/data/measures.json').then((m) => (Array.isArray(m) ? m : []));
}

export type PlanItem = Schemas['PlanItem'];

export function exerciseName(item: { exercise: string; name: string }, info?: Record<string, ExerciseInfo>) {
  return info?.[item.exercise]?.name ?? item.name;
}

const range = (r: [number, number]) => ({ low: r[0], high: r[1] });

// A load worth showing: known and above zero (a weight of 0 is never shown).
function knownKg(i: PlanItem, kg?: number): number | undefined {
  const v = kg ?? i.load_kg;
  return v !== undefined && v > 0 ? v : undefined;
}

// One line saying how much and how hard: sets, reps, level, load, reps in reserve, effort (with
// the talk test), heart rate beside the effort, tempo, rest, time. `kg` is today's load when the
// session has one. Without `hard`, how much only (Today says how hard in sentences, guidance()).
export function dose(i: PlanItem, units: Units = 'kg', kg?: number, hard = true): string {
  const parts: string[] = [];
  const n = i.intensity ?? {};
  if (i.modality === 'aerobic' && i.work_minutes) {
    parts.push(i.bouts && i.bouts > 1
      ? t('dose.bouts', { minutes: i.work_minutes, bouts: i.bouts, each: i.bout_minutes ?? 0 })
      : t('dose.minutes', { minutes: i.work_minutes }));
  } else if (i.sets && i.reps) {
    parts.push(t('dose.sets_reps', { sets: i.sets, min: i.reps[0], max: i.reps[1] }));
  } else if (i.hold_seconds) {
    parts.push(t('dose.hold', { sets: i.sets ?? 1, seconds: i.hold_seconds }));
  } else {
    parts.push(t('dose.minutes', { minutes: i.minutes }));
  }
  if (i.balance_level) parts.push(t('dose.level', { level: i.balance_level.level, of: i.balance_level.of }));
  const load = knownKg(i, kg);
  if (load !== undefined) {
    parts.push(`${num(toDisplay(load, units, loadStep(i.equipment, units)), 2)} ${units}`);
    if (n.pct_1rm) parts.push(t('dose.pct_1rm', { pct: n.pct_1rm }));
  }
  if (hard) {
    if (n.rir) parts.push(t('dose.rir', range(n.rir)));
    if (n.rpe) parts.push(t('dose.rpe', range(n.rpe)));
    if (n.talk_test) parts.push(t(`dose.talk.${n.talk_test}` as Key));
    if (n.hr_bpm) parts.push(t('dose.hr', range(n.hr_bpm)));
    if (i.lower_seconds) parts.push(t('dose.lower', { seconds: i.lower_seconds }));
  }
  if (i.rest_seconds) parts.push(t('dose.rest', { seconds: i.rest_seconds }));
  return parts.join(' · ');
}

// Where the body is: seated, standing, lying or kneeling.
export function position(i: PlanItem): string {
  return i.position ? t(`pos.${i.position}` as Key) : '';
}

// How hard, in sentences: the reps and the weight (a weight you can lift that many times when no
// load is known), reps to keep in reserve and effort, the talk test and the tempo. The heart rate
// is not here: it goes beside the effort (today's heart-rate line, the dose line); the balance
// level is in the dose line.
export function guidance(i: PlanItem, units: Units = 'kg', kg?: number): string[] {
  const out: string[] = [];
  const n = i.intensity ?? {};
  const load = knownKg(i, kg);
  if (i.reps) {
    const reps = { min: i.reps[0], max: i.reps[1] };
    if (load !== undefined) {
      const shown = `${num(toDisplay(load, units, loadStep(i.equipment, units)), 2)} ${units}`;
      out.push(t('guide.reps_kg', { ...reps, load: shown }) + (n.pct_1rm ? ' ' + t('guide.pct', { pct: n.pct_1rm }) : ''));
    } else if (n.rir) {
      out.push(t('guide.reps_choose', reps));
    }
    if (n.rir && n.rpe && load === undefined) out.push(t('guide.rir_rpe', { ...range(n.rir), rpe_low: n.rpe[0], rpe_high: n.rpe[1] }));
    else if (n.rir) out.push(t('guide.rir', range(n.rir)));
    else if (n.rpe) out.push(t('guide.rpe', range(n.rpe)));
  } else if (n.rpe) {
    out.push(n.talk_test ? t(`guide.talk.${n.talk_test}` as Key, range(n.rpe)) : t('guide.rpe', range(n.rpe)));
  }
  if (i.lower_seconds) out.push(t('guide.lower', { seconds: i.lower_seconds }));
  return out;
}

// Safety conditions of an item, to show as notices.
export function safety(i: PlanItem): string[] {
  const out: string[] = [];
  if (i.needs_spotter) out.push(t('guide.spotter'));
  if (i.needs_helper) out.push(t('guide.helper'));
  return out;
}

// Balance work (and dual-task work on a balance ladder): rated after it is done.
export function isBalance(i: PlanItem): boolean {
  return i.modality === 'balance' || !!i.balance_level;
}

// How to load the weight, all in the chosen unit: plates per side on the person's bar (a 20 kg
// or 45 lb bar and the standard plates unless they set their own), or the dumbbell per hand.
export function loadText(item: PlanItem, kg: number, units: Units, gear?: Pick<Prefs, 'bar' | 'plates'>): string {
  const shown = (v: number) => `${num(v, 2)} ${units}`;
  const total = toDisplay(kg, units, units === 'lb' ? 0.5 : 0.25);
  if (item.equipment.includes('barbell')) {
    const bar = gear?.bar?.[units] ?? BAR[units];
    const set = gear?.plates?.[units] ?? PLATES[units];
    const p = plates(total, bar, set);
    if (!p.perSide.length) return t('load.bar_only', { bar: shown(bar) }) + (p.remainder > 0 || total < bar ? ` ${t('sess.bar_heavier', { load: shown(total) })}` : '');
    const list = p.perSide.map((x) => num(x, 2)).join(' + ');
    const s = t('sess.plates', { bar: shown(bar), plates: list, unit: units });
    return p.remainder > 0 ? `${s} ${t('load.nearest', { load: shown(p.loaded) })}` : s;
  }
  if (item.equipment.includes('dumbbells')) return t('load.dumbbell', { load: shown(total) });
  return '';
}

export const RED_FLAGS = [
  'chest_pain', 'severe_breathlessness', 'fainting', 'palpitations', 'sudden_severe_headache',
  'vision_loss', 'new_weakness', 'new_numbness', 'speech_or_swallowing', 'fall_with_injury', 'head_strike',
] as const;
// Red flags that wait for a doctor's clearance, and new neurological symptoms that pause the plan
// as for a relapse (the server decides; these only word the confirmation).
export const MEDICAL_FLAGS: readonly string[] = [
  'chest_pain', 'severe_breathlessness', 'fainting', 'palpitations', 'sudden_severe_headache', 'fall_with_injury', 'head_strike',
];
export const NEURO_FLAGS: readonly string[] = ['vision_loss', 'new_weakness', 'new_numbness', 'speech_or_swallowing'];
export const OTHER_SYMPTOMS = [
  'heat_worsening', 'spasticity', 'pain', 'dizziness', 'poor_sleep', 'low_mood', 'bladder_urgency',
] as const;
export const EQUIPMENT = [
  'barbell', 'dumbbells', 'machines', 'cables', 'bands', 'kettlebell', 'bench', 'stationary_bike',
  'recumbent_bike', 'arm_ergometer', 'treadmill', 'rower', 'pool', 'balance_pad', 'parallel_bars',
] as const;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

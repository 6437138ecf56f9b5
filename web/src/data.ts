// Exercise names, cues and alternatives in the chosen language; measure definitions.
import { lang, num, t } from './i18n';
import { loadStep, plates, toDisplay, type Units } from './units';

export type ExerciseInfo = { name: string; cues: string[]; alternatives: string[]; modality: string };
export type MeasureDef = {
  id: string; names: Record<string, string>; unit: string; min: number; max: number; step: number;
  entry: string; trials: number; per_side: boolean; higher_is_better: boolean; change_kind?: 'percent' | 'points' | 'none';
  change_improve?: number | null; change_worsen?: number | null;
};

const cache = new Map<string, Promise<any>>();
function get(url: string) {
  if (!cache.has(url)) {
    cache.set(url, fetch(url).then((r) => (r.ok ? r.json() : {})).catch(() => ({})));
  }
  return cache.get(url)!;
}

export function exercises(): Promise<Record<string, ExerciseInfo>> {
  return get(`/data/exercises.${lang()}.json`);
}
export function measures(): Promise<MeasureDef[]> {
  return get('/data/measures.json').then((m) => (Array.isArray(m) ? m : []));
}

export type PlanItem = {
  exercise: string; name: string; modality: string; minutes: number; sets?: number; reps?: [number, number];
  rest_seconds?: number; hold_seconds?: number; work_minutes?: number; bouts?: number; bout_minutes?: number;
  intensity?: { pct_1rm?: number; hrr_pct?: [number, number]; hr_bpm?: [number, number]; rpe?: [number, number] };
  load_kg?: number; rule: string; evidence: string[]; substituted_for?: { exercise: string; rule: string };
  equipment: string[];
};

export function exerciseName(item: { exercise: string; name: string }, info?: Record<string, ExerciseInfo>) {
  return info?.[item.exercise]?.name ?? item.name;
}

// One line saying how much: sets, reps, load or effort, rest, time.
export function dose(i: PlanItem, units: Units = 'kg'): string {
  const parts: string[] = [];
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
  if (i.load_kg !== undefined) parts.push(`${num(toDisplay(i.load_kg, units, loadStep(i.equipment, units)), 2)} ${units}`);
  if (i.intensity?.pct_1rm) parts.push(t('dose.pct_1rm', { pct: i.intensity.pct_1rm }));
  if (i.intensity?.hr_bpm) parts.push(t('dose.hr', { low: i.intensity.hr_bpm[0], high: i.intensity.hr_bpm[1] }));
  else if (i.intensity?.rpe) parts.push(t('dose.rpe', { low: i.intensity.rpe[0], high: i.intensity.rpe[1] }));
  if (i.rest_seconds) parts.push(t('dose.rest', { seconds: i.rest_seconds }));
  return parts.join(' · ');
}

// How to load the weight: plates per side on a 20 kg bar, or the dumbbell per hand.
export function loadText(item: PlanItem, kg: number, units: Units): string {
  const shown = (v: number) => `${num(toDisplay(v, units, units === 'lb' ? 0.5 : 0.25), 2)} ${units}`;
  if (item.equipment.includes('barbell')) {
    const p = plates(kg);
    if (!p.perSide.length) return t('load.bar_only', { bar: shown(20) });
    const list = p.perSide.map((x) => num(x, 2)).join(' + ');
    const s = t('load.plates', { bar: shown(20), plates: list });
    return p.remainderKg > 0 ? `${s} ${t('load.nearest', { load: shown(p.loadedKg) })}` : s;
  }
  if (item.equipment.includes('dumbbells')) return t('load.dumbbell', { load: shown(kg) });
  return '';
}

export const RED_FLAGS = [
  'chest_pain', 'severe_breathlessness', 'fainting', 'palpitations', 'sudden_severe_headache',
  'vision_loss', 'new_weakness', 'new_numbness', 'speech_or_swallowing', 'fall_with_injury', 'head_strike',
] as const;
export const OTHER_SYMPTOMS = [
  'heat_worsening', 'spasticity', 'pain', 'dizziness', 'poor_sleep', 'low_mood', 'bladder_urgency',
] as const;
export const EQUIPMENT = [
  'barbell', 'dumbbells', 'machines', 'cables', 'bands', 'kettlebell', 'bench', 'stationary_bike',
  'recumbent_bike', 'arm_ergometer', 'treadmill', 'rower', 'pool', 'balance_pad', 'parallel_bars',
] as const;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

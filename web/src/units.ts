// Pure helpers for loads and targets: kg/lb display, plates on a barbell, what was lifted last
// time, heart-rate ranges (Karvonen) and the meaningful-change band of a measure.
import type { Schemas } from './api';
import catalogue from '../../data/equipment.json';

export type Units = 'kg' | 'lb';
export const LB_PER_KG = 2.20462;

// What each kind of loadable equipment goes up by, in kg: the catalogue's load_increment_kg
// (data/equipment.json, read at build time), the steps the plan engine uses too.
export const LOAD_STEPS_KG: Readonly<Record<string, number>> = Object.fromEntries(
  catalogue.equipment.flatMap((e) => (e.load_increment_kg === null ? [] : [[e.id, e.load_increment_kg]])),
);

// The display step for a load: what the equipment goes up by, in the chosen unit. As in the plan
// engine, the coarsest step among the item's loadable equipment decides (a machine used with a
// bench moves in the machine's steps); without loadable equipment, the barbell's. In pounds, the
// same step to the nearest 2.5 lb (2.5 kg: 5 lb, 5 kg: 10 lb).
export function loadStep(equipment: readonly string[], units: Units): number {
  const steps = equipment.flatMap((e) => (e in LOAD_STEPS_KG ? [LOAD_STEPS_KG[e]] : []));
  const kg = steps.length ? Math.max(...steps) : LOAD_STEPS_KG.barbell;
  return units === 'kg' ? kg : Math.max(2.5, Math.round((kg * LB_PER_KG) / 2.5) * 2.5);
}

function roundTo(v: number, step: number): number {
  return +(Math.round(v / step) * step).toFixed(2);
}

// kg (as stored and sent) to the displayed value, rounded to the step.
export function toDisplay(kg: number, units: Units, step: number): number {
  return roundTo(units === 'lb' ? kg * LB_PER_KG : kg, step);
}

// The entered value back to kg, to 0.01 kg.
export function toKg(value: number, units: Units): number {
  return +(units === 'lb' ? value / LB_PER_KG : value).toFixed(2);
}

// A standard bar and plate set in each unit: a 20 kg bar with metric plates, a 45 lb bar with
// pound plates. The person can set their own (prefs: bar and plates).
export const BAR: Readonly<Record<Units, number>> = { kg: 20, lb: 45 };
export const PLATES: Readonly<Record<Units, readonly number[]>> = {
  kg: [25, 20, 15, 10, 5, 2.5, 1.25],
  lb: [45, 35, 25, 10, 5, 2.5],
};

// Plates per side for a barbell load, all in one unit (the bar, the plates and the total);
// what is left over cannot be made with the plates. Heaviest plates first.
export function plates(total: number, bar: number, set: readonly number[]): { perSide: number[]; remainder: number; loaded: number } {
  let side = Math.max(0, (total - bar) / 2);
  const perSide: number[] = [];
  for (const p of [...set].filter((x) => x > 0).sort((a, b) => b - a)) {
    while (side + 1e-9 >= p) {
      perSide.push(p);
      side -= p;
    }
  }
  const loaded = Math.max(bar, bar + 2 * perSide.reduce((a, b) => a + b, 0));
  return { perSide, remainder: +Math.max(0, total - loaded).toFixed(2), loaded: +loaded.toFixed(2) };
}

export type SetLog = Schemas['SetLog'];

// The sets of the most recent day an exercise was logged (in set order), or null.
export function lastTime(sets: SetLog[], exercise: string, before?: string): { date: string; sets: SetLog[] } | null {
  const mine = sets.filter((s) => s.exercise === exercise && (!before || s.date < before));
  if (!mine.length) return null;
  const date = mine.reduce((d, s) => (s.date > d ? s.date : d), mine[0].date);
  const day = mine.filter((s) => s.date === date).sort((a, b) => (a.set ?? 0) - (b.set ?? 0));
  return { date, sets: day };
}

// Karvonen: target = rest + pct × (max − rest), for a % heart-rate-reserve range.
export function karvonen(rest: number, max: number, pct: [number, number]): [number, number] {
  const at = (p: number) => Math.round(rest + (p / 100) * (max - rest));
  return [at(pct[0]), at(pct[1])];
}

// The band of no meaningful change around the baseline: a percent or a number of points, below
// and above (they differ for some measures).
export function changeBand(baseline: number, below: number, kind: 'percent' | 'points', above = below): [number, number] {
  const d = (x: number) => (kind === 'percent' ? (Math.abs(baseline) * x) / 100 : x);
  return [baseline - d(below), baseline + d(above)];
}

// Seconds from milliseconds, one decimal.
export function seconds1(ms: number): number {
  return Math.round(ms / 100) / 10;
}

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BAR, changeBand, karvonen, lastTime, LOAD_STEPS_KG, loadStep, PLATES, plates, seconds1, toDisplay, toKg } from './units';

// The catalogue as the plan engine reads it, read here from the file itself.
const catalogue: { equipment: { id: string; load_increment_kg: number | null }[] } =
  JSON.parse(readFileSync(new URL('../../data/equipment.json', import.meta.url), 'utf8'));

describe('units', () => {
  it('shows kg as lb rounded to the equipment step and enters lb back as kg', () => {
    expect(toDisplay(20, 'lb', 5)).toBe(45);
    expect(toDisplay(12, 'lb', 2.5)).toBe(27.5);
    expect(toDisplay(22.4, 'kg', 2.5)).toBe(22.5);
    expect(toKg(45, 'lb')).toBe(20.41);
    expect(toKg(22.5, 'kg')).toBe(22.5);
    expect(loadStep(['barbell'], 'lb')).toBe(5);
  });
  it('takes the load steps of the equipment from data/equipment.json', () => {
    const loadable = catalogue.equipment.filter((e) => e.load_increment_kg !== null);
    expect(loadable.length).toBeGreaterThan(0);
    expect(LOAD_STEPS_KG).toEqual(Object.fromEntries(loadable.map((e) => [e.id, e.load_increment_kg])));
    for (const e of catalogue.equipment) {
      expect(loadStep([e.id], 'kg'), e.id).toBe(e.load_increment_kg ?? catalogue.equipment.find((b) => b.id === 'barbell')!.load_increment_kg);
    }
    // The coarsest step decides, as in the plan engine; equipment without a step adds none.
    const steps = loadable.map((e) => e.load_increment_kg!);
    expect(loadStep(loadable.map((e) => e.id), 'kg')).toBe(Math.max(...steps));
    expect(loadStep(['bench', ...loadable.slice(0, 1).map((e) => e.id)], 'kg')).toBe(steps[0]);
    // In pounds, the step to the nearest 2.5 lb and never below it.
    for (const e of loadable) {
      const lb = loadStep([e.id], 'lb');
      expect(lb % 2.5, e.id).toBe(0);
      expect(Math.abs(lb - e.load_increment_kg! * 2.20462), e.id).toBeLessThanOrEqual(1.25);
    }
  });
  it('breaks a barbell load into plates per side, in one unit', () => {
    const kg = (total: number) => plates(total, BAR.kg, PLATES.kg);
    expect(kg(60).perSide).toEqual([20]);
    expect(kg(102.5).perSide).toEqual([25, 15, 1.25]);
    expect(kg(20).perSide).toEqual([]);
    expect(kg(15)).toEqual({ perSide: [], remainder: 0, loaded: 20 });
    const odd = kg(61);
    expect(odd.perSide).toEqual([20]);
    expect(odd.remainder).toBe(1);
    // Pounds: a 45 lb bar and pound plates; 135 lb is a 45 on each side.
    expect(plates(135, BAR.lb, PLATES.lb).perSide).toEqual([45]);
    expect(plates(100, BAR.lb, PLATES.lb).perSide).toEqual([25, 2.5]);
    // The person's own set: a 15 kg bar and no 25s, in any order.
    expect(plates(75, 15, [1.25, 10, 20, 5]).perSide).toEqual([20, 10]);
  });
  it('finds the sets of the most recent day', () => {
    const sets = [
      { date: '2026-01-01', exercise: 'a', reps: 10, load_kg: 20, set: 1 },
      { date: '2026-01-05', exercise: 'a', reps: 8, load_kg: 22.5, set: 2 },
      { date: '2026-01-05', exercise: 'a', reps: 9, load_kg: 22.5, set: 1 },
      { date: '2026-01-06', exercise: 'b', reps: 5, load_kg: 50, set: 1 },
    ];
    expect(lastTime(sets, 'a')).toEqual({ date: '2026-01-05', sets: [sets[2], sets[1]] });
    expect(lastTime(sets, 'a', '2026-01-05')?.date).toBe('2026-01-01');
    expect(lastTime(sets, 'c')).toBeNull();
  });
  it('gives heart-rate ranges by Karvonen', () => {
    expect(karvonen(60, 180, [40, 60])).toEqual([108, 132]);
    expect(karvonen(70, 170, [50, 50])).toEqual([120, 120]);
  });
  it('gives the meaningful-change band', () => {
    expect(changeBand(10, 20, 'percent')).toEqual([8, 12]);
    expect(changeBand(50, 4, 'points')).toEqual([46, 54]);
    expect(changeBand(10, 23, 'percent', 30)).toEqual([7.7, 13]);
    expect(seconds1(7849)).toBe(7.8);
  });
});

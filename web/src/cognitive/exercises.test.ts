// The exercises' stimuli: the same seed gives the same trials, and each level means what it says.
import { describe, expect, it } from 'vitest';
import { rng } from './rng';
import { SYMBOLS, searchLevel, searchRight, searchTrial } from './search';
import { KINDS, speedLevel, speedRight, speedTrial, speedWindowMs } from './speed';
import { spanLength, spanRight, spanTrial } from './span';
import { fewestSteps, routeLevel, routeTrial } from './route';

const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

describe('speed: pattern matching', () => {
  it('is deterministic with a seed', () => {
    expect(many(5, () => speedTrial(7, rng(42)))).toEqual(many(5, () => speedTrial(7, rng(42))));
    const r1 = rng(1), r2 = rng(2);
    expect(many(5, () => speedTrial(7, r1))).not.toEqual(many(5, () => speedTrial(7, r2)));
  });

  it('grows with the level: more cells, more shapes, fewer and subtler differences', () => {
    expect([1, 4, 9, 15, 20].map((l) => speedLevel(l).size)).toEqual([2, 3, 4, 5, 5]);
    expect(speedLevel(1).kinds).toBe(1);
    expect(speedLevel(20).kinds).toBe(KINDS - 1);
    expect(speedLevel(1).changed).toBeGreaterThan(speedLevel(10).changed);
    expect(speedLevel(5).subtle).toBe(0);
    expect(speedLevel(20).subtle).toBe(1);
    expect(speedWindowMs(1)).toBe(15000);
    expect(speedWindowMs(20)).toBeLessThan(speedWindowMs(5));
    expect(speedWindowMs(20)).toBeGreaterThanOrEqual(4000);
  });

  it('makes same pairs identical and different pairs differ in the level\'s number of cells', () => {
    const r = rng(9);
    for (const level of [1, 3, 6, 12, 20]) {
      const { size, kinds, changed } = speedLevel(level);
      const trials = many(200, () => speedTrial(level, r));
      expect(trials.some((t) => t.same) && trials.some((t) => !t.same)).toBe(true);
      for (const t of trials) {
        expect(t.a).toHaveLength(size * size);
        expect(t.a.some((k) => k > 0)).toBe(true);
        expect(Math.max(...t.a, ...t.b)).toBeLessThanOrEqual(kinds);
        const diff = t.a.filter((k, i) => k !== t.b[i]).length;
        expect(diff).toBe(t.same ? 0 : changed);
        expect(speedRight(t, t.same)).toBe(true);
        expect(speedRight(t, !t.same)).toBe(false);
      }
    }
  });
});

describe('search: visual search', () => {
  it('is deterministic with a seed', () => {
    expect(searchTrial(9, rng(3))).toEqual(searchTrial(9, rng(3)));
  });

  it('grows the grid and the likeness of the distractors with the level', () => {
    expect([1, 4, 8, 13, 20].map((l) => searchLevel(l).size)).toEqual([3, 4, 5, 6, 6]);
    const r = rng(5);
    const likeTarget = (level: number) => {
      const ts = many(100, () => searchTrial(level, r));
      const rings = ts.flatMap((t) => t.cells.filter((c) => c < 4 && c !== t.target)).length;
      return rings / ts.reduce((n, t) => n + t.cells.length, 0);
    };
    expect(likeTarget(1)).toBe(0);
    expect(likeTarget(20)).toBeGreaterThan(0.95);
    expect(likeTarget(6)).toBeGreaterThan(0.3);
    expect(likeTarget(6)).toBeLessThan(0.7);
  });

  it('has the target exactly when it says so', () => {
    const r = rng(11);
    const trials = many(300, (i) => searchTrial(1 + (i % 20), r));
    expect(trials.filter((t) => t.present).length).toBeGreaterThan(100);
    expect(trials.filter((t) => !t.present).length).toBeGreaterThan(100);
    for (const t of trials) {
      expect(t.cells).toHaveLength(t.size * t.size);
      expect(t.cells.every((c) => c >= 0 && c < SYMBOLS)).toBe(true);
      expect(t.cells.includes(t.target)).toBe(t.present);
      expect(searchRight(t, t.present)).toBe(true);
      expect(searchRight(t, !t.present)).toBe(false);
    }
  });
});

describe('span: number span', () => {
  it('shows level + 1 digits, deterministic with a seed, never a digit twice in a row', () => {
    for (let level = 1; level <= 9; level++) {
      const digits = spanTrial(level, rng(level));
      expect(digits).toHaveLength(spanLength(level));
      expect(digits).toHaveLength(level + 1);
      expect(digits).toEqual(spanTrial(level, rng(level)));
      expect(digits.every((d, i) => d >= 0 && d <= 9 && d !== digits[i - 1])).toBe(true);
    }
  });

  it('is right only for the whole sequence, exactly', () => {
    expect(spanRight([3, 1, 4], [3, 1, 4])).toBe(true);
    expect(spanRight([3, 1, 4], [3, 1])).toBe(false);
    expect(spanRight([3, 1, 4], [3, 1, 4, 1])).toBe(false);
    expect(spanRight([3, 1, 4], [1, 3, 4])).toBe(false);
  });
});

describe('route: planning', () => {
  it('counts the fewest steps around walls (breadth-first)', () => {
    // S . #
    // # . #
    // G . .   start 0, goal 6: round through the middle column.
    const walls = [false, false, true, true, false, true, false, false, false];
    expect(fewestSteps(3, walls, 0, 6)).toBe(4);
    expect(fewestSteps(3, walls, 0, 0)).toBe(0);
    // Walled in: no way.
    expect(fewestSteps(3, [false, true, false, true, false, false, false, false, false], 0, 8)).toBe(-1);
  });

  it('is deterministic with a seed and always solvable, with the right answer among three choices', () => {
    expect(routeTrial(8, rng(4))).toEqual(routeTrial(8, rng(4)));
    const r = rng(21);
    for (let level = 1; level <= 12; level++) {
      const { size } = routeLevel(level);
      for (let i = 0; i < 40; i++) {
        const t = routeTrial(level, r);
        expect(t.size).toBe(size);
        expect(t.walls[t.start] || t.walls[t.goal]).toBe(false);
        expect(t.start).not.toBe(t.goal);
        expect(fewestSteps(t.size, t.walls, t.start, t.goal)).toBe(t.answer);
        expect(t.answer).toBeGreaterThan(0);
        expect(t.options).toHaveLength(3);
        expect(new Set(t.options).size).toBe(3);
        expect(t.options).toContain(t.answer);
        expect(t.options.every((o) => o > 0)).toBe(true);
      }
    }
  });

  it('grows the map and the walls with the level, and from level 4 the walls force a way round', () => {
    expect([1, 4, 7, 10, 12].map((l) => routeLevel(l).size)).toEqual([4, 5, 6, 7, 7]);
    expect(routeLevel(12).walls).toBeGreaterThan(routeLevel(1).walls);
    const r = rng(8);
    const detours = many(50, () => routeTrial(9, r)).filter((t) => {
      const straight = Math.abs((t.start % t.size) - (t.goal % t.size)) + Math.abs(Math.floor(t.start / t.size) - Math.floor(t.goal / t.size));
      return t.answer > straight;
    });
    expect(detours.length).toBeGreaterThanOrEqual(48);
  });
});

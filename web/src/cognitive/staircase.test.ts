// The client's staircase is the server's rule (core::cognitive): three right in a row, one
// level harder; one wrong, one level easier; the task's bounds; the run starts again on every
// change of level and on every wrong answer.
import { describe, expect, it } from 'vitest';
import { MAX_LEVEL, TASKS, nextStart, score, startAt, step } from './staircase';

const answers = (s: string) => [...s].map((c) => ({ right: c === '1' }));

describe('staircase', () => {
  it('goes one level up after three right answers in a row, one down after a wrong one', () => {
    let s = startAt('speed', 3);
    s = step('speed', s, true);
    s = step('speed', s, true);
    expect(s.level).toBe(3);
    s = step('speed', s, true);
    expect(s).toMatchObject({ level: 4, run: 0 });
    s = step('speed', s, false);
    expect(s).toMatchObject({ level: 3, run: 0, reversals: 1 });
  });

  it('starts the run again after a wrong answer and after each change of level', () => {
    expect(score('search', 5, answers('110111')).end_level).toBe(5 - 1 + 1);
    // Six right in a row: two steps up.
    expect(score('search', 5, answers('111111')).end_level).toBe(7);
    // Five right: one step up, two toward the next.
    expect(score('search', 5, answers('11111')).end_level).toBe(6);
  });

  it('keeps each task within its levels', () => {
    expect(MAX_LEVEL).toEqual({ speed: 20, search: 20, span: 9, route: 12, story: 6 });
    for (const task of TASKS) {
      expect(score(task, MAX_LEVEL[task], answers('1'.repeat(30))).end_level).toBe(MAX_LEVEL[task]);
      expect(score(task, 1, answers('0000')).end_level).toBe(1);
      expect(startAt(task, 99).level).toBe(MAX_LEVEL[task]);
      expect(startAt(task, 0).level).toBe(1);
    }
  });

  it('scores a block as the server does: right, accuracy, levels, reversals, median and next start', () => {
    const s = score('span', 2, [
      { right: true, ms: 900 }, { right: true, ms: 700 }, { right: true, ms: 800 }, // 2 -> 3
      { right: false, ms: 2000 }, // 3 -> 2 (a reversal)
      { right: true, ms: 600 }, { right: true, ms: 1000 }, { right: true, ms: 500 }, // 2 -> 3 (a reversal)
    ]);
    expect(s).toEqual({
      answers: 7, right: 6, accuracy: 6 / 7, median_right_ms: 800, start_level: 2, end_level: 3,
      highest_level: 3, reversals: 2, next_start: 2,
    });
    // Untimed: no median; an even count takes the upper middle, as the server does.
    expect(score('route', 1, answers('10')).median_right_ms).toBeNull();
    expect(score('route', 1, [{ right: true, ms: 100 }, { right: true, ms: 300 }]).median_right_ms).toBe(300);
  });

  it('starts the next block one level below where this one ended, never below 1', () => {
    expect(nextStart('speed', 7)).toBe(6);
    expect(nextStart('speed', 1)).toBe(1);
    expect(nextStart('story', 40)).toBe(5);
  });

  it('settles where about four answers in five are right for a simulated person', () => {
    // A person who is right with p = 0.98 - 0.06 × level: the staircase hovers where p^3 ≈ 0.5.
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    let s = startAt('speed', 1);
    const levels: number[] = [];
    for (let i = 0; i < 3000; i++) {
      s = step('speed', s, rand() < 0.98 - 0.06 * s.level);
      if (i > 500) levels.push(s.level);
    }
    const mean = levels.reduce((a, b) => a + b, 0) / levels.length;
    // p = 0.794 at level (0.98 - 0.794) / 0.06 ≈ 3.1.
    expect(mean).toBeGreaterThan(2.3);
    expect(mean).toBeLessThan(4);
  });
});

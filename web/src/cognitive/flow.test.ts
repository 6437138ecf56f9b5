// The session's rules without a screen.
import { describe, expect, it } from 'vitest';
import { blockBody, blockMinutes, canPractise, canStart, doneFlags, practiceLevel, tasksLeft, timeLeft } from './flow';
import type { StoredBlock } from './types';

describe('today\'s session', () => {
  it('starts when planned, shorter or moved in; not when moved, paused, stopped or rest', () => {
    expect(['planned', 'shorter', 'moved_in'].every((s) => canStart(s as never))).toBe(true);
    expect(['moved', 'paused', 'stopped', 'rest'].some((s) => canStart(s as never))).toBe(false);
  });

  it('offers free practice on a day without a session or once today\'s is done, never on a held or tiring day', () => {
    expect(canPractise('rest', false)).toBe(true);
    expect(canPractise(undefined, false)).toBe(true);
    expect(canPractise('planned', false)).toBe(false);
    expect(canPractise('planned', true)).toBe(true);
    expect(canPractise('moved', true)).toBe(false);
    expect(canPractise('stopped', false)).toBe(false);
    expect(canPractise('paused', false)).toBe(false);
  });

  it('goes through the tasks not done yet, in order', () => {
    const tasks = [{ task: 'story', start_level: 1, minutes: 10 }, { task: 'speed', start_level: 3, minutes: 10 }, { task: 'span', start_level: 2, minutes: 10 }] as const;
    expect(tasksLeft([...tasks], []).map((t) => t.task)).toEqual(['story', 'speed', 'span']);
    expect(tasksLeft([...tasks], ['story', 'span']).map((t) => t.task)).toEqual(['speed']);
    expect(doneFlags([...tasks], ['span'])).toEqual([false, false, true]);
    expect(timeLeft(tasks[0], 4 * 60000)).toBe(6 * 60000);
    expect(timeLeft(tasks[0], 11 * 60000)).toBe(0);
  });

  it('starts free practice one level below where the task last ended', () => {
    const block = (date: string, task: string, end: number) => ({ date, task, end_level: end }) as StoredBlock;
    const blocks = [block('2026-12-09', 'speed', 6), block('2026-12-02', 'speed', 9), block('2026-12-08', 'route', 1)];
    expect(practiceLevel('speed', blocks)).toBe(5);
    expect(practiceLevel('route', blocks)).toBe(1);
    expect(practiceLevel('span', blocks)).toBe(1);
  });
});

describe('a block as sent', () => {
  it('has whole minutes from 1 to 60', () => {
    expect([0, 20000, 90000, 150000, 3 * 3600000].map(blockMinutes)).toEqual([1, 1, 2, 3, 60]);
  });

  it('sends no response times when untimed, and timed ones as whole milliseconds', () => {
    const answers = [{ right: true, ms: 812.4 }, { right: false, ms: 0.2 }];
    const base = { client_id: 'c1', date: '2026-12-09', task: 'span' as const, ms: 125000, start_level: 12, answers };
    expect(blockBody({ ...base, untimed: true })).toEqual({
      client_id: 'c1', date: '2026-12-09', task: 'span', untimed: true, minutes: 2, start_level: 9, answers: [{ right: true }, { right: false }],
    });
    expect(blockBody({ ...base, untimed: false }).answers).toEqual([{ right: true, ms: 812 }, { right: false, ms: 1 }]);
  });

  it('keeps at most 400 answers', () => {
    const answers = Array.from({ length: 450 }, () => ({ right: true }));
    expect(blockBody({ client_id: 'c', date: '2026-12-09', task: 'speed', untimed: true, ms: 60000, start_level: 1, answers }).answers).toHaveLength(400);
  });
});

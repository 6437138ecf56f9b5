import { describe, expect, it } from 'vitest';
import {
  forShape, shape,
  changeSet, elapsedMs, emptySaved, logSet, nextSet, pauseStopwatch, readSaved, restLeft, startStopwatch, summary, withServerSets,
  type LoggedSet,
} from './session-state';

const set = (n: number, extra: Partial<LoggedSet> = {}): LoggedSet => ({ client_id: `c${n}`, set: n, reps: 10, load_kg: 20, completed: true, ...extra });

describe('session state', () => {
  it('keeps the state of its own day only, and survives a damaged copy', () => {
    const s = { ...emptySaved('2026-12-09'), index: 3 };
    expect(readSaved(JSON.stringify(s), '2026-12-09').index).toBe(3);
    expect(readSaved(JSON.stringify(s), '2026-12-10')).toEqual(emptySaved('2026-12-10'));
    expect(readSaved('{not json', '2026-12-09')).toEqual(emptySaved('2026-12-09'));
    expect(readSaved(JSON.stringify({ ...s, index: -2 }), '2026-12-09').index).toBe(0);
  });

  it('finds the next set to log, skipping logged ones in any order', () => {
    expect(nextSet([], 3)).toBe(1);
    expect(nextSet([set(1), set(3)], 3)).toBe(2);
    expect(nextSet([set(1), set(2), set(3)], 3)).toBe(4);
  });

  it('logs, corrects and deletes sets by client id', () => {
    let s = logSet(emptySaved('d'), 'squat', set(2));
    s = logSet(s, 'squat', set(1));
    expect(s.logged.squat.map((l) => l.set)).toEqual([1, 2]);
    s = changeSet(s, 'squat', 'c1', { reps: 7, rir: null });
    expect(s.logged.squat[0]).toMatchObject({ reps: 7, rir: null, load_kg: 20 });
    s = changeSet(s, 'squat', 'c2', null);
    expect(s.logged.squat.map((l) => l.client_id)).toEqual(['c1']);
  });

  it('adds today\'s sets the server has and this device does not, once', () => {
    const s = logSet(emptySaved('2026-12-09'), 'squat', set(1));
    const server = [
      { date: '2026-12-09', exercise: 'squat', set: 1, reps: 10, load_kg: 20, client_id: 'c1' },
      { date: '2026-12-09', exercise: 'squat', set: 2, reps: 9, load_kg: 20, client_id: 'other-device' },
      { date: '2026-12-08', exercise: 'squat', set: 1, reps: 9, load_kg: 20, client_id: 'yesterday' },
    ];
    const merged = withServerSets(s, server);
    expect(merged.logged.squat.map((l) => l.client_id)).toEqual(['c1', 'other-device']);
    expect(withServerSets(merged, server)).toBe(merged);
  });

  it('runs timers on clock times, so a reload does not reset them', () => {
    expect(restLeft({ until: 10_000, seconds: 90, after: 'set' }, 1_000)).toBe(9);
    expect(restLeft({ until: 10_000, seconds: 90, after: 'set' }, 20_000)).toBe(0);
    let w = startStopwatch(null, 'bike', 1_000);
    expect(elapsedMs(w, 61_000)).toBe(60_000);
    w = pauseStopwatch(w, 61_000);
    expect(elapsedMs(w, 999_000)).toBe(60_000);
    w = startStopwatch(w, 'bike', 100_000);
    expect(elapsedMs(w, 130_000)).toBe(90_000);
    // Another exercise starts its own.
    expect(elapsedMs(startStopwatch(w, 'walk', 0), 5_000)).toBe(5_000);
  });

  it('sums what the session did', () => {
    let s = logSet(emptySaved('d'), 'squat', set(1));
    s = logSet(s, 'squat', set(2, { completed: false, reps: 4 }));
    s = logSet(s, 'press', set(1, { client_id: 'p1', load_kg: 0, reps: 12 }));
    s = { ...s, cardio: { bike: 20 }, done: { 3: 'done' } };
    expect(summary(s)).toEqual({ sets: 2, reps: 22, tonnageKg: 200, exercises: 2, cardioMinutes: 20, items: 1 });
  });

  it('starts afresh when a new check-in changes the session, keeping the sets logged', () => {
    const a = shape('train', [{ modality: 'strength' }, { modality: 'balance' }]);
    const s = { ...logSet(emptySaved('d'), 'squat', set(1)), index: 1, shape: a, done: { 0: 'done' } };
    expect(forShape(s, a)).toBe(s);
    const b = forShape(s, shape('recovery', [{ modality: 'flexibility' }]));
    expect(b.index).toBe(0);
    expect(b.done).toEqual({});
    expect(b.logged.squat).toHaveLength(1);
  });
});

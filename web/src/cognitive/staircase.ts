// The staircase that sets each exercise's level, the same rule as the server's
// (core::cognitive): three right answers in a row at a level make it one level harder, any
// wrong answer one level easier, within the task's levels. The server replays the answers from
// the start level to store the score; score() here gives the same figures, to show the result
// at once (also offline).
import type { Answer, Score, Task } from './types';

export const TASKS: Task[] = ['speed', 'search', 'span', 'route', 'story'];
export const MAX_LEVEL: Record<Task, number> = { speed: 20, search: 20, span: 9, route: 12, story: 6 };
export const MIN_LEVEL = 1;
const DOWN = 3;

export interface Stair {
  level: number;
  run: number; // Right answers in a row at this level.
  reversals: number; // Changes of direction so far.
  last: number; // +1 the last change was harder, -1 easier, 0 none yet.
}

export function clampLevel(task: Task, level: number): number {
  return Math.min(MAX_LEVEL[task], Math.max(MIN_LEVEL, Math.round(level) || MIN_LEVEL));
}

export function startAt(task: Task, level: number): Stair {
  return { level: clampLevel(task, level), run: 0, reversals: 0, last: 0 };
}

export function step(task: Task, s: Stair, right: boolean): Stair {
  const next = { ...s };
  let move = 0;
  if (right) {
    next.run++;
    if (next.run >= DOWN) {
      next.run = 0;
      move = next.level < MAX_LEVEL[task] ? 1 : 0;
    }
  } else {
    next.run = 0;
    move = next.level > MIN_LEVEL ? -1 : 0;
  }
  if (move) {
    next.level += move;
    if (s.last && move !== s.last) next.reversals++;
    next.last = move;
  }
  return next;
}

// Where the next block of this task starts: one level below where this one ended.
export function nextStart(task: Task, endLevel: number): number {
  return Math.max(MIN_LEVEL, clampLevel(task, endLevel) - 1);
}

// The score of a block, replayed from its start level as the server does.
export function score(task: Task, startLevel: number, answers: Answer[]): Score {
  let s = startAt(task, startLevel);
  const start = s.level;
  let highest = s.level;
  const times: number[] = [];
  let right = 0;
  for (const a of answers) {
    if (a.right) {
      right++;
      if (a.ms !== undefined) times.push(a.ms);
    }
    s = step(task, s, a.right);
    highest = Math.max(highest, s.level);
  }
  times.sort((x, y) => x - y);
  return {
    answers: answers.length,
    right,
    accuracy: answers.length ? right / answers.length : 0,
    // The server's median: the upper middle of an even count.
    median_right_ms: times.length ? times[Math.floor(times.length / 2)] : null,
    start_level: start,
    end_level: s.level,
    highest_level: highest,
    reversals: s.reversals,
    next_start: nextStart(task, s.level),
  };
}

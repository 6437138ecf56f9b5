// The session's rules that need no screen: whether today's session can start, where free
// practice starts, how long a block ran, and the block as it is sent.
import { clampLevel, nextStart } from './staircase';
import type { Answer, BlockBody, MindStatus, StoredBlock, Task, TodayTask } from './types';

// At most this many answers a block (the server's limit).
export const MAX_ANSWERS = 400;

// A session is offered to start as planned, shorter, or moved here from yesterday; moved,
// paused, stopped and rest days say so instead.
export function canStart(status: MindStatus | undefined): boolean {
  return status === 'planned' || status === 'shorter' || status === 'moved_in';
}

// Free practice is offered when nothing is planned today (or today's session is done); never on
// a day that is stopped, paused or moved for tiredness.
export function canPractise(status: MindStatus | undefined, done: boolean): boolean {
  return status === undefined || status === 'rest' || (done && canStart(status));
}

// Where a task starts in free practice: one level below where its last block ended, else 1.
export function practiceLevel(task: Task, blocks: StoredBlock[]): number {
  const last = blocks.filter((b) => b.task === task).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).pop();
  return last ? nextStart(task, last.end_level) : 1;
}

// The block's minutes as the server takes them: whole minutes, 1 to 60.
export function blockMinutes(ms: number): number {
  return Math.min(60, Math.max(1, Math.round(ms / 60000)));
}

// Time left of a task (ms), never below 0.
export function timeLeft(task: TodayTask, elapsedMs: number): number {
  return Math.max(0, task.minutes * 60000 - elapsedMs);
}

// The block to send: untimed blocks carry no response times; at most MAX_ANSWERS answers.
export function blockBody(b: { client_id: string; date: string; task: Task; untimed: boolean; ms: number; start_level: number; answers: Answer[] }): BlockBody {
  return {
    client_id: b.client_id,
    date: b.date,
    task: b.task,
    untimed: b.untimed,
    minutes: blockMinutes(b.ms),
    start_level: clampLevel(b.task, b.start_level),
    answers: b.answers.slice(0, MAX_ANSWERS).map((a) => (b.untimed || a.ms === undefined
      ? { right: a.right }
      : { right: a.right, ms: Math.min(120000, Math.max(1, Math.round(a.ms))) })),
  };
}

// Which of today's tasks are done (a task done twice counts for two of its kind), in order.
export function doneFlags(tasks: TodayTask[], done: Task[]): boolean[] {
  const seen = [...done];
  return tasks.map((t) => {
    const i = seen.indexOf(t.task);
    if (i >= 0) seen.splice(i, 1);
    return i >= 0;
  });
}

// The tasks of today's session not done yet, in order.
export function tasksLeft(tasks: TodayTask[], done: Task[]): TodayTask[] {
  const flags = doneFlags(tasks, done);
  return tasks.filter((_, i) => !flags[i]);
}

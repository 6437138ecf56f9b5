// Where a person is in today's session, kept on the device so that a reload, an app restart or
// an offline reload goes on where they were: the exercise, the sets logged (with their client
// ids, to correct them), the items done, a running rest or cardio timer (as clock times, so
// that they run on while the app is closed), swaps for today and whether the session is over.
// Pure functions over a plain object; the screen stores it under `msfit.session.<account>`.
import type { SetLog } from './units';

export type LoggedSet = {
  client_id: string; set: number; reps: number; load_kg: number; rir?: number | null; completed: boolean;
};
export type Rest = { until: number; seconds: number; after: 'set' | 'exercise' };
export type Stopwatch = { exercise: string; startedAt: number | null; elapsedMs: number };

export type Saved = {
  date: string;
  index: number;
  // A bad day's seated session was chosen.
  started: boolean;
  finished: boolean;
  // Items marked done, by their place in the session: how it was rated (or "done").
  done: Record<number, string>;
  // Strength sets logged today, by exercise, in set order.
  logged: Record<string, LoggedSet[]>;
  // Cardio logged today, by exercise: minutes.
  cardio: Record<string, number>;
  rest: Rest | null;
  stopwatch: Stopwatch | null;
  // Swaps made here today, by place: shown at once, also while the swap waits to be sent.
  swaps: Record<number, { from: string; to: string }>;
  // The shape of the session the place belongs to (see shape()): a new check-in that changes
  // the session (a lighter or seated day) starts it afresh, keeping the sets logged.
  shape?: string;
};

// What a place in the session depends on: the day's status and the kind of each item (a swap
// changes neither).
export function shape(status: string, items: readonly { modality: string }[]): string {
  return [status, ...items.map((i) => i.modality)].join(',');
}

// The place for a session of this shape: as kept, or afresh (with the sets logged today).
export function forShape(s: Saved, sessionShape: string): Saved {
  if (s.shape === sessionShape) return s;
  return { ...emptySaved(s.date), logged: s.logged, cardio: s.cardio, shape: sessionShape };
}

export function emptySaved(date: string): Saved {
  return { date, index: 0, started: false, finished: false, done: {}, logged: {}, cardio: {}, rest: null, stopwatch: null, swaps: {} };
}

export function savedKey(account: number): string {
  return `msfit.session.${account}`;
}

// The kept state of `date`; another day's (or none, or unreadable) starts afresh.
export function readSaved(raw: string | null, date: string): Saved {
  try {
    const s = JSON.parse(raw ?? 'null') as Partial<Saved> | null;
    if (!s || s.date !== date) return emptySaved(date);
    const fresh = emptySaved(date);
    return {
      ...fresh, ...s,
      done: { ...s.done }, logged: { ...s.logged }, cardio: { ...s.cardio }, swaps: { ...s.swaps },
      index: Number.isInteger(s.index) && (s.index ?? 0) >= 0 ? (s.index as number) : 0,
    };
  } catch {
    return emptySaved(date);
  }
}

// Today's sets the server has (logged on another device, or before this device kept its state)
// and this device does not: added, so that their rows show ticked.
export function withServerSets(s: Saved, sets: readonly SetLog[]): Saved {
  const logged = { ...s.logged };
  let changed = false;
  for (const x of sets) {
    const id = (x as { client_id?: string }).client_id;
    if (x.date !== s.date || !id) continue;
    const mine = logged[x.exercise] ?? [];
    if (mine.some((m) => m.client_id === id)) continue;
    logged[x.exercise] = [...mine, {
      client_id: id, set: x.set ?? mine.length + 1, reps: x.reps, load_kg: x.load_kg, rir: x.rir ?? null, completed: x.completed ?? true,
    }].sort((a, b) => a.set - b.set);
    changed = true;
  }
  return changed ? { ...s, logged } : s;
}

// The set to log next: the first set number without a logged set; total + 1 when all are.
export function nextSet(logged: readonly LoggedSet[], total: number): number {
  for (let n = 1; n <= total; n++) if (!logged.some((l) => l.set === n)) return n;
  return total + 1;
}

export function logSet(s: Saved, exercise: string, set: LoggedSet): Saved {
  const mine = (s.logged[exercise] ?? []).filter((l) => l.client_id !== set.client_id);
  return { ...s, logged: { ...s.logged, [exercise]: [...mine, set].sort((a, b) => a.set - b.set) } };
}

export function changeSet(s: Saved, exercise: string, clientId: string, change: Partial<LoggedSet> | null): Saved {
  const mine = s.logged[exercise] ?? [];
  const next = change === null
    ? mine.filter((l) => l.client_id !== clientId)
    : mine.map((l) => (l.client_id === clientId ? { ...l, ...change } : l));
  return { ...s, logged: { ...s.logged, [exercise]: next } };
}

// Seconds left on a rest, never below 0.
export function restLeft(rest: Rest, now: number): number {
  return Math.max(0, Math.ceil((rest.until - now) / 1000));
}

// Milliseconds on a stopwatch now (running or paused).
export function elapsedMs(w: Stopwatch, now: number): number {
  return w.elapsedMs + (w.startedAt === null ? 0 : Math.max(0, now - w.startedAt));
}

export function startStopwatch(w: Stopwatch | null, exercise: string, now: number): Stopwatch {
  const base = w && w.exercise === exercise ? w : { exercise, startedAt: null, elapsedMs: 0 };
  return base.startedAt === null ? { ...base, startedAt: now } : base;
}

export function pauseStopwatch(w: Stopwatch, now: number): Stopwatch {
  return { ...w, startedAt: null, elapsedMs: elapsedMs(w, now) };
}

// What the session did, for the summary at its end.
export function summary(s: Saved): { sets: number; reps: number; tonnageKg: number; exercises: number; cardioMinutes: number; items: number } {
  const all = Object.values(s.logged).flat().filter((l) => l.completed);
  return {
    sets: all.length,
    reps: all.reduce((n, l) => n + l.reps, 0),
    tonnageKg: +all.reduce((n, l) => n + l.reps * l.load_kg, 0).toFixed(1),
    exercises: Object.values(s.logged).filter((l) => l.length > 0).length,
    cardioMinutes: Object.values(s.cardio).reduce((n, m) => n + m, 0),
    items: Object.keys(s.done).length,
  };
}

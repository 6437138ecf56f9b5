// The cognitive training API as the server answers it (GET /sessions/today's `cognitive`,
// POST /cognitive/blocks and /cognitive/ratings, GET /cognitive and /patients/{id}/cognitive,
// GET /plan's `cognitive`). Written by hand from the API contract; the generated Schemas take
// over once openapi.json describes these routes.
export type Task = 'speed' | 'search' | 'span' | 'route' | 'story';
export type MindStatus = 'planned' | 'shorter' | 'moved' | 'moved_in' | 'paused' | 'stopped' | 'rest';

export interface TodayTask { task: Task; start_level: number; minutes: number }
export interface Paired { exercise: string; name: string }

export interface MindToday {
  status: MindStatus;
  date: string;
  minutes: number;
  tasks: TodayTask[];
  paired: Paired | null;
  reasons: { rule: string; message: string }[];
  next: string | null;
}

// One answer of a block: right or not and, in timed mode only, the milliseconds from the
// stimulus shown to the answer.
export interface Answer { right: boolean; ms?: number }

export interface BlockBody {
  client_id: string;
  date: string;
  task: Task;
  untimed: boolean;
  minutes: number;
  start_level: number;
  answers: Answer[];
}

export interface Score {
  answers: number;
  right: number;
  accuracy: number;
  median_right_ms: number | null;
  start_level: number;
  end_level: number;
  highest_level: number;
  reversals: number;
  next_start: number;
}

export interface StoredBlock {
  client_id: string;
  date: string;
  task: Task;
  untimed: boolean;
  minutes: number;
  start_level: number;
  end_level: number;
  highest_level: number;
  answers: number;
  right: number;
  accuracy: number;
  median_right_ms: number | null;
  reversals: number;
}

export interface MindWeek { week: number; start: string; planned_sessions: number; planned_minutes: number; done_minutes: number }

export interface MindHistory {
  from: string;
  to: string;
  blocks: StoredBlock[];
  ratings: { date: string; rating: number }[];
  weeks: MindWeek[];
  note: string;
}

export interface PlanMindSession {
  date: string;
  week: number;
  minutes: number;
  tasks: Task[];
  paired: Paired | null;
  rule: string;
}

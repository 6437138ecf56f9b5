// The cognitive training API's types, generated from src/http/openapi.json (npm run gen:api):
// GET /sessions/today's `cognitive`, POST /cognitive/blocks and /cognitive/ratings,
// GET /cognitive and /patients/{id}/cognitive, GET /plan's `cognitive`.
import type { Schemas } from '../api';

export type Task = Schemas['CognitiveTask'];
export type MindToday = Schemas['CognitiveToday'];
export type MindStatus = MindToday['status'];
export type TodayTask = MindToday['tasks'][number];
export type Paired = NonNullable<MindToday['paired']>;
// One answer of a block: right or not and, in timed mode only, the milliseconds from the
// stimulus shown to the answer.
export type Answer = Schemas['CognitiveAnswer'];
export type BlockBody = Schemas['CognitiveBlockInput'];
export type Score = Schemas['CognitiveScore'];
export type StoredBlock = Schemas['CognitiveBlock'];
export type MindHistory = Schemas['Cognitive'];
export type MindWeek = MindHistory['weeks'][number];
export type PlanMindSession = Schemas['CognitiveSession'];

// The memory strategy module's choices: which story a level gets (one not read lately when
// there is one), and where the counting-backwards pause starts.
import { int, type Rng } from './rng';
import { storiesAt, type Story, type StoryLang } from './stories';

// The story of a level: the first of the level's stories, in a seeded order, not read lately;
// else any (a level has few stories).
export function pickStory(lang: StoryLang, level: number, r: Rng, recent: string[] = []): Story {
  const all = storiesAt(lang, level);
  const start = int(r, all.length);
  const order = all.map((_, i) => all[(start + i) % all.length]);
  return order.find((s) => !recent.includes(s.id)) ?? order[0];
}

// The pause before the questions: count backwards in threes from a number from 60 to 99.
export const PAUSE_SECONDS = 20;
export function countFrom(r: Rng): number {
  return 60 + int(r, 40);
}

// The story module's choices.
import { describe, expect, it } from 'vitest';
import { rng } from './rng';
import { countFrom, pickStory } from './story';
import { STORY_LEVELS, storiesAt } from './stories';

describe('the story of a level', () => {
  it('is a story of that level, the same for the same seed, in the reader\'s language', () => {
    for (let level = 1; level <= STORY_LEVELS; level++) {
      const s = pickStory('en', level, rng(level));
      expect(s.level).toBe(level);
      expect(pickStory('en', level, rng(level)).id).toBe(s.id);
      expect(pickStory('sv', level, rng(level)).id).toBe(s.id);
      expect(storiesAt('pl', level).map((x) => x.id)).toContain(s.id);
    }
  });

  it('is one not read lately when the level has one', () => {
    const [a, b] = storiesAt('en', 3);
    for (let seed = 0; seed < 10; seed++) {
      expect(pickStory('en', 3, rng(seed), [a.id]).id).toBe(b.id);
      expect(pickStory('en', 3, rng(seed), [b.id]).id).toBe(a.id);
      expect([a.id, b.id]).toContain(pickStory('en', 3, rng(seed), [a.id, b.id]).id);
    }
  });

  it('gets longer with the level', () => {
    expect(pickStory('en', 6, rng(1)).sentences.length).toBeGreaterThan(pickStory('en', 1, rng(1)).sentences.length);
  });

  it('counts backwards from 60 to 99', () => {
    const r = rng(4);
    const starts = Array.from({ length: 200 }, () => countFrom(r));
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...starts)).toBeLessThanOrEqual(99);
  });
});

import { describe, expect, it } from 'vitest';
import { STORY_LEVELS, stories, storiesAt, type StoryLang } from './stories';

const LANGS: StoryLang[] = ['en', 'sv', 'pl'];
// Sentences and questions of a story at each level.
const LENGTHS: Record<number, { sentences: number; questions: number }> = {
  1: { sentences: 3, questions: 3 }, 2: { sentences: 4, questions: 3 }, 3: { sentences: 5, questions: 4 },
  4: { sentences: 6, questions: 4 }, 5: { sentences: 7, questions: 5 }, 6: { sentences: 8, questions: 5 },
};

describe('stories', () => {
  it('tell the same stories in the three languages: ids, order, levels, lengths and answers', () => {
    const shape = (lang: StoryLang) => stories[lang].map((s) => ({
      id: s.id, level: s.level, sentences: s.sentences.length, answers: s.questions.map((q) => q.answer),
    }));
    expect(shape('sv')).toEqual(shape('en'));
    expect(shape('pl')).toEqual(shape('en'));
    expect(new Set(stories.en.map((s) => s.id)).size).toBe(stories.en.length);
  });

  it('have two stories per level, longer at each level', () => {
    for (const lang of LANGS) {
      expect(stories[lang]).toHaveLength(2 * STORY_LEVELS);
      for (let level = 1; level <= STORY_LEVELS; level++) {
        expect(stories[lang].filter((s) => s.level === level), `${lang} level ${level}`).toHaveLength(2);
      }
      for (const s of stories[lang]) {
        expect(s.sentences, `${lang}: ${s.id}`).toHaveLength(LENGTHS[s.level].sentences);
        expect(s.questions, `${lang}: ${s.id}`).toHaveLength(LENGTHS[s.level].questions);
      }
    }
  });

  it('have texts everywhere and exactly three distinct options per question, one of them right', () => {
    for (const lang of LANGS) {
      for (const s of stories[lang]) {
        for (const text of [s.title, s.imagery, s.context, ...s.sentences]) expect(text.trim(), `${lang}: ${s.id}`).not.toBe('');
        for (const q of s.questions) {
          expect(q.prompt.trim(), `${lang}: ${s.id}`).not.toBe('');
          expect(q.options, `${lang}: ${s.id}: ${q.prompt}`).toHaveLength(3);
          for (const o of q.options) expect(o.trim(), `${lang}: ${s.id}: ${q.prompt}`).not.toBe('');
          expect(new Set(q.options.map((o) => o.trim().toLowerCase())).size, `${lang}: ${s.id}: ${q.prompt}`).toBe(3);
          expect([0, 1, 2], `${lang}: ${s.id}: ${q.prompt}`).toContain(q.answer);
        }
      }
    }
  });

  it('put the right answer in every position, not always the first', () => {
    const answers = stories.en.flatMap((s) => s.questions.map((q) => q.answer));
    for (const position of [0, 1, 2]) expect(answers.filter((a) => a === position).length).toBeGreaterThan(answers.length / 5);
  });

  it('are found by level, the level clamped to 1..6', () => {
    for (const lang of LANGS) {
      for (let level = 1; level <= STORY_LEVELS; level++) {
        expect(storiesAt(lang, level).map((s) => s.level)).toEqual([level, level]);
      }
      expect(storiesAt(lang, 0)).toEqual(storiesAt(lang, 1));
      expect(storiesAt(lang, -3)).toEqual(storiesAt(lang, 1));
      expect(storiesAt(lang, 7)).toEqual(storiesAt(lang, STORY_LEVELS));
      expect(storiesAt(lang, 99)).toEqual(storiesAt(lang, STORY_LEVELS));
      expect(storiesAt(lang, Number.NaN)).toEqual(storiesAt(lang, 1));
    }
    expect(storiesAt('sv', 3).map((s) => s.id)).toEqual(storiesAt('en', 3).map((s) => s.id));
  });
});

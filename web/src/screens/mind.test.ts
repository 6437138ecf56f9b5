// @vitest-environment jsdom
// Mind training as a person goes through it: today's planned task from the server at its start
// level, answered by its key, judged against the stimulus the seed gives; the block queued with
// its answers (no times when untimed), the result as training progress, then the rating.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { isoDate } from '../api';
import { $, button, press, root, seconds, serve, settle, setUpFakeApi, tearDownFakeApi } from './fake-api';
import { routeTrial } from '../cognitive/route';
import { trialRng } from './mind-exercises';

const queued = vi.hoisted(() => [] as { path: string; body: Record<string, unknown> }[]);
vi.mock('../session', () => ({
  queue: {
    enqueue: async (path: string, body: Record<string, unknown>) => { queued.push({ path, body }); },
    flush: async () => 0,
  },
}));
const { Mind } = await import('./mind');

const ctx = {
  account: { id: 1, name: 'pat', role: 'person' as const },
  prefs: { lang: 'en' as const, textSize: 100 as const, contrast: false, reducedMotion: false, units: 'kg' as const },
  setPrefs: vi.fn(),
  signedIn: vi.fn(),
};
const today = (status: string, tasks = [{ task: 'route', start_level: 2, minutes: 10 }]) => ({
  status: 200,
  body: {
    status: 'rest', items: [], reasons: [],
    cognitive: { status, date: isoDate(), minutes: 10, tasks, paired: null, reasons: [{ rule: 'cognitive.fatigue', message: 'Tired today.' }], next: '2030-01-02' },
  },
});
const key = (k: string) => act(() => { dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })); });
const text = () => root.textContent ?? '';

beforeEach(() => {
  setUpFakeApi('/mind?seed=7');
  queued.length = 0;
  localStorage.clear();
});
afterEach(tearDownFakeApi);

describe('mind training', () => {
  it('plays today\'s task from its start level, queues the block and the rating', async () => {
    serve(`GET /sessions/today?date=${isoDate()}`, today('planned'));
    await act(() => render(h(Mind, { ctx }), root));
    await settle();
    expect(text()).toContain('Planned today');
    expect(text()).toMatch(/Route planning · 10\smin · Level 2/);
    await press(button('Start today’s mind training'));
    expect(text()).toContain('Choose one of three answers (keys 1, 2 and 3).');
    await press(button('Start'));
    // The block's seed follows the one in the address; the first trial is the seed's.
    const trial = routeTrial(2, trialRng(7 + 7919, 0));
    const right = trial.options.indexOf(trial.answer) + 1;
    expect([...root.querySelectorAll('.answers button')].map((b) => b.textContent)).toEqual(trial.options.map((o, i) => `${o} steps${i + 1}`));
    await key(String(right));
    expect($('[data-testid="mind-feedback"]')!.textContent).toBe('Right.');
    // The feedback stays a moment; a key pressed meanwhile is not an answer.
    await key(String(right));
    await seconds(1);
    await key(String((right % 3) + 1));
    await seconds(1);
    await press(button('Finish this exercise now'));
    expect(queued).toHaveLength(1);
    const block = queued[0];
    expect(block.path).toBe('/cognitive/blocks');
    expect(block.body).toMatchObject({ date: isoDate(), task: 'route', untimed: false, start_level: 2, minutes: 1 });
    const answers = block.body.answers as { right: boolean; ms: number }[];
    expect(answers.map((a) => a.right)).toEqual([true, false]);
    expect(answers.every((a) => Number.isInteger(a.ms) && a.ms >= 1)).toBe(true);
    expect($('[data-testid="mind-result"]')!.textContent).toContain('Route planning: 1 of 2 right.');
    expect(text()).toContain('not a medical test');
    await press(button('Finish mind training'));
    expect(text()).toContain('How mentally tired do you feel now?');
    await press(button('Save'));
    expect(text()).toContain('Choose a number from 0 to 10.');
    await act(() => { $<HTMLInputElement>('#mind-rate-7')!.click(); });
    await press(button('Save'));
    expect(queued[1]).toMatchObject({ path: '/cognitive/ratings', body: { date: isoDate(), rating: 7 } });
    expect(text()).toContain('Thank you. Saved.');
  });

  it('sends no response times without time pressure, and offers practice once today\'s tasks are done', async () => {
    serve(`GET /sessions/today?date=${isoDate()}`, today('shorter', [{ task: 'speed', start_level: 4, minutes: 5 }]));
    await act(() => render(h(Mind, { ctx }), root));
    await settle();
    expect(text()).toContain('Tired today.');
    expect($('[data-testid="mind-practise"]')).toBeNull();
    await act(() => { $<HTMLInputElement>('input[type="checkbox"]')!.click(); });
    await press(button('Start today’s mind training'));
    expect(text()).toContain('Without time pressure: take all the time you need.');
    await press(button('Start'));
    // Untimed: no window for the answer; the trial waits.
    await seconds(30);
    expect($('[data-testid="mind-feedback"]')!.textContent).toBe('');
    await key('s');
    await seconds(1);
    await press(button('Finish this exercise now'));
    expect(queued[0].body).toMatchObject({ task: 'speed', untimed: true, start_level: 4 });
    expect((queued[0].body.answers as object[])[0]).not.toHaveProperty('ms');
    await press(button('Practise another exercise'));
    expect(text()).toContain('Today’s mind training is done.');
    expect($('[data-testid="mind-practise"]')).not.toBeNull();
  });

  it('times out a pattern in timed mode as not right, and a finish without answers sends nothing', async () => {
    serve(`GET /sessions/today?date=${isoDate()}`, today('planned', [{ task: 'speed', start_level: 1, minutes: 5 }]));
    await act(() => render(h(Mind, { ctx }), root));
    await settle();
    await press(button('Start today’s mind training'));
    expect(text()).toContain('You have 15 seconds for each answer.');
    await press(button('Start'));
    await seconds(15);
    expect($('[data-testid="mind-feedback"]')!.textContent).toBe('Time ran out for this one.');
    await seconds(1);
    await press(button('Finish this exercise now'));
    expect((queued[0].body.answers as object[])).toEqual([{ right: false, ms: 15000 }]);
  });

  it('says why there is no session on a stopped day and offers neither a start nor practice', async () => {
    serve(`GET /sessions/today?date=${isoDate()}`, today('stopped', []));
    await act(() => render(h(Mind, { ctx }), root));
    await settle();
    expect(text()).toContain('No mind training today');
    expect(text()).toContain('Next mind training:');
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual([]);
  });
});

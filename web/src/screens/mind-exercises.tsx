// The exercises of mind training, one trial at a time: what is shown, the large answer buttons
// and the keys. Each gets the level and the trial number (the stimulus is made from the block's
// seed and the trial number, so the same seed shows the same trials) and reports each answer
// with the milliseconds from the stimulus shown to the answer. Every picture has a text
// alternative; nothing moves.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t, type Key } from '../i18n';
import { rng } from '../cognitive/rng';
import { speedRight, speedTrial, speedWindowMs } from '../cognitive/speed';
import { searchRight, searchTrial } from '../cognitive/search';
import { DIGIT_MS, GAP_MS, spanRight, spanTrial } from '../cognitive/span';
import { routeTrial } from '../cognitive/route';
import { PAUSE_SECONDS, countFrom, pickStory } from '../cognitive/story';
import type { Story as StoryText, StoryLang } from '../cognitive/stories';
import { lang } from '../i18n';

// slow: the time to answer ran out; last: the last answer of a story (a block ends at a story's
// end, never in the middle of one).
export type OnAnswer = (right: boolean, ms: number, slow?: boolean, last?: boolean) => void;
export type ExerciseProps = { level: number; n: number; seed: number; untimed: boolean; locked: boolean; answer: OnAnswer };

// The trial's own generator: from the block's seed and the trial number only.
export function trialRng(seed: number, n: number) {
  return rng((seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0);
}

// Keys pressed anywhere on the page, except with a modifier, while typing in a field, or held
// down. `keys` maps a key (lower case, or its name such as ArrowLeft) to what it does. Listened
// to from the moment the exercise is on the screen (a layout effect: before it is painted).
export function useKeys(keys: Record<string, () => void>, on = true) {
  const ref = useRef(keys);
  ref.current = keys;
  useLayoutEffect(() => {
    if (!on) return;
    const down = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      const el = e.target as HTMLElement | null;
      if (el && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) return;
      const act = ref.current[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      if (!act) return;
      // Enter and Space on a focused button are the button's own.
      if ((e.key === 'Enter' || e.key === ' ') && el?.tagName === 'BUTTON') return;
      e.preventDefault();
      act();
    };
    addEventListener('keydown', down);
    return () => removeEventListener('keydown', down);
  }, [on]);
}

// The keys of an answer: the language's letter and the English one (S/D, Y/N), both work.
function letters(key: Key, english: string): string[] {
  return [...new Set([t(key).toLowerCase(), english])];
}

// The moment the stimulus of trial n is on the screen.
function useShown(n: number, ready = true) {
  const at = useRef(0);
  useEffect(() => {
    if (ready) at.current = performance.now();
  }, [n, ready]);
  return () => Math.max(1, Math.round(performance.now() - at.current));
}

// One large answer button with its key shown (the key is said in the instructions too).
function AnswerButton({ label, keyName, shortcut, onClick, locked, wide }: {
  label: ComponentChildren; keyName: string; shortcut: string; onClick: () => void; locked: boolean; wide?: boolean;
}) {
  return (
    <button type="button" class={'answer' + (wide ? ' wide' : '')} aria-keyshortcuts={shortcut} aria-disabled={locked ? 'true' : undefined}
      onClick={() => !locked && onClick()}>
      <span>{label}</span>
      <kbd aria-hidden="true">{keyName}</kbd>
    </button>
  );
}

// --- Shapes ------------------------------------------------------------------------------------

const SHAPE_NAMES: Key[] = ['mind.shape.0', 'mind.shape.1', 'mind.shape.2', 'mind.shape.3', 'mind.shape.4', 'mind.shape.5'];
const SYMBOL_NAMES: Key[] = ['mind.sym.0', 'mind.sym.1', 'mind.sym.2', 'mind.sym.3', 'mind.sym.4', 'mind.sym.5', 'mind.sym.6', 'mind.sym.7'];

// A pattern shape (speed) in a cell of 10 × 10 at x, y.
function Shape({ kind, x, y }: { kind: number; x: number; y: number }) {
  const cx = x + 5, cy = y + 5;
  switch (kind) {
    case 1: return <rect x={x + 2} y={y + 2} width="6" height="6" />;
    case 2: return <circle cx={cx} cy={cy} r="3.3" />;
    case 3: return <path d={`M${cx} ${y + 1.8}L${x + 8.4} ${y + 8}H${x + 1.6}Z`} />;
    case 4: return <path d={`M${cx} ${y + 8.2}L${x + 8.4} ${y + 2}H${x + 1.6}Z`} />;
    case 5: return <circle cx={cx} cy={cy} r="2.9" fill="none" stroke="currentColor" stroke-width="1.2" />;
    default: return null;
  }
}

// A search symbol in a cell of 10 × 10: a ring with a gap at the top, right, bottom or left,
// or a clearly different shape.
function Symbol({ kind, x, y }: { kind: number; x: number; y: number }) {
  const cx = x + 5, cy = y + 5;
  if (kind < 4) {
    // The ring's dash starts at 3 o'clock going clockwise; the gap (the last 18 %) is turned to
    // face up, right, down or left.
    const c = 2 * Math.PI * 3;
    const turn = [270, 0, 90, 180][kind] - 327.6;
    return <circle cx={cx} cy={cy} r="3" fill="none" stroke="currentColor" stroke-width="1.3"
      stroke-dasharray={`${c * 0.82} ${c * 0.18}`} transform={`rotate(${turn} ${cx} ${cy})`} />;
  }
  switch (kind) {
    case 4: return <rect x={x + 2.2} y={y + 2.2} width="5.6" height="5.6" fill="none" stroke="currentColor" stroke-width="1.2" />;
    case 5: return <path d={`M${x + 2} ${cy}H${x + 8}M${cx} ${y + 2}V${y + 8}`} stroke="currentColor" stroke-width="1.3" />;
    case 6: return <circle cx={cx} cy={cy} r="1.8" />;
    default: return <rect x={x + 1.8} y={cy - 0.8} width="6.4" height="1.6" />;
  }
}

// A square grid of cells drawn with `draw`, described in words row by row.
function Grid({ size, cells, draw, names, label, class: cls }: {
  size: number; cells: number[]; draw: (kind: number, x: number, y: number) => ComponentChildren; names: Key[]; label: string; class: string;
}) {
  const rows = Array.from({ length: size }, (_, r) => t('mind.row', {
    n: r + 1, cells: cells.slice(r * size, r * size + size).map((k) => t(names[k])).join(', '),
  }));
  return (
    <svg class={cls} viewBox={`-0.5 -0.5 ${size * 10 + 1} ${size * 10 + 1}`} role="img" aria-label={`${label}. ${rows.join('. ')}.`}>
      {cells.map((_, i) => (
        <rect key={'c' + i} x={(i % size) * 10} y={Math.floor(i / size) * 10} width="10" height="10" class="cell" />
      ))}
      <g fill="currentColor">{cells.map((k, i) => <g key={i}>{draw(k, (i % size) * 10, Math.floor(i / size) * 10)}</g>)}</g>
    </svg>
  );
}

// --- Speed: are the two patterns the same? ------------------------------------------------------

export function Speed({ level, n, seed, untimed, locked, answer }: ExerciseProps) {
  const trial = useMemo(() => speedTrial(level, trialRng(seed, n)), [n]);
  const since = useShown(n);
  const say = (same: boolean) => answer(speedRight(trial, same), since());
  // Timed: a generous window for each answer; when it passes, the answer counts as not right.
  useEffect(() => {
    if (untimed || locked) return;
    const window = speedWindowMs(level);
    const id = setTimeout(() => answer(false, window, true), window);
    return () => clearTimeout(id);
  }, [n, locked]);
  const same = letters('mind.key_same', 's'), diff = letters('mind.key_diff', 'd');
  useKeys({
    ...Object.fromEntries(same.map((k) => [k, () => !locked && say(true)])),
    ...Object.fromEntries(diff.map((k) => [k, () => !locked && say(false)])),
    ArrowLeft: () => !locked && say(true), ArrowRight: () => !locked && say(false),
  });
  const draw = (k: number, x: number, y: number) => <Shape kind={k} x={x} y={y} />;
  return (
    <>
      <p class="question" id="mind-q">{t('mind.speed_q')}</p>
      <div class="pair" key={n} data-testid="mind-stimulus">
        <Grid class="pattern" size={trial.size} cells={trial.a} draw={draw} names={SHAPE_NAMES} label={t('mind.left_pattern')} />
        <Grid class="pattern" size={trial.size} cells={trial.b} draw={draw} names={SHAPE_NAMES} label={t('mind.right_pattern')} />
      </div>
      <div class="answers" role="group" aria-labelledby="mind-q">
        <AnswerButton label={t('mind.same')} keyName={`${same[0].toUpperCase()} ←`} shortcut={`${same[0].toUpperCase()} ArrowLeft`} locked={locked} onClick={() => say(true)} />
        <AnswerButton label={t('mind.different')} keyName={`${diff[0].toUpperCase()} →`} shortcut={`${diff[0].toUpperCase()} ArrowRight`} locked={locked} onClick={() => say(false)} />
      </div>
    </>
  );
}

// --- Search: is the target in the grid? ---------------------------------------------------------

export function Search({ level, n, seed, locked, answer }: ExerciseProps) {
  const trial = useMemo(() => searchTrial(level, trialRng(seed, n)), [n]);
  const since = useShown(n);
  const say = (yes: boolean) => answer(searchRight(trial, yes), since());
  const yes = letters('mind.key_yes', 'y'), no = letters('mind.key_no', 'n');
  useKeys({
    ...Object.fromEntries(yes.map((k) => [k, () => !locked && say(true)])),
    ...Object.fromEntries(no.map((k) => [k, () => !locked && say(false)])),
  });
  const target = t(SYMBOL_NAMES[trial.target]);
  return (
    <>
      <p class="question" id="mind-q">
        {t('mind.search_q', { target })}{' '}
        <svg class="target" viewBox="0 0 10 10" aria-hidden="true"><g fill="currentColor"><Symbol kind={trial.target} x={0} y={0} /></g></svg>
      </p>
      <div key={n} data-testid="mind-stimulus">
        <Grid class="search-grid" size={trial.size} cells={trial.cells} names={SYMBOL_NAMES} label={t('mind.grid', { count: trial.cells.length })}
          draw={(k, x, y) => <Symbol kind={k} x={x} y={y} />} />
      </div>
      <div class="answers" role="group" aria-labelledby="mind-q">
        <AnswerButton label={t('common.yes')} keyName={yes[0].toUpperCase()} shortcut={yes[0].toUpperCase()} locked={locked} onClick={() => say(true)} />
        <AnswerButton label={t('common.no')} keyName={no[0].toUpperCase()} shortcut={no[0].toUpperCase()} locked={locked} onClick={() => say(false)} />
      </div>
    </>
  );
}

// --- Span: remember the digits in order ----------------------------------------------------------
// Made afresh for each trial (keyed by the trial number): the digits one at a time, then the keypad.

export function Span({ level, n, seed, locked, answer }: ExerciseProps) {
  const digits = useMemo(() => spanTrial(level, trialRng(seed, n)), [n]);
  // Which digit is on the screen (-1 between two), until all have been shown.
  const [shown, setShown] = useState(0);
  const [blank, setBlank] = useState(false);
  const [entered, setEntered] = useState<number[]>([]);
  useEffect(() => {
    if (shown >= digits.length) return;
    const id = setTimeout(() => {
      if (blank) {
        setBlank(false);
        setShown(shown + 1);
      } else setBlank(true);
    }, blank ? GAP_MS : DIGIT_MS);
    return () => clearTimeout(id);
  }, [shown, blank, n]);
  const entering = shown >= digits.length;
  const since = useShown(n, entering);
  // When the keypad comes, the focus goes to what to do (the keypad is the next stop).
  const ask = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (entering) ask.current?.focus({ preventScroll: true });
  }, [entering]);
  const type = (d: number) => !locked && entering && entered.length < digits.length + 3 && setEntered([...entered, d]);
  const del = () => !locked && entering && setEntered(entered.slice(0, -1));
  const done = () => !locked && entering && entered.length > 0 && answer(spanRight(digits, entered), since());
  useKeys({
    ...Object.fromEntries(Array.from({ length: 10 }, (_, d) => [String(d), () => type(d)])),
    Backspace: del, Delete: del, Enter: done,
  });
  if (!entering) {
    return (
      <>
        <p class="question">{t('mind.span_watch', { count: digits.length })}</p>
        <p class="digit" aria-live="assertive" data-testid="mind-stimulus">{blank ? '' : digits[shown]}</p>
        <p class="hint">{t('mind.span_of', { n: shown + 1, total: digits.length })}</p>
      </>
    );
  }
  return (
    <>
      <p class="question" id="mind-q" tabIndex={-1} ref={ask}>{t('mind.span_enter', { count: digits.length })}</p>
      <output class="entered" aria-live="polite" data-testid="mind-entered">
        {entered.length ? entered.join(' ') : <span class="hint">{t('mind.span_none')}</span>}
      </output>
      <div class="keypad" role="group" aria-labelledby="mind-q">
        {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => (
          <button type="button" key={d} aria-disabled={locked ? 'true' : undefined} onClick={() => type(d)}>{d}</button>
        ))}
        <button type="button" aria-keyshortcuts="Backspace" aria-disabled={locked ? 'true' : undefined} onClick={del}>{t('mind.delete')}</button>
        <button type="button" aria-disabled={locked ? 'true' : undefined} onClick={() => type(0)}>0</button>
        <button type="button" class="primary" aria-keyshortcuts="Enter" aria-disabled={locked || !entered.length ? 'true' : undefined} onClick={done}>{t('mind.done')}</button>
      </div>
    </>
  );
}

// --- Route: the fewest steps from start to goal -------------------------------------------------

const COLUMNS = 'ABCDEFGHIJ';

export function Route({ level, n, seed, locked, answer }: ExerciseProps) {
  const trial = useMemo(() => routeTrial(level, trialRng(seed, n)), [n]);
  const since = useShown(n);
  const say = (i: number) => !locked && answer(trial.options[i] === trial.answer, since());
  useKeys({ 1: () => say(0), 2: () => say(1), 3: () => say(2) });
  const rows = Array.from({ length: trial.size }, (_, r) => r);
  const cell = (i: number) => (i === trial.start ? 'start' : i === trial.goal ? 'goal' : trial.walls[i] ? 'wall' : 'open');
  return (
    <>
      <p class="question" id="mind-q">{t('mind.route_q')}</p>
      <p class="hint">{t('mind.route_hint')}</p>
      <table class="route" key={n} data-testid="mind-stimulus">
        <caption>{t('mind.route_map', { size: trial.size })}</caption>
        <thead><tr><td />{rows.map((c) => <th scope="col" key={c}>{COLUMNS[c]}</th>)}</tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r}>
              <th scope="row">{r + 1}</th>
              {rows.map((c) => {
                const kind = cell(r * trial.size + c);
                return (
                  <td key={c} class={kind}>
                    {kind === 'start' && <span aria-hidden="true">●</span>}
                    {kind === 'goal' && <span aria-hidden="true">★</span>}
                    <span class="sr-only">{t(`mind.cell_${kind}` as Key)}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div class="answers three" role="group" aria-labelledby="mind-q">
        {trial.options.map((o, i) => (
          <AnswerButton key={i} label={t('mind.steps', { count: o })} keyName={String(i + 1)} shortcut={String(i + 1)} locked={locked} onClick={() => say(i)} />
        ))}
      </div>
    </>
  );
}

// --- Story: the memory strategy ------------------------------------------------------------------
// A story read sentence by sentence with its picture to imagine, then its link to one's own
// life, a short pause (counting backwards, skippable), then its questions one at a time. Each
// question is one answer; the next story is of the level reached.

const RECENT = 'msfit.mind.stories';
function recentStories(): string[] {
  try {
    return JSON.parse(localStorage.getItem(RECENT) ?? '[]');
  } catch {
    return [];
  }
}

type Step = { story: StoryText; at: 'read' | 'context' | 'pause' | 'questions'; sentence: number; base: number; from: number };

export function Story({ level, n, seed, untimed, locked, answer }: ExerciseProps) {
  const start = (base: number): Step => {
    const r = trialRng(seed, base);
    const story = pickStory(lang() as StoryLang, level, r, recentStories());
    try { localStorage.setItem(RECENT, JSON.stringify([story.id, ...recentStories().filter((x) => x !== story.id)].slice(0, 6))); } catch { /* full */ }
    return { story, at: 'read', sentence: 0, base, from: countFrom(r) };
  };
  const [step, setStep] = useState<Step>(() => start(n));
  const q = n - step.base;
  // The story's questions are answered: the next story, of the level reached.
  useEffect(() => {
    if (step.at === 'questions' && q >= step.story.questions.length) setStep(start(n));
  }, [n]);
  const { story } = step;
  const question = step.at === 'questions' ? story.questions[Math.min(q, story.questions.length - 1)] : undefined;
  const since = useShown(n, Boolean(question));
  const say = (i: number) => question && !locked && answer(i === question.answer, since(), false, q === story.questions.length - 1);
  useKeys(question ? { 1: () => say(0), 2: () => say(1), 3: () => say(2) } : {});
  // The pause: 20 s counted on the screen in timed mode; without time pressure, no countdown.
  const [left, setLeft] = useState(PAUSE_SECONDS);
  useEffect(() => {
    if (step.at !== 'pause' || untimed) return;
    setLeft(PAUSE_SECONDS);
    const until = Date.now() + PAUSE_SECONDS * 1000;
    const id = setInterval(() => {
      const s = Math.ceil((until - Date.now()) / 1000);
      if (s > 0) setLeft(s);
      else setStep((p) => ({ ...p, at: 'questions', base: n }));
    }, 500);
    return () => clearInterval(id);
  }, [step.at]);
  // Each step says what it is: the focus goes to its text.
  const focus = useRef<HTMLDivElement>(null);
  useEffect(() => {
    focus.current?.focus({ preventScroll: true });
  }, [step.at, step.sentence, story.id, q]);
  const go = (change: Partial<Step>) => setStep((p) => ({ ...p, ...change }));
  const next = (label: string, onClick: () => void) => (
    <div class="actions"><button type="button" class="primary huge" onClick={onClick}>{label}</button></div>
  );
  if (step.at === 'read') {
    const last = step.sentence >= story.sentences.length - 1;
    return (
      <>
        <div class="story-step" tabIndex={-1} ref={focus} data-testid="mind-stimulus">
          <h2>{story.title}</h2>
          <p class="hint">{t('mind.sentence', { n: step.sentence + 1, total: story.sentences.length })}</p>
          <p class="sentence">{story.sentences[step.sentence]}</p>
          <p class="prompt"><strong>{t('mind.picture')}</strong> {story.imagery}</p>
        </div>
        {next(t('common.next'), () => go(last ? { at: 'context' } : { sentence: step.sentence + 1 }))}
      </>
    );
  }
  if (step.at === 'context') {
    return (
      <>
        <div class="story-step" tabIndex={-1} ref={focus}>
          <h2>{story.title}</h2>
          <p class="prompt"><strong>{t('mind.link')}</strong> {story.context}</p>
        </div>
        {next(t('common.next'), () => go({ at: 'pause' }))}
      </>
    );
  }
  if (step.at === 'pause') {
    return (
      <>
        <div class="story-step" tabIndex={-1} ref={focus}>
          <h2>{t('mind.pause')}</h2>
          <p class="sentence">{t('mind.count_back', { from: step.from })}</p>
          {!untimed && <p role="timer" aria-live="off">{t('mind.pause_left', { count: left })}</p>}
        </div>
        {next(t(untimed ? 'mind.to_questions' : 'mind.skip_pause'), () => go({ at: 'questions', base: n }))}
      </>
    );
  }
  return (
    <>
      <div class="story-step" tabIndex={-1} ref={focus}>
        <p class="hint">{t('mind.question', { n: Math.min(q, story.questions.length - 1) + 1, total: story.questions.length })}</p>
        <p class="question" id="mind-q">{question!.prompt}</p>
      </div>
      <div class="answers three" role="group" aria-labelledby="mind-q">
        {question!.options.map((o, i) => (
          <AnswerButton key={i} wide label={o} keyName={String(i + 1)} shortcut={String(i + 1)} locked={locked} onClick={() => say(i)} />
        ))}
      </div>
    </>
  );
}

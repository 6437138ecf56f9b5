// Mind training: today's tasks in order, each for its minutes or until the person finishes it,
// or any exercise as free practice when nothing is planned. Each task block goes through the
// offline queue and its result is shown as training progress (never as a clinical measure);
// after the session, how mentally tired the person feels (0-10), which shortens the next one
// when high.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, isoDate, newClientId } from '../api';
import { duration, t, type Key } from '../i18n';
import { queue, type Ctx } from '../session';
import { Link, Loading, Page, useLoad } from '../ui';
import { useTick } from './timers';
import { MAX_ANSWERS, blockBody, canPractise, canStart, doneFlags, practiceLevel, tasksLeft } from '../cognitive/flow';
import { freshSeed } from '../cognitive/rng';
import { TASKS, score as scoreOf, startAt, step } from '../cognitive/staircase';
import { speedWindowMs } from '../cognitive/speed';
import type { Answer, MindHistory, MindToday, Score, Task, TodayTask } from '../cognitive/types';
import { MindSummary, loadMindToday, taskName } from './mind-card';
import { MindSetting } from './mind-setting';
import { Route, Search, Span, Speed, Story, type ExerciseProps, type OnAnswer } from './mind-exercises';
import './mind.css';

const EXERCISES: Record<Task, (p: ExerciseProps) => preact.JSX.Element> = { speed: Speed, search: Search, span: Span, route: Route, story: Story };
// How long the answer's feedback stays before the next trial.
const FEEDBACK_MS = 800;
// Free practice: a block of this many minutes.
const PRACTICE_MINUTES = 5;
const UNTIMED = 'msfit.mind.untimed';

type Run = TodayTask & { index: number; total: number; planned: boolean };
type Stage =
  | { at: 'home' }
  | { at: 'intro'; run: Run }
  | { at: 'block'; run: Run; seed: number }
  | { at: 'result'; run: Run; score: Score | null }
  | { at: 'rate' }
  | { at: 'rated' };

// The tasks of today's session done on this device (cleared with Today's keys on sign-out).
function doneKey(ctx: Ctx) {
  return `msfit.today.mind.${ctx.account.id}`;
}
function readDone(ctx: Ctx, date: string): Task[] {
  try {
    const kept = JSON.parse(localStorage.getItem(doneKey(ctx)) ?? 'null');
    return kept?.date === date ? kept.tasks : [];
  } catch {
    return [];
  }
}

// A fixed seed from the address (?seed=), for the same trials every time; else a fresh one.
function firstSeed(): number {
  const s = Number(new URLSearchParams(location.search).get('seed'));
  return Number.isInteger(s) && s > 0 ? s : freshSeed();
}

async function load(ctx: Ctx, date: string): Promise<{ mind: MindToday | null; blocks: MindHistory['blocks'] }> {
  const from = isoDate(new Date(Date.parse(date + 'T12:00') - 84 * 864e5));
  const [mind, history] = await Promise.all([
    loadMindToday(ctx.account.id, date),
    api<MindHistory>('GET', `/cognitive?from=${from}&to=${date}`).catch(() => null),
  ]);
  return { mind, blocks: history?.blocks ?? [] };
}

export function Mind({ ctx }: { ctx: Ctx }) {
  const date = isoDate();
  const { data, error } = useLoad(() => load(ctx, date), [ctx.prefs.lang]);
  const [stage, setStage] = useState<Stage>({ at: 'home' });
  const [done, setDone] = useState<Task[]>(() => readDone(ctx, date));
  const [untimed, setUntimed] = useState(() => localStorage.getItem(UNTIMED) === '1');
  const seeds = useRef(firstSeed());
  if (!data) return <Page title={t('mind.title')}><Loading error={error} /></Page>;
  const { mind, blocks } = data;
  const planned = mind && canStart(mind.status) ? mind.tasks : [];
  const left = tasksLeft(planned, done);
  const flags = doneFlags(planned, done);

  const intro = (run: Run) => setStage({ at: 'intro', run });
  const nextPlanned = (doneNow: Task[]) => {
    const rest = tasksLeft(planned, doneNow);
    return rest.length ? { ...rest[0], index: planned.length - rest.length + 1, total: planned.length, planned: true } : null;
  };
  const finished = async (run: Run, answers: Answer[], ms: number) => {
    if (!answers.length) {
      setStage({ at: 'result', run, score: null });
      return;
    }
    const body = blockBody({ client_id: newClientId(), date, task: run.task, untimed, ms, start_level: run.start_level, answers });
    await queue.enqueue('/cognitive/blocks', body as unknown as Record<string, unknown>);
    queue.flush();
    if (run.planned) {
      const now = [...done, run.task];
      try { localStorage.setItem(doneKey(ctx), JSON.stringify({ date, tasks: now })); } catch { /* full */ }
      setDone(now);
    }
    setStage({ at: 'result', run, score: scoreOf(run.task, run.start_level, body.answers) });
  };

  if (stage.at === 'intro') {
    const { run } = stage;
    return (
      <Page title={taskName(run.task)}>
        {run.total > 1 && <p class="mind-meta">{t('mind.of', { n: run.index, total: run.total })}</p>}
        <p class="big">{t(`mind.about.${run.task}` as Key)}</p>
        {run.task === 'story' && <p>{t('mind.story_how')}</p>}
        <p>{t(`mind.how.${run.task}` as Key)}</p>
        <p class="hint">
          {untimed ? t('mind.untimed_on') : run.task === 'speed' ? t('mind.speed_window', { time: duration(speedWindowMs(run.start_level) / 1000) }) : t('mind.timed_on')}
          {' '}{t('mind.planned', { minutes: run.minutes })}
        </p>
        <div class="actions">
          <button type="button" class="primary huge" data-testid="mind-go" onClick={() => {
            seeds.current = (seeds.current + 7919) >>> 0;
            setStage({ at: 'block', run, seed: seeds.current });
          }}>{t('mind.start')}</button>
          <button type="button" onClick={() => setStage({ at: 'home' })}>{t('mind.not_now')}</button>
        </div>
      </Page>
    );
  }
  if (stage.at === 'block') {
    const { run } = stage;
    return <Block key={stage.seed} run={run} seed={stage.seed} untimed={untimed} finish={(answers, ms) => finished(run, answers, ms)} />;
  }
  if (stage.at === 'result') {
    const { run, score } = stage;
    const next = run.planned ? nextPlanned(done) : null;
    return (
      <Page title={t('mind.result_title')}>
        {score ? (
          <section class="card" data-testid="mind-result">
            <p class="big">{t('mind.result_right', { task: taskName(run.task), right: score.right, answers: score.answers })}</p>
            <p>{t('mind.result_level', { start: score.start_level, end: score.end_level, highest: score.highest_level })}</p>
          </section>
        ) : <p data-testid="mind-result">{t('mind.no_answers')}</p>}
        <p class="hint">{t('mind.practice_note')}</p>
        <div class="actions">
          {next && <button type="button" class="primary huge" onClick={() => intro(next)}>{t('mind.next_task', { task: taskName(next.task) })}</button>}
          {!next && <button type="button" class="huge" onClick={() => setStage({ at: 'home' })}>{t('mind.practise_more')}</button>}
          <button type="button" class={next ? 'huge' : 'primary huge'} onClick={() => setStage({ at: 'rate' })}>{t('mind.end_session')}</button>
        </div>
      </Page>
    );
  }
  if (stage.at === 'rate') return <Rate date={date} done={() => setStage({ at: 'rated' })} />;
  if (stage.at === 'rated') {
    return (
      <Page title={t('mind.title')}>
        <p class="big" role="status"><span aria-hidden="true">✓ </span>{t('mind.rated')}</p>
        <p>{t('mind.rate_why')}</p>
        <div class="actions">
          <Link class="button" href="/today">{t('nav.today')}</Link>
          <Link class="button" href="/progress">{t('nav.progress')}</Link>
        </div>
      </Page>
    );
  }

  // Home: today's session, or why there is none; free practice when nothing is planned.
  const practise = canPractise(mind?.status, planned.length > 0 && left.length === 0);
  return (
    <Page title={t('mind.title')}>
      <p>{t('mind.intro')}</p>
      {mind && (
        <section class="card" aria-labelledby="mind-today" data-testid="mind-today">
          <h2 id="mind-today">{t('mind.today')}</h2>
          <MindSummary mind={mind} />
          {planned.length > 0 && (
            <ol class="items">
              {planned.map((x, i) => (
                <li key={x.task + i}>
                  <strong>{taskName(x.task)}</strong>
                  {' · '}<span class="nb">{t('dose.minutes', { minutes: x.minutes })}</span>
                  {' · '}<span class="nb">{t('mind.level', { level: x.start_level })}</span>
                  {flags[i] && <> · <span class="ok"><span aria-hidden="true">✓ </span>{t('mind.task_done')}</span></>}
                </li>
              ))}
            </ol>
          )}
          {left.length > 0 && (
            <div class="actions">
              <button type="button" class="primary huge" onClick={() => intro(nextPlanned(done)!)}>
                {t(done.length ? 'mind.continue' : 'mind.start_session')}
              </button>
            </div>
          )}
          {planned.length > 0 && left.length === 0 && <p class="ok"><span aria-hidden="true">✓ </span>{t('mind.done_today')}</p>}
        </section>
      )}
      <label class="choice">
        <input type="checkbox" checked={untimed} aria-describedby="untimed-hint" onChange={() => {
          localStorage.setItem(UNTIMED, untimed ? '0' : '1');
          setUntimed(!untimed);
        }} />
        {t('mind.untimed')}
      </label>
      <p class="hint" id="untimed-hint">{t('mind.untimed_hint')}</p>
      {practise && (
        <section class="card" aria-labelledby="mind-practise" data-testid="mind-practise">
          <h2 id="mind-practise">{t('mind.practise')}</h2>
          <p class="hint">{t('mind.practise_hint')}</p>
          <ul class="practise">
            {TASKS.map((task) => (
              <li key={task}>
                <button type="button" class="huge" aria-describedby={`about-${task}`}
                  onClick={() => intro({ task, start_level: practiceLevel(task, blocks), minutes: PRACTICE_MINUTES, index: 1, total: 1, planned: false })}>
                  {taskName(task)}
                </button>
                <span class="hint" id={`about-${task}`}>{t(`mind.about.${task}` as Key)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p class="hint">{t('mind.practice_note')}</p>
      <MindSetting />
    </Page>
  );
}

// One task block: trials until the task's minutes are over (after the answer then given, and at
// a story's end) or the person finishes it. The level follows the staircase.
function Block({ run, seed, untimed, finish }: { run: Run; seed: number; untimed: boolean; finish: (answers: Answer[], ms: number) => void }) {
  const [stair, setStair] = useState(() => startAt(run.task, run.start_level));
  const [n, setN] = useState(0);
  const [said, setSaid] = useState('');
  const [locked, setLocked] = useState(false);
  const live = useRef({ stair, answers: [] as Answer[], locked: false, began: Date.now(), over: false, timer: 0 });
  const now = useTick(true, 1000);
  const left = run.minutes * 60000 - (now - live.current.began);
  const end = () => {
    const l = live.current;
    if (l.over) return;
    l.over = true;
    clearTimeout(l.timer);
    finish(l.answers, Date.now() - l.began);
  };
  useEffect(() => {
    document.getElementById('page-title')?.focus({ preventScroll: true });
    return () => {
      live.current.over = true;
      clearTimeout(live.current.timer);
    };
  }, []);
  const answer: OnAnswer = (right, ms, slow, last) => {
    const l = live.current;
    if (l.locked || l.over) return;
    l.locked = true;
    l.answers.push(untimed ? { right } : { right, ms });
    const before = l.stair;
    l.stair = step(run.task, before, right);
    setStair(l.stair);
    const moved = l.stair.level === before.level ? '' : ' ' + t(l.stair.level > before.level ? 'mind.level_up' : 'mind.level_down', { level: l.stair.level });
    setSaid(t(slow ? 'mind.slow' : right ? 'mind.right' : 'mind.wrong') + moved);
    setLocked(true);
    l.timer = window.setTimeout(() => {
      const up = Date.now() - l.began >= run.minutes * 60000;
      if ((up && last !== false) || l.answers.length >= MAX_ANSWERS) return end();
      l.locked = false;
      setLocked(false);
      setSaid('');
      setN((x) => x + 1);
    }, FEEDBACK_MS);
  };
  const Exercise = EXERCISES[run.task];
  return (
    <Page title={taskName(run.task)}>
      <p class="mind-meta">
        <span>{run.total > 1 && <>{t('mind.of', { n: run.index, total: run.total })} · </>}<span data-testid="mind-level">{t('mind.level', { level: stair.level })}</span></span>
        {untimed ? <span>{t('mind.planned', { minutes: run.minutes })}</span>
          : <span>{left <= 0 ? t('mind.time_up') : left > 60000 ? t('mind.left', { time: duration(left / 1000) }) : t('mind.left_short')}</span>}
      </p>
      <div class={'mind-task ' + run.task} data-testid="mind-block" data-task={run.task}>
        <Exercise key={run.task === 'span' ? n : 0} level={stair.level} n={n} seed={seed} untimed={untimed} locked={locked} answer={answer} />
      </div>
      <p class={'feedback' + (said ? ' shown' : '')} role="status" data-testid="mind-feedback">{said}</p>
      <div class="actions">
        <button type="button" data-testid="mind-finish" onClick={end}>{t('mind.finish')}</button>
      </div>
    </Page>
  );
}

// How mentally tired the person feels after the session, 0-10, through the offline queue.
function Rate({ date, done }: { date: string; done: () => void }) {
  const [rating, setRating] = useState<number | null>(null);
  const [error, setError] = useState('');
  return (
    <Page title={t('mind.rate_title')}>
      <form class="card" onSubmit={async (e) => {
        e.preventDefault();
        if (rating === null) {
          setError(t('mind.rate_needed'));
          document.getElementById('mind-rate-0')?.focus();
          return;
        }
        await queue.enqueue('/cognitive/ratings', { client_id: newClientId(), date, rating });
        queue.flush();
        done();
      }}>
        <fieldset class="scale" aria-describedby={error ? 'mind-rate-error' : undefined}>
          <legend>{t('mind.rate_q')}</legend>
          <p class="hint">{t('mind.rate_hint')}</p>
          <div class="scale-row">
            {Array.from({ length: 11 }, (_, n) => (
              <label class="scale-btn" key={n}>
                <input type="radio" id={`mind-rate-${n}`} name="mind-rate" checked={rating === n} onChange={() => setRating(n)} />
                <span>{n}</span>
              </label>
            ))}
          </div>
          {error && <p class="error" id="mind-rate-error"><span aria-hidden="true">⚠ </span>{error}</p>}
        </fieldset>
        <p>{t('mind.rate_why')}</p>
        <button class="primary huge">{t('mind.rate_send')}</button>
      </form>
      <p class="mind-skip"><button type="button" class="link" onClick={done}>{t('mind.rate_skip')}</button></p>
    </Page>
  );
}

// Today: a readiness check-in first (red flags and a possible relapse confirmed before they are
// sent), then one exercise at a time with set logging, a rest timer, swaps, a cardio timer and a
// rating of each balance exercise. A bad day offers rest or a short seated session; a stopped or
// paused day shows why and, per hold, the clearance that ends it. Sets and items go through the
// offline queue.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, isoDate, newClientId, type Schemas } from '../api';
import { num, t, type Key } from '../i18n';
import {
  MEDICAL_FLAGS, NEURO_FLAGS, OTHER_SYMPTOMS, RED_FLAGS, dose, exerciseName, exercises, guidance, isBalance, position, safety,
  type ExerciseInfo, type PlanItem,
} from '../data';
import { upgradeSets, upgradeToday } from '../legacy';
import type { Prefs } from '../prefs';
import { queue, type Ctx } from '../session';
import {
  changeSet, elapsedMs, forShape, logSet, shape, nextSet, pauseStopwatch, readSaved, savedKey, startStopwatch, summary, withServerSets,
  type Rest, type Saved, type Stopwatch,
} from '../session-state';
import { ItemDetails } from './plan';
import { ClearanceDialog, holdText, type Hold } from './clearance';
import { Stepper, Strength } from './sets';
import { HoldTimer, RestBanner, beep, clock, useTick, useWakeLock } from './timers';
import { Errors, FormError, Loading, Link, Page, errorsOf, useLoad } from '../ui';
import { MindCard } from './mind-card';
import { BAR, PLATES, karvonen, type SetLog, type Units } from '../units';

type TodayView = Schemas['Today'];
type Loaded = { today: TodayView; info: Record<string, ExerciseInfo>; sets: SetLog[]; hr: { rest: number; max: number } | null };
// What the check-in just sent, for when the session cannot be fetched (offline).
type Reported = { red: boolean; relapse: boolean };

function checkinKey(ctx: Ctx) {
  return `msfit.checkin.${ctx.account.id}`;
}

export function Today({ ctx }: { ctx: Ctx }) {
  const date = isoDate();
  const [checked, setChecked] = useState(() => localStorage.getItem(checkinKey(ctx)) === date);
  const [reported, setReported] = useState<Reported>({ red: false, relapse: false });
  if (!checked) {
    return (
      <CheckIn
        date={date}
        done={(r) => {
          localStorage.setItem(checkinKey(ctx), date);
          // A session asked for before this check-in does not know it.
          early = null;
          setReported(r);
          setChecked(true);
        }}
      />
    );
  }
  // Mind training of the day below the session, whatever the session shows.
  return (
    <>
      <Session date={date} ctx={ctx} reported={reported} again={() => setChecked(false)} />
      <MindCard account={ctx.account.id} date={date} lang={ctx.prefs.lang} />
    </>
  );
}

function shortDay(date: string) {
  return new Date(date + 'T12:00').toLocaleDateString(document.documentElement.lang, { day: 'numeric', month: 'long' });
}

function dayText(date: string) {
  return new Date(date + 'T12:00').toLocaleDateString(document.documentElement.lang, { weekday: 'long', day: 'numeric', month: 'long' });
}

// A red flag or a relapse today, or one waiting for a clearance: why, what to do, and per hold
// the clearance that ends it (behind a confirmation).
function Held({ today, reported, cleared }: { today: TodayView | null; reported: Reported; cleared: (message: string) => void }) {
  const holds = today?.holds ?? [];
  const stopped = today ? today.status === 'stopped' || (today.status !== 'paused' && reported.red) : reported.red;
  const [open, setOpen] = useState<Hold | null>(null);
  const [done, setDone] = useState('');
  return (
    <Page title={stopped ? t('today.stop_title') : t('today.paused_title')}>
      <section class="card alert" role="alert" data-testid="held">
        <p class="big"><span aria-hidden="true">⚠ </span>{stopped ? t('today.stop_body') : t('today.paused')}</p>
        {stopped && <p>{t('today.stop_emergency')}</p>}
      </section>
      {done && (
        <p role="status" class="ok">
          <span aria-hidden="true">✓ </span>{done}
          {/* Cleared, but today stays as it is (a clearance ends the hold from the next session). */}
          {today && holds.length === 0 && <> {t('hold.from_next')}</>}
        </p>
      )}
      {today && today.reasons.length > 0 && (
        <section class="card notice" aria-labelledby="why-title">
          <h2 id="why-title">{t('today.why')}</h2>
          <ul>{today.reasons.map((r) => <li key={r.rule}>{r.message}</li>)}</ul>
        </section>
      )}
      {holds.map((h) => (
        <section class="card hold" key={h.kind} data-testid={`hold-${h.clearance}`} aria-labelledby={`hold-${h.kind}`}>
          <h2 id={`hold-${h.kind}`}>{t(h.clearance === 'medical' ? 'hold.medical_title' : 'hold.relapse_title')}</h2>
          <p>{holdText(h)}</p>
          <p>{t(h.clearance === 'medical' ? 'hold.medical_body' : 'hold.relapse_body')}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => setOpen(h)}>
              {t(h.clearance === 'medical' ? 'hold.medical_action' : 'hold.relapse_action')}
            </button>
          </div>
        </section>
      ))}
      {open && (
        <ClearanceDialog
          hold={open}
          who="person"
          send={() => api('POST', '/clearances', { client_id: newClientId(), kind: open.clearance, date: isoDate(), confirm: true })}
          close={(outcome) => {
            setOpen(null);
            if (outcome === 'cancel') return;
            const message = t(outcome === 'recorded' ? 'hold.recorded' : 'hold.nothing_waiting');
            setDone(message);
            cleared(message);
          }}
        />
      )}
      <p><Link href="/plan">{t('today.see_plan')}</Link></p>
    </Page>
  );
}

function CheckIn({ date, done }: { date: string; done: (r: Reported) => void }) {
  const [fatigue, setFatigue] = useState<number | null>(null);
  const [hot, setHot] = useState(false);
  const [relapse, setRelapse] = useState(false);
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  // Red flags and a possible relapse stop or pause training: they are sent only after a second,
  // explicit step, so that a mis-tap does not stop training.
  const [confirming, setConfirming] = useState(false);
  const toggle = (s: string) => setSymptoms(symptoms.includes(s) ? symptoms.filter((x) => x !== s) : [...symptoms, s]);
  const flags = symptoms.filter((s) => (RED_FLAGS as readonly string[]).includes(s));
  const red = flags.length > 0;

  async function send() {
    setBusy(true);
    setErrors({});
    const body = { client_id: newClientId(), date, fatigue, hot, relapse, symptoms };
    try {
      await api('POST', '/checkins', body);
      done({ red, relapse });
    } catch (err) {
      const found = errorsOf(err, ['fatigue']);
      if (found[''] === t('error.network')) {
        // Offline: keep the check-in for later and go on with the session.
        await queue.enqueue('/checkins', body);
        done({ red, relapse });
      } else {
        setConfirming(false);
        setErrors(found);
      }
    }
    setBusy(false);
  }

  if (confirming) {
    const medical = flags.some((s) => MEDICAL_FLAGS.includes(s));
    const neuro = flags.some((s) => NEURO_FLAGS.includes(s));
    return (
      <Page title={t('checkin.confirm_title')}>
        <section class="card alert" data-testid="checkin-confirm">
          <p>{t('checkin.confirm_chosen')}</p>
          <ul class="chosen">
            {flags.map((s) => <li key={s}>{t(`sym.${s}` as Key)}</li>)}
            {relapse && <li>{t('checkin.relapse')}</li>}
          </ul>
          {medical && <p>{t('checkin.confirm_medical')}</p>}
          {(neuro || relapse) && <p>{t(neuro ? 'checkin.confirm_neuro' : 'checkin.confirm_relapse')}</p>}
          {red && <p><strong>{t('today.stop_emergency')}</strong></p>}
          <div class="actions">
            <button type="button" class="primary" disabled={busy} onClick={send}>{t('checkin.confirm_yes')}</button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>{t('checkin.confirm_no')}</button>
          </div>
        </section>
      </Page>
    );
  }

  return (
    <Page title={t('checkin.title')}>
      <p>{t('checkin.intro')}</p>
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          if (fatigue === null) {
            setErrors({ fatigue: t('checkin.fatigue_needed') });
            document.getElementById('fatigue-0')?.focus();
            return;
          }
          if (red || relapse) setConfirming(true);
          else await send();
        }}
      >
        <FormError errors={errors} />
        <fieldset class="scale">
          <legend>{t('checkin.fatigue')}</legend>
          <p class="hint">{t('checkin.fatigue_hint')}</p>
          <div class="scale-row">
            {Array.from({ length: 11 }, (_, n) => (
              <label class="scale-btn" key={n}>
                <input type="radio" id={`fatigue-${n}`} name="fatigue" checked={fatigue === n} onChange={() => setFatigue(n)} />
                <span>{n}</span>
              </label>
            ))}
          </div>
          {errors.fatigue && <p class="error"><span aria-hidden="true">⚠ </span>{errors.fatigue}</p>}
        </fieldset>
        <label class="choice">
          <input type="checkbox" checked={hot} onChange={() => setHot(!hot)} />
          {t('checkin.hot')}
        </label>
        <label class="choice">
          <input type="checkbox" checked={relapse} onChange={() => setRelapse(!relapse)} />
          {t('checkin.relapse')}
        </label>
        <fieldset>
          <legend>{t('checkin.red_flags')}</legend>
          <p class="hint">{t('checkin.red_flags_hint')}</p>
          {RED_FLAGS.map((s) => (
            <label class="choice" key={s}>
              <input type="checkbox" checked={symptoms.includes(s)} onChange={() => toggle(s)} />
              {t(`sym.${s}` as Key)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('checkin.other')}</legend>
          {OTHER_SYMPTOMS.map((s) => (
            <label class="choice" key={s}>
              <input type="checkbox" checked={symptoms.includes(s)} onChange={() => toggle(s)} />
              {t(`sym.${s}` as Key)}
            </label>
          ))}
        </fieldset>
        <button class="primary" disabled={busy}>{t('checkin.submit')}</button>
      </form>
    </Page>
  );
}

function Cardio({ item, exercise, date, hr, watch, setWatch, logged }: {
  item: PlanItem; exercise: string; date: string; hr: Loaded['hr'];
  watch: Stopwatch | null; setWatch: (w: Stopwatch | null) => void; logged: (minutes: number) => void;
}) {
  // The heart rate goes beside the effort, never instead of it: the server's range when the
  // heart rate is usable (not with beta-blockers), else none.
  const zone = item.intensity?.hr_bpm
    ?? (hr && item.intensity?.hrr_pct ? karvonen(hr.rest, hr.max, item.intensity.hrr_pct) : null);
  const mine = watch && watch.exercise === exercise ? watch : null;
  const running = Boolean(mine && mine.startedAt !== null);
  const now = useTick(running, 500);
  const elapsed = mine ? Math.floor(elapsedMs(mine, now) / 1000) : 0;
  const planned = Math.round((item.work_minutes ?? item.minutes) * 60);
  const bout = Math.round((item.bout_minutes ?? 0) * 60);
  const bouts = item.bouts ?? (bout ? Math.max(1, Math.round(planned / bout)) : 1);
  // The minutes to log: what the person entered, else the stopwatch's, else the planned ones.
  const [entered, setEntered] = useState<number | null>(null);
  // Under a minute on the stopwatch says nothing yet: the planned minutes stand until then.
  const fromWatch = elapsed >= 60 ? Math.round(elapsed / 60) : null;
  const minutes = entered ?? fromWatch ?? Math.round(planned / 60);
  const [rpe, setRpe] = useState('');
  // A sound at the end of each bout and at the end of the planned time.
  const marks = useRef(new Set<number>());
  useEffect(() => {
    if (!running || elapsed === 0) return;
    const ends = bout ? Array.from({ length: bouts }, (_, i) => (i + 1) * bout) : [planned];
    for (const end of ends) {
      if (elapsed >= end && !marks.current.has(end)) {
        marks.current.add(end);
        if (elapsed - end < 3) beep();
      }
    }
  }, [elapsed, running]);
  const inBout = bout ? Math.min(bouts, Math.floor(elapsed / bout) + 1) : 0;
  const boutLeft = bout ? Math.max(0, inBout * bout - elapsed) : 0;
  return (
    <>
      {zone && (
        <p data-testid="hr-zone">
          <strong>{t('today.hr_zone', { low: Math.round(zone[0]), high: Math.round(zone[1]) })}</strong>
          {item.intensity?.hrr_pct && <> {t('today.hr_zone_pct', { low: item.intensity.hrr_pct[0], high: item.intensity.hrr_pct[1] })}</>}
          {' '}{t('today.hr_beside')}
        </p>
      )}
      <div class="cardio-timer" data-testid="cardio-timer">
        <p class="timer-caption" id="time-left">{t('sess.time_left')}</p>
        <p class="timer" role="timer" aria-live="off" aria-labelledby="time-left">{clock(Math.max(0, planned - elapsed))}</p>
        <p>
          <span class="nb">{t('sess.planned', { minutes: Math.round(planned / 60) })}</span>
          {elapsed > 0 && <> · <span class="nb">{t('sess.elapsed', { time: clock(elapsed) })}</span></>}
        </p>
        {bout > 0 && bouts > 1 && elapsed > 0 && elapsed < planned && (
          <p data-testid="bout">{t('sess.bout', { n: inBout, total: bouts, time: clock(boutLeft) })}</p>
        )}
        <div class="rest-actions">
          <button type="button" class="primary" onClick={() => {
            const at = Date.now();
            setWatch(running && mine ? pauseStopwatch(mine, at) : startStopwatch(watch, exercise, at));
          }}>{running ? t('today.pause') : t('today.start')}</button>
        </div>
      </div>
      <Stepper id="minutes" label={t('sess.minutes_done')} value={minutes} step={1} min={1} set={setEntered} unit="min" />
      <div class="field">
        <label for="rpe">{t('today.rpe')}</label>
        <select id="rpe" value={rpe} onChange={(e) => setRpe(e.currentTarget.value)}>
          <option value="">{t('sess.rir_none')}</option>
          {Array.from({ length: 11 }, (_, n) => <option key={n} value={String(n)}>{n}</option>)}
        </select>
      </div>
      <div class="actions">
        <button type="button" class="primary huge" onClick={async () => {
          const body: Record<string, unknown> = { client_id: newClientId(), date, exercise, minutes: minutes ?? 1 };
          if (rpe !== '') body.rpe = Number(rpe);
          await queue.enqueue('/cardio', body);
          queue.flush();
          setWatch(null);
          logged(minutes ?? 1);
        }}>{t('today.log_cardio')}</button>
      </div>
    </>
  );
}

export type Rating = 'easy' | 'ok' | 'hard';
const RATINGS: [Rating, Key][] = [['easy', 'rate.easy'], ['ok', 'rate.ok'], ['hard', 'rate.hard']];

// A balance exercise, a stretch or other work without a load, done: sent through the offline
// queue with its own client id, like sets. A hold has its countdown. A balance exercise is rated
// with three large buttons (two "safe and easy" in a row move it up a level next time; "too
// hard" moves it back one).
function ItemDone({ item, exercise, date, rate, done, next }: {
  item: PlanItem; exercise: string; date: string; rate: boolean; done?: string; next: (label: string) => void;
}) {
  const sending = useRef(false);
  async function log(rating?: Rating) {
    if (sending.current) return;
    sending.current = true;
    const body: Record<string, unknown> = { client_id: newClientId(), date, exercise, completed: true };
    if (rating) body.rating = rating;
    try {
      await queue.enqueue('/items', body);
    } finally {
      sending.current = false;
    }
    queue.flush();
    next(rating ? t(RATINGS.find(([r]) => r === rating)![1]) : t('today.done_mark'));
  }
  const hold = item.hold_seconds ? <HoldTimer seconds={item.hold_seconds} total={item.sets ?? 1} /> : null;
  if (done) {
    return (
      <>
        <p role="status" class="ok" data-testid="item-done"><span aria-hidden="true">✓ </span>{t('today.item_done', { how: done })}</p>
        <div class="actions"><button type="button" class="primary huge" onClick={() => next('')}>{t('common.next')}</button></div>
      </>
    );
  }
  if (!rate) {
    return <>{hold}<div class="actions"><button type="button" class="primary huge" onClick={() => log()}>{t('today.done_next')}</button></div></>;
  }
  return (
    <>
      {hold}
      <fieldset class="rating" data-testid="rating">
        <legend>{t('rate.question')}</legend>
        <p class="hint">{t('rate.hint')}</p>
        <div class="rating-row">
          {RATINGS.map(([r, key]) => (
            <button type="button" key={r} class={'huge rate-' + r} onClick={() => log(r)}>{t(key)}</button>
          ))}
        </div>
      </fieldset>
    </>
  );
}

// A swap, for today only or from now on, among the alternatives that suit the person's
// equipment and mobility (the server's list for this item). Sent through the offline queue.
function Swap({ cur, exercise, info, date, done }: {
  cur: TodayView['items'][number]; exercise: string; info?: Record<string, ExerciseInfo>; date: string; done: (to: string, sent: boolean) => void;
}) {
  const [choice, setChoice] = useState('');
  const [scope, setScope] = useState<'today' | 'from_now'>('today');
  // Opened under the exercise: brought into view, with the focus on its first choice.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.scrollIntoView?.({ block: 'start' });
    form.current?.querySelector('input')?.focus({ preventScroll: true });
  }, []);
  // The server's list for this item (older kept sessions have none: the catalogue's, which the
  // server still checks).
  const fromServer = (cur as unknown as { alternatives?: (string | { exercise: string })[] }).alternatives;
  const offered = fromServer?.map((a) => (typeof a === 'string' ? a : a.exercise)) ?? info?.[exercise]?.alternatives ?? [];
  const alternatives = offered.filter((a) => a !== exercise);
  if (!alternatives.length) return <p>{t('today.no_alternatives')}</p>;
  return (
    <form class="card swap" ref={form} onSubmit={async (e) => {
      e.preventDefault();
      await queue.enqueue('/swaps', { client_id: newClientId(), exercise, replacement: choice, date, scope });
      const left = await queue.flush();
      done(choice, left === 0);
    }}>
      <fieldset>
        <legend>{t('today.swap_for')}</legend>
        {alternatives.map((a) => (
          <label class="choice" key={a}>
            <input type="radio" name="swap" checked={choice === a} onChange={() => setChoice(a)} />
            {info?.[a]?.name ?? a}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('sess.swap_when')}</legend>
        <label class="choice"><input type="radio" name="scope" checked={scope === 'today'} onChange={() => setScope('today')} />{t('sess.swap_today')}</label>
        <label class="choice"><input type="radio" name="scope" checked={scope === 'from_now'} onChange={() => setScope('from_now')} />{t('sess.swap_from_now')}</label>
      </fieldset>
      <button class="primary" disabled={!choice}>{t('today.swap_confirm')}</button>
    </form>
  );
}

// What a clinician changed in the plan lately, until the person has seen it.
function PlanChanges({ ctx, today }: { ctx: Ctx; today: TodayView }) {
  const changes = [
    ...((today as { plan_changes?: { date: string; kind: string; message: string }[] }).plan_changes ?? []),
    ...(renewed ? [{ date: today.date, kind: 'rules', message: t('sess.plan_renewed') }] : []),
  ];
  const key = `msfit.changes_seen.${ctx.account.id}`;
  const [seen, setSeen] = useState<string[]>(() => JSON.parse(localStorage.getItem(key) ?? '[]'));
  const fresh = changes.filter((c) => !seen.includes(c.date + c.kind + c.message));
  if (!fresh.length) return null;
  return (
    <section class="card notice" data-testid="plan-changes" aria-labelledby="changes-title">
      <h2 id="changes-title">{t('sess.changes_title')}</h2>
      <ul>{fresh.map((c) => <li key={c.date + c.kind + c.message}><span class="nb">{shortDay(c.date)}</span>: {c.message}</li>)}</ul>
      <button type="button" onClick={() => {
        const all = [...seen, ...fresh.map((c) => c.date + c.kind + c.message)].slice(-50);
        localStorage.setItem(key, JSON.stringify(all));
        setSeen(all);
      }}>{t('sess.changes_ok')}</button>
    </section>
  );
}

// The end of the session: what was done, with a way back to correct a set.
function Summary({ saved, reopen, again }: { saved: Saved; reopen: () => void; again: () => void }) {
  const s = summary(saved);
  return (
    <Page title={t('sess.summary_title')}>
      <p class="big"><span aria-hidden="true">✓ </span>{t('today.done_body')}</p>
      <dl class="summary" data-testid="summary">
        {s.sets > 0 && <><dt>{t('sess.summary_sets')}</dt><dd>{s.sets}</dd><dt>{t('sess.summary_reps')}</dt><dd>{s.reps}</dd></>}
        {s.tonnageKg > 0 && <><dt>{t('sess.summary_load')}</dt><dd class="nb">{num(s.tonnageKg, 1)}&nbsp;kg</dd></>}
        {s.cardioMinutes > 0 && <><dt>{t('sess.summary_cardio')}</dt><dd class="nb">{s.cardioMinutes}&nbsp;min</dd></>}
        {s.items > 0 && <><dt>{t('sess.summary_items')}</dt><dd>{s.items}</dd></>}
      </dl>
      <p>{t('sess.summary_edit')}</p>
      <div class="actions">
        <button type="button" onClick={reopen}>{t('sess.reopen')}</button>
        <Link href="/progress">{t('nav.progress')}</Link>
      </div>
      <p><button type="button" class="link" onClick={again}>{t('today.checkin_again')}</button></p>
    </Page>
  );
}

// Today's session asked for as the app starts, alongside the session check; used once.
let early: { date: string; answer: Promise<TodayView> } | null = null;
export function fetchTodayEarly() {
  const date = isoDate();
  const answer = api<TodayView>('GET', `/sessions/today?date=${date}`);
  answer.catch(() => {});
  early = { date, answer };
}
function takeEarly(date: string) {
  const e = early;
  early = null;
  // Asked before sign-in, it failed: ask again.
  return e && e.date === date ? e.answer.catch(() => api<TodayView>('GET', `/sessions/today?date=${date}`)) : null;
}

// Set once the stored plan, written by an earlier version of the plan rules, has been made
// again from the profile: today's plan changes say so.
let renewed = false;

// Today's session; a plan from an earlier version of the rules (409) is planned again from the
// profile first, so a person is never stopped at the gym by an update.
export async function fetchToday(date: string, first: Promise<TodayView> | null = null): Promise<TodayView> {
  try {
    return await (first ?? api<TodayView>('GET', `/sessions/today?date=${date}`));
  } catch (e) {
    if ((e as { status?: number } | null)?.status !== 409) throw e;
    await api('POST', '/plan');
    renewed = true;
    return api<TodayView>('GET', `/sessions/today?date=${date}`);
  }
}

// Today's session, kept on the device so that the screen shows offline after a reload.
async function loadSession(ctx: Ctx, date: string): Promise<Pick<Loaded, 'today' | 'info'>> {
  const key = `msfit.today.${ctx.account.id}`;
  try {
    const [today, info] = await Promise.all([fetchToday(date, takeEarly(date)), exercises()]);
    try { localStorage.setItem(key, JSON.stringify({ date, today, info })); } catch { /* full */ }
    return { today, info };
  } catch (e) {
    if ((e as { status?: number } | null)?.status) throw e;
    const kept = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (kept?.date === date) return { today: upgradeToday(kept.today), info: kept.info };
    throw e;
  }
}

// What was lifted in the last 8 weeks and the heart rates of the profile; shown when they come.
async function loadExtras(ctx: Ctx, date: string): Promise<Pick<Loaded, 'sets' | 'hr'>> {
  const key = `msfit.today.extra.${ctx.account.id}`;
  const from = isoDate(new Date(Date.now() - 56 * 864e5));
  try {
    const [history, profile] = await Promise.all([
      api<Schemas['History']>('GET', `/history?from=${from}&to=${date}`), api<Schemas['Profile']>('GET', '/profile').catch(() => null),
    ]);
    const extras = { sets: history.sets ?? [], hr: profile?.resting_hr && profile?.max_hr ? { rest: profile.resting_hr, max: profile.max_hr } : null };
    try { localStorage.setItem(key, JSON.stringify(extras)); } catch { /* full */ }
    return extras;
  } catch {
    const kept = JSON.parse(localStorage.getItem(key) ?? 'null');
    return kept ? { ...kept, sets: upgradeSets(kept.sets ?? []) } : { sets: [], hr: null };
  }
}

// A bad day (high fatigue, heat, dizziness): rest, or a short seated session of mobility,
// stretching and breathing. Shown as that choice, with the reasons, before anything starts.
function BadDay({ today, info, units, start, again }: {
  today: TodayView; info: Record<string, ExerciseInfo>; units: Units; start: () => void; again: () => void;
}) {
  const [resting, setResting] = useState(false);
  const minutes = today.items.reduce((m, i) => m + (i.planned.minutes ?? 0), 0);
  if (resting) {
    return (
      <Page title={t('today.title')}>
        <p class="big">{t('today.rest_chosen')}</p>
        <div class="actions">
          <button type="button" onClick={() => setResting(false)}>{t('today.rest_changed_mind')}</button>
        </div>
        <p><Link href="/plan">{t('today.see_plan')}</Link></p>
      </Page>
    );
  }
  return (
    <Page title={t('today.title')}>
      <p class="big" data-testid="bad-day">{t('today.bad_day')}</p>
      {today.reasons.length > 0 && (
        <section class="card notice"><ul>{today.reasons.map((r) => <li key={r.rule}>{r.message}</li>)}</ul></section>
      )}
      <section class="card" aria-labelledby="seated-title">
        <h2 id="seated-title">{t('today.seated_title', { minutes: Math.round(minutes) })}</h2>
        <ol class="items" data-testid="seated-items">
          {today.items.map((i, n) => (
            <li key={i.planned.exercise + n} data-position={i.planned.position}>
              <strong>{exerciseName(i.planned, info)}</strong>
              <div class="dose">{[position(i.planned), dose(i.planned, units)].filter(Boolean).join(' · ')}</div>
            </li>
          ))}
        </ol>
      </section>
      <div class="actions">
        <button type="button" class="primary huge" onClick={start}>{t('today.seated_start')}</button>
        <button type="button" class="huge" onClick={() => setResting(true)}>{t('today.rest_instead')}</button>
      </div>
      <p><button type="button" class="link" onClick={again}>{t('today.checkin_again')}</button></p>
    </Page>
  );
}

// The session's place on this device (see session-state.ts), written on every change.
function useSaved(ctx: Ctx, date: string): [Saved, (f: (s: Saved) => Saved) => void] {
  const key = savedKey(ctx.account.id);
  const [saved, setSaved] = useState(() => readSaved(localStorage.getItem(key), date));
  const update = (f: (s: Saved) => Saved) => setSaved((prev) => {
    const next = f(prev);
    try { localStorage.setItem(key, JSON.stringify(next)); } catch { /* full: kept for this visit */ }
    return next;
  });
  return [saved, update];
}

function Session({ date, ctx, reported, again }: { date: string; ctx: Ctx; reported: Reported; again: () => void }) {
  const { data, error, reload } = useLoad(() => loadSession(ctx, date), [ctx.prefs.lang]);
  const extras = useLoad(() => loadExtras(ctx, date));
  const [kept, update] = useSaved(ctx, date);
  const [swapping, setSwapping] = useState(false);
  const [said, setSaid] = useState('');
  // Once a clearance is recorded, what the check-in reported is left to the server's answer.
  const [cleared, setCleared] = useState('');
  const units = ctx.prefs.units;
  // Sets logged today on another device (or before this one kept its place) show ticked.
  useEffect(() => {
    if (extras.data) update((s) => withServerSets(s, extras.data!.sets));
  }, [extras.data]);
  const sessionShape = data ? shape(data.today.status, data.today.items.map((i) => i.planned)) : '';
  useEffect(() => {
    if (sessionShape) update((s) => forShape(s, sessionShape));
  }, [sessionShape]);
  const live = Boolean(data && !kept.finished && data.today.items.length > 0 && !['stopped', 'paused', 'rest'].includes(data.today.status));
  useWakeLock(live);
  if (!data) {
    if (error && (error as { status?: number }).status === 404) {
      return <Page title={t('today.title')}><p>{t('today.no_plan')} <Link href="/onboarding">{t('today.make_plan')}</Link></p></Page>;
    }
    // Offline with nothing kept: a red flag or a relapse just reported still stops the day.
    if (error && (reported.red || reported.relapse)) return <Held today={null} reported={reported} cleared={reload} />;
    return <Page title={t('today.title')}><Loading error={error} /></Page>;
  }
  const { today, info } = data;
  const sets = extras.data?.sets ?? [];
  const hr = extras.data?.hr ?? null;
  // The place kept belongs to this session; a check-in that changed the session starts afresh.
  const saved = forShape(kept, sessionShape);
  // A session kept from before an offline check-in does not know what it reported.
  const local = cleared ? { red: false, relapse: false } : reported;
  if (today.status === 'stopped' || today.status === 'paused' || local.red || local.relapse) {
    return <Held today={today} reported={local} cleared={(message) => { setCleared(message); reload(); }} />;
  }
  const reasons = (
    <>
      {cleared && <p role="status" class="ok"><span aria-hidden="true">✓ </span>{cleared}</p>}
      {today.reasons.length > 0 && (
        <section class="card notice" data-testid="reasons"><ul>{today.reasons.map((r) => <li key={r.rule}>{r.message}</li>)}</ul></section>
      )}
    </>
  );
  if (today.status === 'rest' || today.items.length === 0) {
    return (
      <Page title={t('today.title')}>
        <PlanChanges ctx={ctx} today={today} />
        <p class="big">{t('today.rest_day')}</p>
        {today.next_session && <p data-testid="next-session">{t('today.next_session', { date: dayText(today.next_session) })}</p>}
        {reasons}
        <p><Link href="/plan">{t('today.see_plan')}</Link></p>
      </Page>
    );
  }
  if (today.status === 'recovery' && !saved.started) {
    return <BadDay today={today} info={info} units={units} start={() => update((s) => ({ ...s, started: true }))} again={again} />;
  }
  if (saved.finished) return <Summary saved={saved} again={again} reopen={() => update((s) => ({ ...s, finished: false }))} />;

  const at = Math.min(saved.index, today.items.length - 1);
  const cur = today.items[at];
  const item = cur.planned;
  // A swap made here today (also while it waits to be sent) shows at once.
  const swap = saved.swaps[at];
  const exercise = swap && swap.from === item.exercise ? swap.to : item.exercise;
  const shownItem = exercise === item.exercise ? item : { ...item, exercise, name: info[exercise]?.name ?? exercise };
  const todayKg = exercise === item.exercise && cur.load?.load_kg && cur.load.load_kg > 0 ? cur.load.load_kg : undefined;
  const goTo = (index: number, rest: Rest | null = null) => {
    setSwapping(false);
    setSaid('');
    update((s) => index >= today.items.length
      ? { ...s, finished: true, rest: null }
      : { ...s, index: Math.max(0, index), rest });
    window.scrollTo?.(0, 0);
  };
  // Rest between exercises: the planned rest of the one just done (at least a minute).
  const restAfter = (seconds: number, after: Rest['after']): Rest => ({ until: Date.now() + seconds * 1000, seconds, after });
  const next = (rest = false) => goTo(at + 1, rest && at + 1 < today.items.length ? restAfter(Math.max(60, item.rest_seconds ?? 60), 'exercise') : null);
  const lines = guidance(shownItem, units, todayKg);
  const warnings = safety(shownItem);
  const where = position(shownItem);
  const total = item.sets ?? 1;
  const logged = saved.logged[exercise] ?? [];
  const strength = item.modality !== 'aerobic' && !isBalance(item) && (item.modality === 'strength' || Boolean(item.sets && item.reps));
  return (
    <Page title={t('today.title')}>
      <PlanChanges ctx={ctx} today={today} />
      <p class="session-meta">
        <span>{t(`status.${today.status}` as Key)} · <span class="nb">{t('today.item_of', { n: at + 1, total: today.items.length })}</span></span>
        <button type="button" class="link" onClick={again}>{t('today.checkin_again')}</button>
      </p>
      {saved.rest && (
        <RestBanner rest={saved.rest}
          extend={() => update((s) => (s.rest ? { ...s, rest: { ...s.rest, until: Math.max(s.rest.until, Date.now()) + 30000 } } : s))}
          end={() => update((s) => ({ ...s, rest: null }))} />
      )}
      {at === 0 && logged.length === 0 && today.warmup_minutes ? <p>{t('today.warmup', { minutes: today.warmup_minutes })}</p> : null}
      {at === 0 && logged.length === 0 && reasons}
      {said && <p role="status" class="ok"><span aria-hidden="true">✓ </span>{said}</p>}
      <section class="card exercise" key={exercise + at} data-position={item.position} data-exercise={exercise}>
        <h2>{exerciseName(shownItem, info)}</h2>
        <p class="dose">{[where, dose(shownItem, units, todayKg, false)].filter(Boolean).join(' · ')}</p>
        {warnings.map((w) => <p class="notice safety" key={w}><span aria-hidden="true">⚠ </span>{w}</p>)}
        {item.modality === 'aerobic' ? (
          <Cardio key={exercise} item={shownItem} exercise={exercise} date={date} hr={hr} watch={saved.stopwatch}
            setWatch={(w) => update((s) => ({ ...s, stopwatch: w }))}
            logged={(minutes) => { update((s) => ({ ...s, cardio: { ...s.cardio, [exercise]: minutes } })); next(); }} />
        ) : strength ? (
          <Strength key={exercise} item={shownItem} exercise={exercise} todayKg={todayKg} date={date} units={units} prefs={ctx.prefs}
            sets={sets} logged={logged}
            onLogged={(l) => {
              const all = [...logged.filter((x) => x.client_id !== l.client_id), l];
              if (nextSet(all, total) > total) {
                update((s) => logSet(s, exercise, l));
                next(true);
              } else {
                update((s) => ({ ...logSet(s, exercise, l), rest: restAfter(item.rest_seconds ?? 90, 'set') }));
              }
            }}
            onChanged={(id, change) => update((s) => changeSet(s, exercise, id, change))} onComplete={() => next(true)} />
        ) : (
          <ItemDone key={exercise + at} item={shownItem} exercise={exercise} date={date} rate={isBalance(item)} done={saved.done[at]}
            next={(label) => {
              if (label) update((s) => ({ ...s, done: { ...s.done, [at]: label } }));
              next();
            }} />
        )}
        {lines.length > 0 && <p class="guide" data-testid="guide">{lines.join(' ')}</p>}
        {cur.notes.map((n) => <p class="notice" key={n.rule}>{n.message}</p>)}
        {strength && item.equipment.includes('barbell') && <GearSettings ctx={ctx} />}
        <ItemDetails item={shownItem} info={info} />
        {swapping && (
          <Swap cur={cur} exercise={exercise} info={info} date={date} done={(to, sent) => {
            setSwapping(false);
            update((s) => ({ ...s, swaps: { ...s.swaps, [at]: { from: item.exercise, to } } }));
            setSaid(sent ? t('sess.swapped', { name: info[to]?.name ?? to }) : t('sess.swap_queued'));
            if (sent) reload();
          }} />
        )}
      </section>
      {at > 0 && logged.length === 0 && reasons}
      <div class="session-nav">
        <button type="button" disabled={at === 0} onClick={() => goTo(at - 1)}>{t('today.previous')}</button>
        <button type="button" onClick={() => setSwapping(!swapping)} aria-expanded={swapping}>{t('today.swap')}</button>
        <button type="button" onClick={() => next()}>{t('today.skip')}</button>
      </div>
    </Page>
  );
}

// The person's own bar and plates (standard ones unless changed), for the plates per side.
function GearSettings({ ctx }: { ctx: Ctx }) {
  const units = ctx.prefs.units;
  const bar = ctx.prefs.bar?.[units] ?? BAR[units];
  const have = ctx.prefs.plates?.[units] ?? PLATES[units];
  const set = (change: Partial<Prefs>) => ctx.setPrefs({ ...ctx.prefs, ...change });
  return (
    <details class="gear">
      <summary>{t('sess.gear')}</summary>
      <Stepper id="bar" label={t('sess.bar')} value={bar} step={units === 'kg' ? 2.5 : 5} min={0} unit={units}
        set={(v) => set({ bar: { ...ctx.prefs.bar, [units]: v ?? BAR[units] } })} />
      <fieldset>
        <legend>{t('sess.plates_have')}</legend>
        <div class="plate-row">
          {PLATES[units].map((p) => (
            <label class="choice" key={p}>
              <input type="checkbox" checked={have.includes(p)}
                onChange={() => set({ plates: { ...ctx.prefs.plates, [units]: have.includes(p) ? have.filter((x) => x !== p) : [...have, p] } })} />
              <span class="nb">{num(p, 2)}&nbsp;{units}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </details>
  );
}

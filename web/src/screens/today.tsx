// Today: a readiness check-in first (red flags and a possible relapse confirmed before they are
// sent), then one exercise at a time with set logging, a rest timer, swaps, a cardio timer and a
// rating of each balance exercise. A bad day offers rest or a short seated session; a stopped or
// paused day shows why and, per hold, the clearance that ends it. Sets and items go through the
// offline queue.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, isoDate, newClientId, type Schemas } from '../api';
import { num, t, type Key } from '../i18n';
import {
  MEDICAL_FLAGS, NEURO_FLAGS, OTHER_SYMPTOMS, RED_FLAGS, dose, exerciseName, exercises, guidance, isBalance, loadText, position, safety,
  type ExerciseInfo, type PlanItem,
} from '../data';
import { upgradeSets, upgradeToday } from '../legacy';
import { queue, type Ctx } from '../session';
import { ItemDetails } from './plan';
import { ClearanceDialog, holdText, type Hold } from './clearance';
import { Errors, FormError, Loading, Link, Page, errorsOf, useLoad } from '../ui';
import { karvonen, lastTime, loadStep, toDisplay, toKg, type SetLog, type Units } from '../units';

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
  return <Session date={date} ctx={ctx} reported={reported} again={() => setChecked(false)} />;
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

function beep() {
  try {
    const Ctx = window.AudioContext || (window as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext!;
    const ac = new Ctx();
    const o = ac.createOscillator();
    const g = ac.createGain();
    o.frequency.value = 880;
    g.gain.value = 0.2;
    o.connect(g).connect(ac.destination);
    o.start();
    o.stop(ac.currentTime + 0.4);
  } catch {
    /* no sound available */
  }
  navigator.vibrate?.([300, 150, 300]);
}

function RestTimer({ seconds, done }: { seconds: number; done: () => void }) {
  const [left, setLeft] = useState(seconds);
  const end = useRef(Date.now() + seconds * 1000);
  useEffect(() => {
    const id = setInterval(() => {
      const l = Math.max(0, Math.round((end.current - Date.now()) / 1000));
      setLeft(l);
      if (l === 0) {
        clearInterval(id);
        beep();
      }
    }, 250);
    return () => clearInterval(id);
  }, []);
  const m = Math.floor(left / 60);
  const s = String(left % 60).padStart(2, '0');
  return (
    <section class="card rest" aria-labelledby="rest-title">
      <h2 id="rest-title">{t('today.rest')}</h2>
      <p class="timer" role="timer" aria-live="off">{m}:{s}</p>
      <p class="sr-only" aria-live="assertive">{left === 0 ? t('today.rest_over') : ''}</p>
      {left === 0 && <p class="big" aria-hidden="true">{t('today.rest_over')}</p>}
      <div class="actions">
        <button type="button" onClick={() => (end.current += 30000)}>{t('today.rest_more')}</button>
        <button type="button" class="primary" onClick={done}>{left === 0 ? t('today.next_set') : t('today.skip_rest')}</button>
      </div>
    </section>
  );
}

function Stepper(props: {
  id: string; label: string; value: number | null; step: number; min: number; set: (v: number | null) => void; unit?: string;
  hint?: string; error?: string;
}) {
  const v = props.value ?? 0;
  const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={'stepper' + (props.error ? ' has-error' : '')}>
      <label for={props.id}>{props.label}</label>
      {props.hint && <p class="hint" id={`${props.id}-hint`}>{props.hint}</p>}
      <div class="stepper-row">
        <button type="button" aria-label={t('today.less', { what: props.label })} onClick={() => props.set(Math.max(props.min, +(v - props.step).toFixed(2)))}>−</button>
        <input id={props.id} type="number" inputMode="decimal" min={props.min} step={props.step} value={props.value ?? ''}
          aria-describedby={described || undefined} aria-invalid={props.error ? 'true' : undefined}
          onInput={(e) => props.set(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))} />
        {props.unit && <span class="unit">{props.unit}</span>}
        <button type="button" aria-label={t('today.more', { what: props.label })} onClick={() => props.set(+(v + props.step).toFixed(2))}>+</button>
      </div>
      {props.error && <p class="error" id={`${props.id}-error`} role="alert"><span aria-hidden="true">⚠ </span>{props.error}</p>}
    </div>
  );
}

function LastTime({ item, sets, units }: { item: PlanItem; sets: SetLog[]; units: Units }) {
  const last = lastTime(sets, item.exercise, isoDate());
  if (!last) return null;
  const step = loadStep(item.equipment, units);
  const list = last.sets.map((s) => s.load_kg > 0 ? `${s.reps} × ${num(toDisplay(s.load_kg, units, step), 2)} ${units}` : `${s.reps} × ${t('today.reps').toLowerCase()}`).join(', ');
  return <p data-testid="last-time"><strong>{t('today.last_time', { date: last.date })}</strong> {list}</p>;
}

// Equipment that carries a load to enter; bands, a bench, a pad or body weight do not.
function isWeighted(item: PlanItem) {
  return item.equipment.some((e) => e !== 'bands' && e !== 'bench' && e !== 'balance_pad' && e !== 'parallel_bars' && e !== 'standing_frame');
}

function Strength({ item, todayKg, date, next, units, sets }: {
  item: PlanItem; todayKg?: number; date: string; next: () => void; units: Units; sets: SetLog[];
}) {
  const total = item.sets ?? 1;
  const [set, setSet] = useState(1);
  const [reps, setReps] = useState<number | null>(item.reps?.[1] ?? 10);
  const weighted = isWeighted(item);
  const step = loadStep(item.equipment, units);
  // The load as shown and entered, in the chosen unit; kg is what is stored. Today's load, else
  // the planned one, else what was lifted last time; without any, the field is empty (never 0)
  // and the person enters the weight they chose.
  const [load, setLoad] = useState<number | null>(() => {
    const last = lastTime(sets, item.exercise, date)?.sets.filter((s) => s.load_kg > 0).at(-1)?.load_kg;
    const kg = [todayKg, item.load_kg, last].find((v) => v !== undefined && v > 0);
    return kg === undefined ? null : toDisplay(kg, units, step);
  });
  const kg = weighted && load !== null ? toKg(load, units) : 0;
  const [rir, setRir] = useState(String(item.intensity?.rir?.[0] ?? 2));
  const [resting, setResting] = useState(false);
  const [logged, setLogged] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const sending = useRef(false);

  async function log(completed: boolean) {
    if (sending.current) return;
    if (weighted && (load === null || load <= 0)) {
      setErrors({ load_kg: t('today.weight_needed') });
      document.getElementById('load_kg')?.focus();
      return;
    }
    if (reps === null) {
      setErrors({ reps: t('today.reps_needed') });
      document.getElementById('reps')?.focus();
      return;
    }
    setErrors({});
    sending.current = true;
    const body: Record<string, unknown> = {
      client_id: newClientId(), date, exercise: item.exercise, set, reps, load_kg: kg, completed,
    };
    if (rir !== '') body.rir = Number(rir);
    try {
      await queue.enqueue('/sets', body);
    } finally {
      sending.current = false;
    }
    queue.flush();
    setLogged(weighted
      ? t('today.logged', { set, reps, load: `${num(load ?? 0, 2)} ${units}` })
      : t('today.logged_reps', { set, reps }));
    if (set >= total) next();
    else {
      setSet(set + 1);
      setResting(true);
    }
  }

  if (resting) return <RestTimer seconds={item.rest_seconds ?? 90} done={() => setResting(false)} />;
  const how = weighted && kg > 0 ? loadText(item, kg, units) : '';
  const rirTarget = item.intensity?.rir;
  return (
    <>
      <LastTime item={item} sets={sets} units={units} />
      <p class="big" aria-live="polite">{t('today.set_of', { set, total })}</p>
      {logged && <p role="status" class="ok"><span aria-hidden="true">✓ </span>{logged}</p>}
      <Stepper id="reps" label={t('today.reps')} value={reps} step={1} min={0} set={setReps} error={errors.reps} />
      {weighted && (
        <Stepper id="load_kg" label={t('today.kg')} value={load} step={step} min={0} set={setLoad} unit={units} error={errors.load_kg}
          hint={load === null && item.reps ? t('today.weight_hint', { max: item.reps[1] }) : undefined} />
      )}
      {how && <p data-testid="load-text">{how}</p>}
      <div class="field">
        <label for="rir">{t('today.rir')}</label>
        {rirTarget && <p class="hint" id="rir-hint">{t('today.rir_hint', { low: rirTarget[0], high: rirTarget[1] })}</p>}
        <select id="rir" value={rir} aria-describedby={rirTarget ? 'rir-hint' : undefined} onChange={(e) => setRir(e.currentTarget.value)}>
          <option value="">{t('today.rir_unsure')}</option>
          {[0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => <option key={n} value={String(n)}>{n}</option>)}
        </select>
      </div>
      <div class="actions">
        <button type="button" class="primary huge" onClick={() => log(true)}>{t('today.log_set')}</button>
        <button type="button" onClick={() => log(false)}>{t('today.could_not')}</button>
      </div>
    </>
  );
}

function Cardio({ item, date, next, hr }: { item: PlanItem; date: string; next: () => void; hr: Loaded['hr'] }) {
  // The heart rate goes beside the effort, never instead of it: the server's range when the
  // heart rate is usable (not with beta-blockers), else none.
  const zone = item.intensity?.hr_bpm
    ?? (hr && item.intensity?.hrr_pct ? karvonen(hr.rest, hr.max, item.intensity.hrr_pct) : null);
  const [running, setRunning] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [minutes, setMinutes] = useState<number | null>(item.work_minutes ?? item.minutes);
  const [rpe, setRpe] = useState('');
  const startAt = useRef(0);
  useEffect(() => {
    if (!running) return;
    startAt.current = Date.now() - elapsed * 1000;
    const id = setInterval(() => setElapsed(Math.round((Date.now() - startAt.current) / 1000)), 500);
    return () => clearInterval(id);
  }, [running]);
  useEffect(() => {
    if (elapsed > 0) setMinutes(Math.max(1, Math.round(elapsed / 60)));
    const bout = (item.bout_minutes ?? 0) * 60;
    if (running && bout && elapsed > 0 && elapsed % bout === 0) beep();
  }, [elapsed]);
  return (
    <>
      {zone && (
        <p data-testid="hr-zone">
          <strong>{t('today.hr_zone', { low: Math.round(zone[0]), high: Math.round(zone[1]) })}</strong>
          {item.intensity?.hrr_pct && <> {t('today.hr_zone_pct', { low: item.intensity.hrr_pct[0], high: item.intensity.hrr_pct[1] })}</>}
          {' '}{t('today.hr_beside')}
        </p>
      )}
      <p class="timer" role="timer">{Math.floor(elapsed / 60)}:{String(elapsed % 60).padStart(2, '0')}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => setRunning(!running)}>{running ? t('today.pause') : t('today.start')}</button>
      </div>
      <Stepper id="minutes" label={t('today.minutes')} value={minutes} step={1} min={1} set={setMinutes} unit="min" />
      <div class="field">
        <label for="rpe">{t('today.rpe')}</label>
        <select id="rpe" value={rpe} onChange={(e) => setRpe(e.currentTarget.value)}>
          <option value="">{t('today.rir_unsure')}</option>
          {Array.from({ length: 11 }, (_, n) => <option key={n} value={String(n)}>{n}</option>)}
        </select>
      </div>
      <div class="actions">
        <button type="button" class="primary huge" onClick={async () => {
          const body: Record<string, unknown> = { client_id: newClientId(), date, exercise: item.exercise, minutes: minutes ?? 1 };
          if (rpe !== '') body.rpe = Number(rpe);
          await queue.enqueue('/cardio', body);
          queue.flush();
          setRunning(false);
          next();
        }}>{t('today.log_cardio')}</button>
      </div>
    </>
  );
}

export type Rating = 'easy' | 'ok' | 'hard';
const RATINGS: [Rating, Key][] = [['easy', 'rate.easy'], ['ok', 'rate.ok'], ['hard', 'rate.hard']];

// A balance exercise, a stretch or other work without a load, done: sent through the offline
// queue with its own client id, like sets. A balance exercise is rated with three large buttons
// (two "safe and easy" in a row move it up a level next time; "too hard" moves it back one).
function ItemDone({ item, date, rate, done, next }: {
  item: PlanItem; date: string; rate: boolean; done?: string; next: (label: string) => void;
}) {
  const sending = useRef(false);
  async function log(rating?: Rating) {
    if (sending.current) return;
    sending.current = true;
    const body: Record<string, unknown> = { client_id: newClientId(), date, exercise: item.exercise, completed: true };
    if (rating) body.rating = rating;
    try {
      await queue.enqueue('/items', body);
    } finally {
      sending.current = false;
    }
    queue.flush();
    next(rating ? t(RATINGS.find(([r]) => r === rating)![1]) : t('today.done_mark'));
  }
  if (done) {
    return (
      <>
        <p role="status" class="ok" data-testid="item-done"><span aria-hidden="true">✓ </span>{t('today.item_done', { how: done })}</p>
        <div class="actions"><button type="button" class="primary huge" onClick={() => next('')}>{t('common.next')}</button></div>
      </>
    );
  }
  if (!rate) {
    return <div class="actions"><button type="button" class="primary huge" onClick={() => log()}>{t('today.done_next')}</button></div>;
  }
  return (
    <fieldset class="rating" data-testid="rating">
      <legend>{t('rate.question')}</legend>
      <p class="hint">{t('rate.hint')}</p>
      <div class="rating-row">
        {RATINGS.map(([r, key]) => (
          <button type="button" key={r} class={'huge rate-' + r} onClick={() => log(r)}>{t(key)}</button>
        ))}
      </div>
    </fieldset>
  );
}

function Swap({ item, info, done }: { item: PlanItem; info?: Record<string, ExerciseInfo>; done: () => void }) {
  const [choice, setChoice] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const alternatives = info?.[item.exercise]?.alternatives ?? [];
  if (!alternatives.length) return <p>{t('today.no_alternatives')}</p>;
  return (
    <form class="card" onSubmit={async (e) => {
      e.preventDefault();
      try {
        await api('POST', '/swaps', { exercise: item.exercise, replacement: choice, date: isoDate() });
        done();
      } catch (err) {
        setErrors(errorsOf(err, []));
      }
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
      <FormError errors={errors} />
      <button class="primary" disabled={!choice}>{t('today.swap_confirm')}</button>
    </form>
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

// Today's session, kept on the device so that the screen shows offline after a reload.
async function loadSession(ctx: Ctx, date: string): Promise<Pick<Loaded, 'today' | 'info'>> {
  const key = `msfit.today.${ctx.account.id}`;
  try {
    const [today, info] = await Promise.all([takeEarly(date) ?? api<TodayView>('GET', `/sessions/today?date=${date}`), exercises()]);
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

function Session({ date, ctx, reported, again }: { date: string; ctx: Ctx; reported: Reported; again: () => void }) {
  const { data, error, reload } = useLoad(() => loadSession(ctx, date), [ctx.prefs.lang]);
  const extras = useLoad(() => loadExtras(ctx, date));
  const [index, setIndex] = useState(0);
  const [swapping, setSwapping] = useState(false);
  const [finished, setFinished] = useState(false);
  const [started, setStarted] = useState(false);
  // Items marked done this visit, by position: how it was rated (or "done").
  const [doneItems, setDoneItems] = useState<Record<number, string>>({});
  // Once a clearance is recorded, what the check-in reported is left to the server's answer.
  const [cleared, setCleared] = useState('');
  const units = ctx.prefs.units;
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
  // A session kept from before an offline check-in does not know what it reported.
  const local = cleared ? { red: false, relapse: false } : reported;
  if (today.status === 'stopped' || today.status === 'paused' || local.red || local.relapse) {
    return <Held today={today} reported={local} cleared={(message) => { setCleared(message); reload(); }} />;
  }
  const reasons = (
    <>
      {cleared && <p role="status" class="ok"><span aria-hidden="true">✓ </span>{cleared}</p>}
      {today.reasons.length > 0 && (
        <section class="card notice"><ul>{today.reasons.map((r) => <li key={r.rule}>{r.message}</li>)}</ul></section>
      )}
    </>
  );
  if (today.status === 'rest' || today.items.length === 0) {
    return (
      <Page title={t('today.title')}>
        <p class="big">{t('today.rest_day')}</p>
        {today.next_session && <p data-testid="next-session">{t('today.next_session', { date: dayText(today.next_session) })}</p>}
        {reasons}
        <p><Link href="/plan">{t('today.see_plan')}</Link></p>
      </Page>
    );
  }
  if (today.status === 'recovery' && !started) {
    return <BadDay today={today} info={info} units={units} start={() => setStarted(true)} again={again} />;
  }
  if (finished) {
    return (
      <Page title={t('today.done_title')}>
        <p class="big"><span aria-hidden="true">✓ </span>{t('today.done_body')}</p>
        <p><Link href="/progress">{t('nav.progress')}</Link></p>
      </Page>
    );
  }
  const at = Math.min(index, today.items.length - 1);
  const cur = today.items[at];
  const item = cur.planned;
  const todayKg = cur.load?.load_kg && cur.load.load_kg > 0 ? cur.load.load_kg : undefined;
  const next = () => {
    setSwapping(false);
    if (index + 1 >= today.items.length) setFinished(true);
    else setIndex(index + 1);
  };
  const lines = guidance(item, units, todayKg);
  const warnings = safety(item);
  const where = position(item);
  return (
    <Page title={t('today.title')}>
      <p>
        {t(`status.${today.status}` as Key)} · {t('today.item_of', { n: index + 1, total: today.items.length })}
        {' · '}<button type="button" class="link" onClick={again}>{t('today.checkin_again')}</button>
      </p>
      {index === 0 && today.warmup_minutes ? <p>{t('today.warmup', { minutes: today.warmup_minutes })}</p> : null}
      {reasons}
      <section class="card exercise" key={item.exercise + index} data-position={item.position} data-exercise={item.exercise}>
        <h2>{exerciseName(item, info)}</h2>
        <p class="dose">{[where, dose(item, units, todayKg, false)].filter(Boolean).join(' · ')}</p>
        {lines.length > 0 && <p class="guide" data-testid="guide">{lines.join(' ')}</p>}
        {warnings.map((w) => <p class="notice safety" key={w}><span aria-hidden="true">⚠ </span>{w}</p>)}
        {cur.notes.map((n) => <p class="notice" key={n.rule}>{n.message}</p>)}
        <ItemDetails item={item} info={info} />
        {swapping ? (
          <Swap item={item} info={info} done={() => { setSwapping(false); reload(); }} />
        ) : item.modality === 'aerobic' ? (
          <Cardio key={item.exercise} item={item} date={date} next={next} hr={hr} />
        ) : !isBalance(item) && (item.modality === 'strength' || (item.sets && item.reps)) ? (
          <Strength key={item.exercise} item={item} todayKg={todayKg} date={date} next={next} units={units} sets={sets} />
        ) : (
          <ItemDone key={item.exercise + at} item={item} date={date} rate={isBalance(item)} done={doneItems[at]}
            next={(label) => {
              if (label) setDoneItems({ ...doneItems, [at]: label });
              next();
            }} />
        )}
      </section>
      <div class="actions">
        {index > 0 && <button type="button" onClick={() => { setSwapping(false); setIndex(index - 1); }}>{t('today.previous')}</button>}
        <button type="button" onClick={() => setSwapping(!swapping)} aria-expanded={swapping}>{t('today.swap')}</button>
        <button type="button" onClick={next}>{t('today.skip')}</button>
      </div>
    </Page>
  );
}

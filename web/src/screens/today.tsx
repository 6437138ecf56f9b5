// Today: a readiness check-in first, then one exercise at a time with set logging, a rest
// timer, swaps and a cardio timer. Sets go through the offline queue.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, isoDate, newClientId } from '../api';
import { num, t, type Key } from '../i18n';
import { OTHER_SYMPTOMS, RED_FLAGS, dose, loadText, exerciseName, exercises, type ExerciseInfo, type PlanItem } from '../data';
import { queue, type Ctx } from '../app';
import { ItemDetails } from './plan';
import { Errors, FormError, Loading, Link, Page, errorsOf, useLoad } from '../ui';
import { karvonen, lastTime, loadStep, toDisplay, toKg, type SetLog, type Units } from '../units';

type TodayItem = { planned: PlanItem; notes: { rule: string; message: string }[] };
type Loaded = { today: TodayView; info: Record<string, ExerciseInfo>; sets: SetLog[]; hr: { rest: number; max: number } | null };
type TodayView = { date: string; week: number; status: string; reasons: { rule: string; message: string }[]; items: TodayItem[]; warmup_minutes?: number };

function checkinKey(ctx: Ctx) {
  return `msfit.checkin.${ctx.account.id}`;
}

export function Today({ ctx }: { ctx: Ctx }) {
  const date = isoDate();
  const [checked, setChecked] = useState(() => localStorage.getItem(checkinKey(ctx)) === date);
  const [redFlag, setRedFlag] = useState(false);
  if (redFlag) return <Stop />;
  if (!checked) {
    return (
      <CheckIn
        date={date}
        done={(red) => {
          localStorage.setItem(checkinKey(ctx), date);
          setRedFlag(red);
          setChecked(true);
        }}
      />
    );
  }
  return <Session date={date} ctx={ctx} again={() => setChecked(false)} />;
}

function Stop() {
  return (
    <Page title={t('today.stop_title')}>
      <section class="card alert" role="alert">
        <p class="big"><span aria-hidden="true">⛔ </span>{t('today.stop_body')}</p>
        <p>{t('today.stop_emergency')}</p>
      </section>
    </Page>
  );
}

function CheckIn({ date, done }: { date: string; done: (redFlag: boolean) => void }) {
  const [fatigue, setFatigue] = useState<number | null>(null);
  const [hot, setHot] = useState(false);
  const [relapse, setRelapse] = useState(false);
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const toggle = (s: string) => setSymptoms(symptoms.includes(s) ? symptoms.filter((x) => x !== s) : [...symptoms, s]);
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
          setBusy(true);
          setErrors({});
          const body = { client_id: newClientId(), date, fatigue, hot, relapse, symptoms };
          const red = symptoms.some((s) => (RED_FLAGS as readonly string[]).includes(s));
          try {
            await api('POST', '/checkins', body);
            done(red);
          } catch (err) {
            const found = errorsOf(err, ['fatigue']);
            if (found[''] === t('error.network')) {
              // Offline: keep the check-in for later and go on with the session.
              await queue.enqueue('/checkins', body);
              done(red);
            } else setErrors(found);
          }
          setBusy(false);
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
    const Ctx = (window as any).AudioContext || (window as any).webkitAudioContext;
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

function Stepper(props: { id: string; label: string; value: number; step: number; min: number; set: (v: number) => void; unit?: string }) {
  return (
    <div class="stepper">
      <label for={props.id}>{props.label}</label>
      <div class="stepper-row">
        <button type="button" aria-label={t('today.less', { what: props.label })} onClick={() => props.set(Math.max(props.min, +(props.value - props.step).toFixed(2)))}>−</button>
        <input id={props.id} type="number" inputMode="decimal" min={props.min} step={props.step} value={props.value}
          onInput={(e) => props.set(Number(e.currentTarget.value))} />
        {props.unit && <span class="unit">{props.unit}</span>}
        <button type="button" aria-label={t('today.more', { what: props.label })} onClick={() => props.set(+(props.value + props.step).toFixed(2))}>+</button>
      </div>
    </div>
  );
}

function LastTime({ item, sets, units }: { item: PlanItem; sets: SetLog[]; units: Units }) {
  const last = lastTime(sets, item.exercise, isoDate());
  if (!last) return null;
  const step = loadStep(item.equipment, units);
  const list = last.sets.map((s) => s.kg > 0 ? `${s.reps} × ${num(toDisplay(s.kg, units, step), 2)} ${units}` : `${s.reps} × ${t('today.reps').toLowerCase()}`).join(', ');
  return <p data-testid="last-time"><strong>{t('today.last_time', { date: last.date })}</strong> {list}</p>;
}

function Strength({ item, date, next, units, sets }: { item: PlanItem; date: string; next: () => void; units: Units; sets: SetLog[] }) {
  const total = item.sets ?? 1;
  const [set, setSet] = useState(1);
  const [reps, setReps] = useState(item.reps?.[1] ?? 10);
  const weighted = item.equipment.some((e) => e !== 'bands' && e !== 'bench' && e !== 'balance_pad');
  const step = loadStep(item.equipment, units);
  // The load as shown and entered, in the chosen unit; kg is what is stored.
  const [load, setLoad] = useState(() => toDisplay(item.load_kg ?? 0, units, step));
  const kg = weighted ? toKg(load, units) : 0;
  const [rir, setRir] = useState('2');
  const [resting, setResting] = useState(false);
  const [logged, setLogged] = useState('');

  async function log(completed: boolean) {
    const body: Record<string, unknown> = {
      client_id: newClientId(), date, exercise: item.exercise, set, reps, kg, completed,
    };
    if (rir !== '') body.rir = Number(rir);
    await queue.enqueue('/sets', body);
    queue.flush();
    setLogged(t('today.logged', { set, reps, load: `${num(weighted ? load : 0, 2)} ${units}` }));
    if (set >= total) next();
    else {
      setSet(set + 1);
      setResting(true);
    }
  }

  if (resting) return <RestTimer seconds={item.rest_seconds ?? 90} done={() => setResting(false)} />;
  const how = weighted && kg > 0 ? loadText(item, kg, units) : '';
  return (
    <>
      <LastTime item={item} sets={sets} units={units} />
      <p class="big" aria-live="polite">{t('today.set_of', { set, total })}</p>
      <p>{t('today.target', { min: item.reps?.[0] ?? 0, max: item.reps?.[1] ?? 0 })} {t('today.rir_target')}</p>
      {logged && <p role="status" class="ok"><span aria-hidden="true">✓ </span>{logged}</p>}
      <Stepper id="reps" label={t('today.reps')} value={reps} step={1} min={0} set={setReps} />
      {weighted && <Stepper id="kg" label={t('today.kg')} value={load} step={step} min={0} set={setLoad} unit={units} />}
      {how && <p data-testid="load-text">{how}</p>}
      <div class="field">
        <label for="rir">{t('today.rir')}</label>
        <select id="rir" value={rir} onChange={(e) => setRir(e.currentTarget.value)}>
          <option value="">{t('today.rir_unsure')}</option>
          {[0, 1, 2, 3, 4, 5].map((n) => <option key={n} value={String(n)}>{n}</option>)}
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
  const zone = hr && item.intensity?.hrr_pct ? karvonen(hr.rest, hr.max, item.intensity.hrr_pct) : null;
  const [running, setRunning] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [minutes, setMinutes] = useState(item.work_minutes ?? item.minutes);
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
      {zone && <p data-testid="hr-zone"><strong>{t('today.hr_zone', { low: zone[0], high: zone[1] })}</strong> {t('today.hr_zone_pct', { low: item.intensity!.hrr_pct![0], high: item.intensity!.hrr_pct![1] })}</p>}
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
          const body: Record<string, unknown> = { client_id: newClientId(), date, exercise: item.exercise, minutes };
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
    if ((e as any)?.status) throw e;
    const kept = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (kept?.date === date) return { today: kept.today, info: kept.info };
    throw e;
  }
}

// What was lifted in the last 8 weeks and the heart rates of the profile; shown when they come.
async function loadExtras(ctx: Ctx, date: string): Promise<Pick<Loaded, 'sets' | 'hr'>> {
  const key = `msfit.today.extra.${ctx.account.id}`;
  const from = isoDate(new Date(Date.now() - 56 * 864e5));
  try {
    const [history, profile] = await Promise.all([
      api<{ sets: SetLog[] }>('GET', `/history?from=${from}&to=${date}`), api('GET', '/profile').catch(() => null),
    ]);
    const extras = { sets: history.sets ?? [], hr: profile?.resting_hr && profile?.max_hr ? { rest: profile.resting_hr, max: profile.max_hr } : null };
    try { localStorage.setItem(key, JSON.stringify(extras)); } catch { /* full */ }
    return extras;
  } catch {
    return JSON.parse(localStorage.getItem(key) ?? 'null') ?? { sets: [], hr: null };
  }
}

function Session({ date, ctx, again }: { date: string; ctx: Ctx; again: () => void }) {
  const { data, error, reload } = useLoad(() => loadSession(ctx, date), [ctx.prefs.lang]);
  const extras = useLoad(() => loadExtras(ctx, date));
  const [index, setIndex] = useState(0);
  const [swapping, setSwapping] = useState(false);
  const [finished, setFinished] = useState(false);
  if (!data) {
    if (error && (error as any).status === 404) {
      return <Page title={t('today.title')}><p>{t('today.no_plan')} <Link href="/onboarding">{t('today.make_plan')}</Link></p></Page>;
    }
    return <Page title={t('today.title')}><Loading error={error} /></Page>;
  }
  const { today, info } = data;
  const sets = extras.data?.sets ?? [];
  const hr = extras.data?.hr ?? null;
  if (today.status === 'stopped') return <Stop />;
  const reasons = today.reasons.length > 0 && (
    <section class="card notice"><ul>{today.reasons.map((r) => <li key={r.rule}>{r.message}</li>)}</ul></section>
  );
  if (today.status === 'paused' || today.status === 'rest' || today.items.length === 0) {
    return (
      <Page title={t('today.title')}>
        <p class="big">{t(today.status === 'paused' ? 'today.paused' : 'today.rest_day')}</p>
        {reasons}
        <p><Link href="/plan">{t('today.see_plan')}</Link></p>
      </Page>
    );
  }
  if (finished) {
    return (
      <Page title={t('today.done_title')}>
        <p class="big"><span aria-hidden="true">✓ </span>{t('today.done_body')}</p>
        <p><Link href="/progress">{t('nav.progress')}</Link></p>
      </Page>
    );
  }
  const cur = today.items[Math.min(index, today.items.length - 1)];
  const item = cur.planned;
  const next = () => {
    setSwapping(false);
    if (index + 1 >= today.items.length) setFinished(true);
    else setIndex(index + 1);
  };
  return (
    <Page title={t('today.title')}>
      <p>
        {t(`status.${today.status}` as Key)} · {t('today.item_of', { n: index + 1, total: today.items.length })}
        {' · '}<button type="button" class="link" onClick={again}>{t('today.checkin_again')}</button>
      </p>
      {index === 0 && today.warmup_minutes ? <p>{t('today.warmup', { minutes: today.warmup_minutes })}</p> : null}
      {reasons}
      <section class="card exercise" key={item.exercise + index}>
        <h2>{exerciseName(item, info)}</h2>
        <p class="dose">{dose(item, ctx.prefs.units)}</p>
        {cur.notes.map((n) => <p class="notice" key={n.rule}>{n.message}</p>)}
        <ItemDetails item={item} info={info} />
        {swapping ? (
          <Swap item={item} info={info} done={() => { setSwapping(false); reload(); }} />
        ) : item.modality === 'strength' || (item.sets && item.reps) ? (
          <Strength key={item.exercise} item={item} date={date} next={next} units={ctx.prefs.units} sets={sets} />
        ) : item.modality === 'aerobic' ? (
          <Cardio key={item.exercise} item={item} date={date} next={next} hr={hr} />
        ) : (
          <div class="actions"><button type="button" class="primary huge" onClick={next}>{t('today.done_next')}</button></div>
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

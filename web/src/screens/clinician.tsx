// The clinician's view: redeem a person's invite code, the list of people who gave access, and
// one person's plan, progress, recent log and plan changes.
import { useState } from 'preact/hooks';
import { ApiError, api, isoDate, newClientId, type Schemas } from '../api';
import { lang, num, t, type Key } from '../i18n';
import { DAYS, exercises, measures, type ExerciseInfo, type MeasureDef } from '../data';
import { ProgressView } from './progress';
import { MindProgress } from './mind-progress';
import { ClearanceDialog, holdText, type Hold } from './clearance';
import { Errors, Field, FormError, Link, Loading, Page, errorText, errorsOf, plainSummary, useLoad } from '../ui';

// A flag from the server ("relapse", "red_flag", "awaiting_clearance", "low_adherence",
// "worsened:<measure>") in words: the symbol and the text carry it, not colour.
function flagText(flag: string, defs: MeasureDef[]): string {
  if (flag.startsWith('worsened:')) {
    const id = flag.slice('worsened:'.length);
    const def = defs.find((d) => d.id === id);
    return t('clin.flag_worsened', { measure: def?.names[lang()] ?? def?.names.en ?? id });
  }
  if (flag === 'relapse') return t('clin.flag_relapse');
  if (flag === 'red_flag') return t('clin.flag_red_flag');
  if (flag === 'awaiting_clearance') return t('clin.flag_awaiting_clearance');
  if (flag === 'low_adherence') return t('clin.flag_low_adherence');
  return flag;
}

export function Patients() {
  const list = useLoad(() => api<Schemas['PatientList']>('GET', '/patients'));
  const defs = useLoad(() => measures());
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  return (
    <Page title={t('clin.patients')}>
      <form class="card" onSubmit={async (e) => {
        e.preventDefault();
        setErrors({});
        try {
          await api('POST', '/patients', { code: code.trim().toUpperCase() });
          setCode('');
          list.reload();
        } catch (err) {
          setErrors(errorsOf(err, ['code']));
        }
      }}>
        <FormError errors={errors} />
        <Field id="code" label={t('clin.code')} hint={t('clin.code_hint')} error={errors.code}>
          {(a) => <input {...a} autocomplete="off" value={code} onInput={(e) => setCode(e.currentTarget.value)} />}
        </Field>
        <button class="primary">{t('clin.redeem')}</button>
      </form>
      <h2>{t('clin.list')}</h2>
      {list.data ? (
        list.data.patients.length ? (
          <ul class="card" data-testid="patients">
            {list.data.patients.map((p) => (
              <li key={p.id} class="row patient-row">
                <Link href={`/patients/${p.id}`}>{p.name}</Link>
                <span class="hint">
                  {t('clin.adherence', { done: p.adherence.done, planned: p.adherence.planned })}
                  {' · '}
                  {p.last_check_in ? t('clin.last_check_in', { date: p.last_check_in }) : t('clin.no_check_in')}
                </span>
                {p.flags.length > 0 && (
                  <ul class="flags" aria-label={t('clin.flags')}>
                    {p.flags.map((f) => (
                      <li key={f} class="flag">⚑ {flagText(f, defs.data ?? [])}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        ) : <p data-testid="patients-empty">{t('clin.none')}</p>
      ) : <Loading error={list.error} />}
    </Page>
  );
}

export function PatientDetail({ id }: { id: number }) {
  const base = `/patients/${id}`;
  const { data, error, reload } = useLoad(async () => {
    // A part the patient's data lacks (no plan yet) is left out; any other failure is shown.
    const get = <T,>(p: string) => api<T>('GET', base + p).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    });
    const profile = await get<Schemas['Profile']>('/profile');
    const plan = await get<Schemas['Plan']>('/plan');
    const from = plan?.start_date && plan.start_date < isoDate() ? plan.start_date : isoDate(new Date(Date.now() - 84 * 864e5));
    const [progress, history, adjustments, today] = await Promise.all([
      get<Schemas['Progress']>(`/progress?from=${from}&to=${isoDate()}`), get<Schemas['History']>(`/history?from=${from}&to=${isoDate()}`),
      get<Schemas['AdjustmentList']>('/plan/adjustments'),
      plan ? get<Schemas['Today']>(`/sessions/today?date=${isoDate()}`) : Promise.resolve(null),
    ]);
    if (!profile && !progress) throw new ApiError(404, 'not_found', '');
    const [info, list] = await Promise.all([exercises(), api<Schemas['PatientList']>('GET', '/patients').catch(() => null)]);
    const name = list?.patients.find((p) => p.id === id)?.name;
    return { profile, plan, progress, history, adjustments, info, name, holds: today?.holds ?? [] };
  }, [id]);
  const [minutes, setMinutes] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  if (!data) return <Page title={t('clin.patient')}><Loading error={error && errorText(error, { 404: t('clin.no_access') })} /></Page>;
  const { profile, plan, progress, history, adjustments, info, name, holds } = data;
  const checkins = (history?.checkins ?? []).slice(-7).reverse();
  return (
    <Page title={name ?? t('clin.patient')}>
      <p><Link class="back" href="/patients"><span aria-hidden="true">←</span>{t('clin.patients')}</Link></p>
      <section class="card">
        <h2>{t('clin.profile')}</h2>
        {profile ? (
          <dl class="facts">
            <dt>{t('onb.age')}</dt><dd>{profile.age}</dd>
            <dt>{t('onb.ms_type')}</dt><dd>{t(`onb.ms.${profile.ms_type}` as Key)}</dd>
            <dt>EDSS</dt><dd>{profile.edss ?? '–'}</dd>
            <dt>{t('onb.mobility')}</dt><dd>{t(`onb.mob.${profile.mobility}` as Key)}</dd>
            <dt>{t('onb.days')}</dt><dd>{profile.days.map((d) => t(`day.${d}` as Key)).join(', ')}</dd>
            <dt>{t('onb.minutes')}</dt><dd>{profile.session_minutes}</dd>
            <dt>{t('onb.heat')}</dt><dd>{profile.heat_sensitive ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('onb.heart')}</dt><dd>{profile.heart_condition ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('onb.beta')}</dt><dd>{profile.beta_blockers ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('clin.cleared')}</dt><dd>{clearedText(profile.clinician_clearance)}</dd>
            {plan && <><dt>{t('plan.tier')}</dt><dd>{t(`tier.${plan.tier}` as Key)}</dd></>}
          </dl>
        ) : <p>{t('clin.no_profile')}</p>}
        <p><a class="button" href={`/api/v1${base}/report?format=html`} target="_blank" rel="noopener">{t('clin.report')}</a></p>
      </section>
      <Holds base={base} holds={holds} done={reload} />
      {progress && <><h2>{t('progress.title')}</h2><ProgressView p={progress} /></>}
      <MindProgress path={`${base}/cognitive`} />
      <section class="card">
        <h2>{t('clin.recent')}</h2>
        {history?.sets?.length ? (
          <table class="stack" role="table" data-testid="recent-sets">
            <thead><tr role="row">
              <th scope="col" role="columnheader">{t('measures.date')}</th><th scope="col" role="columnheader">{t('clin.exercise')}</th>
              <th scope="col" role="columnheader">{t('today.reps')}</th><th scope="col" role="columnheader">kg</th><th scope="col" role="columnheader">RIR</th>
            </tr></thead>
            <tbody>{history.sets.slice(-30).reverse().map((s, i) => (
              <tr key={i} role="row">
                <td role="cell" class="num" data-label={t('measures.date')}>{s.date}</td>
                <td role="cell" data-label={t('clin.exercise')}>{exerciseLabel(s.exercise, info)}</td>
                <td role="cell" data-label={t('today.reps')}><span class="num">{s.reps}</span>{s.completed ? '' : ` (${t('clin.not_completed')})`}</td>
                <td role="cell" class="num" data-label="kg">{s.load_kg === undefined || s.load_kg === null ? '–' : num(s.load_kg, 2)}</td>
                <td role="cell" class="num" data-label="RIR">{s.rir ?? '–'}</td>
              </tr>
            ))}</tbody>
          </table>
        ) : <p>{t('clin.no_sets')}</p>}
      </section>
      <section class="card" aria-labelledby="checkins-title" data-testid="patient-checkins">
        <h2 id="checkins-title">{t('clin.checkins')}</h2>
        {checkins.length ? (
          <ul class="log">
            {checkins.map((c, i) => (
              <li key={c.date + i}><strong class="nowrap">{c.date}</strong>: {checkinText(c)}</li>
            ))}
          </ul>
        ) : <p>{t('clin.no_checkins')}</p>}
      </section>
      <section class="card">
        <h2>{t('clin.adjust')}</h2>
        <form onSubmit={async (e) => {
          e.preventDefault();
          setErrors({});
          try {
            await api('POST', `${base}/plan/adjustments`, { kind: 'session_minutes', minutes: Number(minutes), reason });
            setMinutes('');
            setReason('');
            reload();
          } catch (err) {
            setErrors(errorsOf(err, ['minutes', 'reason']));
          }
        }}>
          <FormError errors={errors} />
          <Field id="adj-minutes" label={t('clin.session_minutes')} error={errors.minutes}>
            {(a) => <input {...a} type="number" min={20} max={120} required value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />}
          </Field>
          <Field id="adj-reason" label={t('clin.reason')} error={errors.reason}>
            {(a) => <input {...a} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
          </Field>
          <button class="primary">{t('clin.save_change')}</button>
        </form>
        <SwapForm base={base} plan={plan} info={info} done={reload} />
        {profile && <DaysForm base={base} days={profile.days} done={reload} />}
        {profile && <ClearanceForm base={base} cleared={profile.clinician_clearance ?? {}} done={reload} />}
        <h3>{t('clin.changes')}</h3>
        {adjustments?.adjustments?.length ? (
          <ul>{adjustments.adjustments.map((a) => <li key={a.id}><span class="nowrap">{a.at.slice(0, 10)}</span> · {a.by.name}: {plainSummary(a.summary)}</li>)}</ul>
        ) : <p>{t('clin.no_changes')}</p>}
      </section>
    </Page>
  );
}

// An exercise by its name in the catalogue; never its id as it stands.
function exerciseLabel(id: string, info: Record<string, ExerciseInfo>): string {
  return info[id]?.name ?? id.replace(/_/g, ' ');
}

// A check-in in words: tiredness, how well they slept, heat, a possible relapse, symptoms.
export function checkinText(c: Schemas['CheckIn']): string {
  const parts = [t('clin.checkin_fatigue', { fatigue: c.fatigue })];
  if (c.sleep_quality !== null && c.sleep_quality !== undefined) parts.push(t('clin.checkin_sleep', { sleep: c.sleep_quality }));
  if (c.hot) parts.push(t('clin.checkin_hot'));
  if (c.relapse) parts.push(t('clin.checkin_relapse'));
  const symptoms = (c.symptoms ?? []).map((s) => t(`sym.${s}` as Key).toLowerCase());
  parts.push(symptoms.length ? t('clin.checkin_symptoms', { symptoms: symptoms.join(', ') }) : t('clin.checkin_no_symptoms'));
  return parts.join('; ') + '.';
}

// Replace one exercise of the plan by one of its alternatives in the catalogue.
function SwapForm({ base, plan, info, done }: { base: string; plan: Schemas['Plan'] | null; info: Record<string, ExerciseInfo>; done: () => void }) {
  const planned: string[] = [...new Set<string>((plan?.sessions ?? []).flatMap((s) => s.items.map((i) => i.exercise)))]
    .filter((id) => (info[id]?.alternatives ?? []).length > 0);
  const [exercise, setExercise] = useState('');
  const [replacement, setReplacement] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  if (!planned.length) return null;
  const name = (id: string) => info[id]?.name ?? id;
  return (
    <form data-testid="swap-form" onSubmit={async (e) => {
      e.preventDefault();
      setErrors({});
      if (!exercise || !replacement) {
        setErrors({ [exercise ? 'replacement' : 'exercise']: t('onb.required') });
        return;
      }
      try {
        await api('POST', `${base}/plan/adjustments`, { kind: 'swap', exercise, replacement, reason });
        setExercise(''); setReplacement(''); setReason('');
        done();
      } catch (err) {
        setErrors(errorsOf(err, ['exercise', 'replacement', 'reason']));
      }
    }}>
      <h3>{t('clin.swap')}</h3>
      <FormError errors={errors} />
      <Field id="swap-exercise" label={t('clin.swap_exercise')} error={errors.exercise}>
        {(a) => (
          <select {...a} value={exercise} onChange={(e) => { setExercise(e.currentTarget.value); setReplacement(''); }}>
            <option value="">{t('clin.choose')}</option>
            {planned.map((id) => <option key={id} value={id}>{name(id)}</option>)}
          </select>
        )}
      </Field>
      <Field id="swap-replacement" label={t('clin.swap_replacement')} error={errors.replacement}>
        {(a) => (
          <select {...a} value={replacement} disabled={!exercise} onChange={(e) => setReplacement(e.currentTarget.value)}>
            <option value="">{t('clin.choose')}</option>
            {(info[exercise]?.alternatives ?? []).map((id) => <option key={id} value={id}>{name(id)}</option>)}
          </select>
        )}
      </Field>
      <Field id="swap-reason" label={t('clin.reason')} error={errors.reason}>
        {(a) => <input {...a} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <button class="primary">{t('clin.swap_save')}</button>
    </form>
  );
}

// Change the training days: a new profile version and a new plan.
function DaysForm({ base, days, done }: { base: string; days: string[]; done: () => void }) {
  const [chosen, setChosen] = useState<string[]>(days);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  return (
    <form data-testid="days-form" onSubmit={async (e) => {
      e.preventDefault();
      setErrors({});
      if (!chosen.length) {
        setErrors({ days: t('onb.days_needed') });
        return;
      }
      try {
        await api('POST', `${base}/plan/adjustments`, { kind: 'days', days: DAYS.filter((d) => chosen.includes(d)), reason });
        setReason('');
        done();
      } catch (err) {
        setErrors(errorsOf(err, ['days', 'reason']));
      }
    }}>
      <h3>{t('clin.days')}</h3>
      <FormError errors={errors} />
      <fieldset>
        <legend>{t('onb.days')}</legend>
        {DAYS.map((d) => (
          <label class="choice" key={d}>
            <input type="checkbox" name="clin-days" value={d} checked={chosen.includes(d)}
              onChange={() => setChosen(chosen.includes(d) ? chosen.filter((x) => x !== d) : [...chosen, d])} />
            {t(`day.${d}` as Key)}
          </label>
        ))}
        {errors.days && <p class="error"><span aria-hidden="true">⚠ </span>{errors.days}</p>}
      </fieldset>
      <Field id="days-reason" label={t('clin.reason')} error={errors.reason}>
        {(a) => <input {...a} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <button class="primary">{t('clin.days_save')}</button>
    </form>
  );
}

type Cleared = NonNullable<Schemas['Profile']['clinician_clearance']>;

function clearedText(c: Cleared | undefined): string {
  const list = [c?.standing_balance && t('clin.clear_balance_short'), c?.vigorous_aerobic && t('clin.clear_aerobic_short')].filter(Boolean);
  return list.length ? list.join(', ') : t('clin.cleared_none');
}

// What waits for a clearance (a relapse pause, a doctor's clearance after warning symptoms), each
// with Record clearance behind the same confirmation as the person's.
function Holds({ base, holds, done }: { base: string; holds: Hold[]; done: () => void }) {
  const [open, setOpen] = useState<Hold | null>(null);
  const [message, setMessage] = useState('');
  return (
    <section class="card" data-testid="patient-holds" aria-labelledby="holds-title">
      <h2 id="holds-title">{t('clin.holds')}</h2>
      {message && <p role="status" class="ok"><span aria-hidden="true">✓ </span>{message}</p>}
      {holds.length ? (
        <ul class="holds">
          {holds.map((h) => (
            <li key={h.kind} class="row">
              <span>
                <strong>{t(h.clearance === 'medical' ? 'hold.medical_title' : 'hold.relapse_title')}</strong>
                {' · '}{holdText(h)}
              </span>
              <button type="button" class="primary" onClick={() => setOpen(h)}>{t('clin.record_clearance')}</button>
            </li>
          ))}
        </ul>
      ) : <p>{t('clin.no_holds')}</p>}
      {open && (
        <ClearanceDialog hold={open} who="clinician"
          send={() => api('POST', `${base}/clearances`, { client_id: newClientId(), kind: open.clearance })}
          close={(outcome) => {
            setOpen(null);
            if (outcome === 'cancel') return;
            setMessage(t(outcome === 'recorded' ? 'hold.recorded' : 'hold.nothing_waiting'));
            done();
          }} />
      )}
    </section>
  );
}

// Clear work beyond MSFit's conservative defaults: standing balance work without support for
// someone who trains alone with a walking aid, and moderate-to-vigorous aerobic work despite a
// risk factor. Stored as a new profile version; the plan is made again.
function ClearanceForm({ base, cleared, done }: { base: string; cleared: Cleared; done: () => void }) {
  const [balance, setBalance] = useState(!!cleared.standing_balance);
  const [aerobic, setAerobic] = useState(!!cleared.vigorous_aerobic);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  return (
    <form data-testid="clearance-form" onSubmit={async (e) => {
      e.preventDefault();
      setErrors({});
      if (!reason.trim()) {
        setErrors({ reason: t('onb.required') });
        document.getElementById('clearance-reason')?.focus();
        return;
      }
      try {
        await api('POST', `${base}/plan/adjustments`, { kind: 'clearance', standing_balance: balance, vigorous_aerobic: aerobic, reason });
        setReason('');
        done();
      } catch (err) {
        setErrors(errorsOf(err, ['reason']));
      }
    }}>
      <h3>{t('clin.clearance')}</h3>
      <p class="hint">{t('clin.clearance_hint')}</p>
      <FormError errors={errors} />
      <fieldset>
        <legend>{t('clin.clearance_legend')}</legend>
        <label class="choice">
          <input type="checkbox" name="standing_balance" checked={balance} onChange={() => setBalance(!balance)} />
          {t('clin.clear_balance')}
        </label>
        <label class="choice">
          <input type="checkbox" name="vigorous_aerobic" checked={aerobic} onChange={() => setAerobic(!aerobic)} />
          {t('clin.clear_aerobic')}
        </label>
      </fieldset>
      <Field id="clearance-reason" label={t('clin.reason')} error={errors.reason}>
        {(a) => <input {...a} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <button class="primary">{t('clin.clearance_save')}</button>
    </form>
  );
}

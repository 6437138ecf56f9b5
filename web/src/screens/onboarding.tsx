// Builds the profile one step at a time, each with why we ask, then makes the plan.
import { useState } from 'preact/hooks';
import { api, isoDate, type Schemas } from '../api';
import { t, type Key } from '../i18n';
import { DAYS, EQUIPMENT } from '../data';
import { Errors, Field, FormError, Page, errorsOf, navigate } from '../ui';

type Profile = Schemas['Profile'];
// The answers as entered: text of the fields and choices, and the lists ticked.
type Lists = 'equipment' | 'days';
type P = Record<Exclude<keyof Profile | 'relapse_known', Lists | 'one_rm_kg' | 'weeks' | 'clinician_clearance' | 'cognitive_training'>, string> & Record<Lists, string[]>;

const STEP_FIELDS: string[][] = [
  ['age', 'sex', 'body_mass_kg'],
  ['ms_type', 'mobility', 'edss', 'last_relapse', 'heat_sensitive'],
  ['experience', 'location', 'equipment', 'trains_alone'],
  ['days', 'session_minutes', 'start_date', 'beta_blockers', 'heart_condition', 'resting_hr', 'max_hr'],
];

function Choice(props: { name: string; options: string[]; value: string; set: (v: string) => void; prefix: string }) {
  return (
    <>
      {props.options.map((o) => (
        <label class="choice" key={o}>
          <input type="radio" name={props.name} value={o} checked={props.value === o} onChange={() => props.set(o)} />
          {t(`${props.prefix}.${o}` as Key)}
        </label>
      ))}
    </>
  );
}

export function Onboarding() {
  const [step, setStep] = useState(0);
  const [p, setP] = useState<P>({
    age: '', sex: '', body_mass_kg: '', ms_type: '', mobility: 'independent', edss: '',
    relapse_known: 'no', last_relapse: '', heat_sensitive: 'no', experience: 'novice', location: 'home',
    equipment: [], trains_alone: 'yes', days: ['mon', 'wed', 'fri'], session_minutes: '45',
    start_date: isoDate(), resting_hr: '', max_hr: '', beta_blockers: 'no', heart_condition: 'no',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  // Mind training in the plan: yes unless the person opts out.
  const [mind, setMind] = useState(true);
  const set = (k: Exclude<keyof P, Lists>) => (v: string) => setP({ ...p, [k]: v });
  const toggle = (k: Lists, v: string) =>
    setP({ ...p, [k]: p[k].includes(v) ? p[k].filter((x) => x !== v) : [...p[k], v] });
  const input = (k: Exclude<keyof P, Lists>, type = 'text', extra: Record<string, unknown> = {}) => (a: Record<string, unknown>) => (
    <input {...a} {...extra} type={type} value={p[k]} onInput={(e) => set(k)(e.currentTarget.value)} />
  );

  function profile() {
    // The choices and the lists hold only the values offered on the screen.
    const out: Profile = {
      age: Number(p.age), sex: p.sex as Profile['sex'], body_mass_kg: Number(p.body_mass_kg), ms_type: p.ms_type as Profile['ms_type'],
      mobility: p.mobility as Profile['mobility'], experience: p.experience as Profile['experience'],
      location: p.location as Profile['location'], equipment: p.equipment as Profile['equipment'],
      trains_alone: p.trains_alone === 'yes', days: DAYS.filter((d) => p.days.includes(d)) as Profile['days'],
      session_minutes: Number(p.session_minutes), heat_sensitive: p.heat_sensitive === 'yes',
      last_relapse: p.relapse_known === 'yes' && p.last_relapse ? p.last_relapse : null,
      start_date: p.start_date, one_rm_kg: {},
      beta_blockers: p.beta_blockers === 'yes', heart_condition: p.heart_condition === 'yes',
      cognitive_training: mind,
    };
    if (p.edss !== '') out.edss = Number(p.edss);
    // With beta-blockers no heart rates are asked for, and none typed before are sent.
    if (p.beta_blockers !== 'yes') {
      if (p.resting_hr !== '') out.resting_hr = Number(p.resting_hr);
      if (p.max_hr !== '') out.max_hr = Number(p.max_hr);
    }
    return out;
  }

  function localCheck(): Errors {
    const e: Errors = {};
    const need = (k: keyof P) => {
      if (p[k] === '' || p[k] === undefined) e[k] = t('onb.required');
    };
    if (step === 0) (['age', 'sex', 'body_mass_kg'] as const).forEach(need);
    if (step === 1) (['ms_type'] as const).forEach(need);
    if (step === 3 && p.days.length === 0) e.days = t('onb.days_needed');
    return e;
  }

  async function next(ev: Event) {
    ev.preventDefault();
    const e = localCheck();
    setErrors(e);
    if (Object.keys(e).length) {
      document.getElementById(Object.keys(e)[0])?.focus();
      return;
    }
    if (step < 3) {
      setStep(step + 1);
      return;
    }
    setBusy(true);
    try {
      await api('PUT', '/profile', profile());
      await api('POST', '/plan');
      navigate('/plan');
    } catch (err) {
      const all = STEP_FIELDS.flat();
      const found = errorsOf(err, all);
      const field = Object.keys(found).find((k) => k);
      if (field) setStep(STEP_FIELDS.findIndex((f) => f.includes(field)));
      setErrors(found);
    }
    setBusy(false);
  }

  const titles: Key[] = ['onb.step_you', 'onb.step_ms', 'onb.step_training', 'onb.step_schedule'];
  return (
    <Page title={t('onb.title')}>
      <p class="steps" aria-live="polite">
        {t('onb.step_of', { n: step + 1, total: 4 })}: <strong>{t(titles[step])}</strong>
      </p>
      <form class="card" onSubmit={next} noValidate>
        <FormError errors={errors} />
        {step === 0 && (
          <>
            <p class="why">{t('onb.why_you')}</p>
            <Field id="age" label={t('onb.age')} error={errors.age}>{input('age', 'number', { min: 18, max: 100, inputMode: 'numeric' })}</Field>
            <fieldset id="sex" tabIndex={-1}>
              <legend>{t('onb.sex')}</legend>
              <Choice name="sex" options={['female', 'male', 'other']} value={p.sex} set={set('sex')} prefix="onb.sex" />
              {errors.sex && <p class="error"><span aria-hidden="true">⚠ </span>{errors.sex}</p>}
            </fieldset>
            <Field id="body_mass_kg" label={t('onb.mass')} error={errors.body_mass_kg}>{input('body_mass_kg', 'number', { min: 25, max: 350, step: 0.1, inputMode: 'decimal' })}</Field>
          </>
        )}
        {step === 1 && (
          <>
            <fieldset id="ms_type" tabIndex={-1}>
              <legend>{t('onb.ms_type')}</legend>
              <Choice name="ms_type" options={['RRMS', 'SPMS', 'PPMS', 'CIS']} value={p.ms_type} set={set('ms_type')} prefix="onb.ms" />
              {errors.ms_type && <p class="error"><span aria-hidden="true">⚠ </span>{errors.ms_type}</p>}
            </fieldset>
            <fieldset id="mobility" tabIndex={-1}>
              <legend>{t('onb.mobility')}</legend>
              <p class="why">{t('onb.why_mobility')}</p>
              <Choice name="mobility" options={['independent', 'one_aid', 'two_aids', 'wheelchair']} value={p.mobility} set={set('mobility')} prefix="onb.mob" />
              {errors.mobility && <p class="error"><span aria-hidden="true">⚠ </span>{errors.mobility}</p>}
            </fieldset>
            <Field id="edss" label={t('onb.edss')} hint={t('onb.edss_hint')} error={errors.edss}>{input('edss', 'number', { min: 0, max: 9.5, step: 0.5, inputMode: 'decimal' })}</Field>
            <fieldset id="last_relapse_set">
              <legend>{t('onb.relapse')}</legend>
              <p class="why">{t('onb.why_relapse')}</p>
              <Choice name="relapse_known" options={['no', 'yes']} value={p.relapse_known} set={set('relapse_known')} prefix="onb.relapse" />
              {p.relapse_known === 'yes' && (
                <Field id="last_relapse" label={t('onb.relapse_date')} error={errors.last_relapse}>{input('last_relapse', 'date')}</Field>
              )}
            </fieldset>
            <fieldset id="heat_sensitive" tabIndex={-1}>
              <legend>{t('onb.heat')}</legend>
              <p class="why">{t('onb.why_heat')}</p>
              <Choice name="heat" options={['no', 'yes']} value={p.heat_sensitive} set={set('heat_sensitive')} prefix="common" />
            </fieldset>
          </>
        )}
        {step === 2 && (
          <>
            <fieldset id="experience" tabIndex={-1}>
              <legend>{t('onb.experience')}</legend>
              <Choice name="experience" options={['novice', 'trained']} value={p.experience} set={set('experience')} prefix="onb.exp" />
            </fieldset>
            <fieldset id="location" tabIndex={-1}>
              <legend>{t('onb.location')}</legend>
              <Choice name="location" options={['home', 'gym']} value={p.location} set={set('location')} prefix="onb.loc" />
            </fieldset>
            <fieldset id="equipment" tabIndex={-1}>
              <legend>{t('onb.equipment')}</legend>
              <p class="why">{t('onb.why_equipment')}</p>
              <div class="grid2">
                {EQUIPMENT.map((q) => (
                  <label class="choice" key={q}>
                    <input type="checkbox" checked={p.equipment.includes(q)} onChange={() => toggle('equipment', q)} />
                    {t(`eq.${q}` as Key)}
                  </label>
                ))}
              </div>
              {errors.equipment && <p class="error"><span aria-hidden="true">⚠ </span>{errors.equipment}</p>}
            </fieldset>
            <fieldset id="trains_alone" tabIndex={-1}>
              <legend>{t('onb.alone')}</legend>
              <p class="why">{t('onb.why_alone')}</p>
              <Choice name="alone" options={['yes', 'no']} value={p.trains_alone} set={set('trains_alone')} prefix="common" />
            </fieldset>
          </>
        )}
        {step === 3 && (
          <>
            <fieldset id="days" tabIndex={-1}>
              <legend>{t('onb.days')}</legend>
              <div class="grid2">
                {DAYS.map((d) => (
                  <label class="choice" key={d}>
                    <input type="checkbox" name="days" value={d} checked={p.days.includes(d)} onChange={() => toggle('days', d)} />
                    {t(`day.${d}` as Key)}
                  </label>
                ))}
              </div>
              {errors.days && <p class="error"><span aria-hidden="true">⚠ </span>{errors.days}</p>}
            </fieldset>
            <Field id="session_minutes" label={t('onb.minutes')} hint={t('onb.minutes_hint')} error={errors.session_minutes}>{input('session_minutes', 'number', { min: 20, max: 120, inputMode: 'numeric' })}</Field>
            <Field id="start_date" label={t('onb.start')} error={errors.start_date}>{input('start_date', 'date')}</Field>
            <fieldset id="beta_blockers" tabIndex={-1}>
              <legend>{t('onb.beta')}</legend>
              <p class="why">{t('onb.why_beta')}</p>
              <Choice name="beta" options={['no', 'yes']} value={p.beta_blockers} set={set('beta_blockers')} prefix="common" />
              {errors.beta_blockers && <p class="error"><span aria-hidden="true">⚠ </span>{errors.beta_blockers}</p>}
            </fieldset>
            <fieldset id="heart_condition" tabIndex={-1}>
              <legend>{t('onb.heart')}</legend>
              <p class="why">{t('onb.why_heart')}</p>
              <Choice name="heart" options={['no', 'yes']} value={p.heart_condition} set={set('heart_condition')} prefix="common" />
              {errors.heart_condition && <p class="error"><span aria-hidden="true">⚠ </span>{errors.heart_condition}</p>}
            </fieldset>
            {/* Heart rates after beta-blockers: with them, heart-rate targets do not fit, and it says why. */}
            <div aria-live="polite" data-testid="onb-heart-rates">
              {p.beta_blockers === 'yes' ? (
                <p class="notice" data-testid="hr-off-beta">{t('onb.hr_off_beta')}</p>
              ) : (
                <>
                  <p class="why">{t('onb.why_hr')}</p>
                  <Field id="resting_hr" label={t('onb.resting_hr')} error={errors.resting_hr}>{input('resting_hr', 'number', { min: 30, max: 130, inputMode: 'numeric' })}</Field>
                  <Field id="max_hr" label={t('onb.max_hr')} error={errors.max_hr}>{input('max_hr', 'number', { min: 80, max: 230, inputMode: 'numeric' })}</Field>
                </>
              )}
            </div>
            <label class="choice">
              <input type="checkbox" name="cognitive_training" checked={mind} aria-describedby="mind-why" onChange={() => setMind(!mind)} />
              {t('mind.setting')}
            </label>
            <p class="why" id="mind-why">{t('mind.setting_hint_new')}</p>
          </>
        )}
        <div class="actions">
          {step > 0 && (
            <button type="button" onClick={() => { setErrors({}); setStep(step - 1); }}>{t('common.back')}</button>
          )}
          <button class="primary" disabled={busy}>{step < 3 ? t('common.next') : t('onb.make_plan')}</button>
        </div>
      </form>
    </Page>
  );
}

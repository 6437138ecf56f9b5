// A strength exercise's sets as rows: each with its target, what was done last time, and a
// large tick that logs it with the values below the rows (reps and weight, prefilled from the
// target or last time). A logged row shows what was logged, with Edit (reps, weight, reps in
// reserve) and Delete behind a confirmation; corrections go through the offline queue like the
// set itself. Reps in reserve is sent only when the person chose it.
import { useRef, useState } from 'preact/hooks';
import { newClientId } from '../api';
import { num, t } from '../i18n';
import { loadText, type PlanItem } from '../data';
import { queue } from '../session';
import { nextSet, type LoggedSet } from '../session-state';
import { Errors } from '../ui';
import { lastTime, loadStep, toDisplay, toKg, type SetLog, type Units } from '../units';
import type { Prefs } from '../prefs';

export function Stepper(props: {
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

// Equipment that carries a load to enter; bands, a bench, a pad or body weight do not.
export function isWeighted(item: PlanItem) {
  return item.equipment.some((e) => e !== 'bands' && e !== 'bench' && e !== 'balance_pad' && e !== 'parallel_bars' && e !== 'standing_frame');
}

// "10 × 20 kg" (never split across lines), or "10 reps" without a load.
function repsLoad(reps: number, kg: number, units: Units, step: number) {
  return kg > 0
    ? <span class="nb">{reps} × {num(toDisplay(kg, units, step), 2)}&nbsp;{units}</span>
    : <span class="nb">{t('sess.reps_only', { reps })}</span>;
}

function RirSelect({ id, value, set, target }: { id: string; value: string; set: (v: string) => void; target?: [number, number] }) {
  return (
    <div class="field">
      <label for={id}>{t('today.rir')}</label>
      {target && <p class="hint" id={`${id}-hint`}>{t('today.rir_hint', { low: target[0], high: target[1] })}</p>}
      <select id={id} value={value} aria-describedby={target ? `${id}-hint` : undefined} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">{t('sess.rir_none')}</option>
        {[0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => <option key={n} value={String(n)}>{n}</option>)}
      </select>
    </div>
  );
}

// The editor of a logged set, in its row.
function EditSet({ set, weighted, units, step, save, remove, cancel }: {
  set: LoggedSet; weighted: boolean; units: Units; step: number;
  save: (change: Partial<LoggedSet>) => void; remove: () => void; cancel: () => void;
}) {
  const [reps, setReps] = useState<number | null>(set.reps);
  const [load, setLoad] = useState<number | null>(set.load_kg > 0 ? toDisplay(set.load_kg, units, step) : null);
  const [rir, setRir] = useState(set.rir === undefined || set.rir === null ? '' : String(set.rir));
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const id = `edit-${set.set}`;
  if (confirming) {
    return (
      <div class="set-edit" role="group" aria-label={t('sess.delete_q', { n: set.set })}>
        <p>{t('sess.delete_q', { n: set.set })}</p>
        <div class="rest-actions">
          <button type="button" class="danger" onClick={remove}>{t('sess.delete_yes')}</button>
          <button type="button" onClick={() => setConfirming(false)}>{t('sess.delete_no')}</button>
        </div>
      </div>
    );
  }
  return (
    <div class="set-edit" role="group" aria-label={t('sess.edit_set', { n: set.set })}>
      <Stepper id={`${id}-reps`} label={t('today.reps')} value={reps} step={1} min={0} set={setReps} error={error && reps === null ? error : undefined} />
      {weighted && <Stepper id={`${id}-load`} label={t('today.kg')} value={load} step={step} min={0} set={setLoad} unit={units} />}
      <RirSelect id={`${id}-rir`} value={rir} set={setRir} />
      <div class="rest-actions">
        <button type="button" class="primary" onClick={() => {
          if (reps === null || reps < 0) return setError(t('today.reps_needed'));
          if (weighted && (load === null || load <= 0)) return setError(t('today.weight_needed'));
          save({ reps, load_kg: weighted && load !== null ? toKg(load, units) : 0, rir: rir === '' ? null : Number(rir) });
        }}>{t('sess.save')}</button>
        <button type="button" onClick={cancel}>{t('sess.cancel')}</button>
        <button type="button" class="danger" onClick={() => setConfirming(true)}>{t('sess.delete')}</button>
      </div>
      {error && <p class="error" role="alert"><span aria-hidden="true">⚠ </span>{error}</p>}
    </div>
  );
}

export function Strength({ item, exercise, todayKg, date, units, prefs, sets, logged, onLogged, onChanged, onComplete }: {
  item: PlanItem; exercise: string; todayKg?: number; date: string; units: Units; prefs: Prefs; sets: SetLog[];
  logged: LoggedSet[]; onLogged: (s: LoggedSet) => void; onChanged: (clientId: string, change: Partial<LoggedSet> | null) => void;
  onComplete: () => void;
}) {
  const total = item.sets ?? 1;
  const weighted = isWeighted(item);
  const step = loadStep(item.equipment, units);
  const last = lastTime(sets, exercise, date);
  const target = item.reps;
  // Reps and load for the next tick: what was logged last this session, else the target's top
  // and today's (or the planned, or last time's) load; without a known load the field is empty
  // (never 0) and the person enters the weight they chose.
  const [reps, setReps] = useState<number | null>(() => logged.at(-1)?.reps ?? target?.[1] ?? 10);
  const [load, setLoad] = useState<number | null>(() => {
    const lastKg = last?.sets.filter((s) => s.load_kg > 0).at(-1)?.load_kg;
    const kg = [logged.at(-1)?.load_kg, todayKg, item.load_kg, lastKg].find((v) => v !== undefined && v > 0);
    return kg === undefined ? null : toDisplay(kg, units, step);
  });
  const kg = weighted && load !== null ? toKg(load, units) : 0;
  const [rir, setRir] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const sending = useRef(false);
  const current = nextSet(logged, total);

  async function log(n: number, completed: boolean) {
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
    const client_id = newClientId();
    const body: Record<string, unknown> = { client_id, date, exercise, set: n, reps, load_kg: kg, completed };
    if (rir !== '') body.rir = Number(rir);
    try {
      await queue.enqueue('/sets', body);
    } finally {
      sending.current = false;
    }
    queue.flush();
    setSaid(weighted
      ? t('today.logged', { set: n, reps, load: `${num(load ?? 0, 2)} ${units}` })
      : t('today.logged_reps', { set: n, reps }));
    setRir('');
    onLogged({ client_id, set: n, reps, load_kg: kg, rir: rir === '' ? null : Number(rir), completed });
  }

  async function correct(s: LoggedSet, change: Partial<LoggedSet> | null) {
    await queue.amend('/sets', s.client_id, change, newClientId());
    queue.flush();
    setEditing(null);
    setSaid(change === null ? t('sess.deleted', { n: s.set }) : t('sess.corrected', { n: s.set }));
    onChanged(s.client_id, change);
  }

  const targetKg = todayKg ?? item.load_kg ?? 0;
  const how = weighted && kg > 0 ? loadText(item, kg, units, prefs) : '';
  return (
    <>
      <ol class="setrows" aria-label={t('sess.sets')}>
        {Array.from({ length: total }, (_, i) => i + 1).map((n) => {
          const l = logged.find((x) => x.set === n);
          const was = last?.sets.find((s) => (s.set ?? 0) === n);
          const isCurrent = !l && n === current;
          return (
            <li key={n} class={'setrow' + (l ? ' logged' : '') + (isCurrent ? ' current' : '')} data-set={n}
              aria-current={isCurrent ? 'step' : undefined}>
              <div class="setrow-main">
                <span class="setno">{t('sess.set_n', { n })}</span>
                <span class="setwhat">
                  {l ? (
                    <>
                      <span aria-hidden="true">✓ </span>{repsLoad(l.reps, l.load_kg, units, step)}
                      {!l.completed && <> · {t('sess.not_finished')}</>}
                      {l.rir !== undefined && l.rir !== null && <> · <span class="nb">{t('sess.rir_short', { rir: l.rir })}</span></>}
                    </>
                  ) : (
                    <>
                      {target && targetKg > 0 && weighted
                        ? <span class="nb">{target[0]}–{target[1]} × {num(toDisplay(targetKg, units, step), 2)}&nbsp;{units}</span>
                        : target ? <span class="nb">{t('sess.reps_range', { low: target[0], high: target[1] })}</span> : null}
                      {was && <span class="was"> · {t('sess.last')} {repsLoad(was.reps, was.load_kg, units, step)}</span>}
                    </>
                  )}
                </span>
                {l ? (
                  <button type="button" class="setedit" aria-expanded={editing === l.client_id}
                    aria-label={t('sess.edit_set', { n })} onClick={() => setEditing(editing === l.client_id ? null : l.client_id)}>
                    {t('sess.edit')}
                  </button>
                ) : (
                  <button type="button" class={'tick' + (isCurrent ? ' primary' : '')} aria-label={t('sess.log_set_n', { n })}
                    data-testid={isCurrent ? 'log-set' : undefined} onClick={() => log(n, true)}>
                    <span aria-hidden="true">✓</span>
                  </button>
                )}
              </div>
              {l && editing === l.client_id && (
                <EditSet set={l} weighted={weighted} units={units} step={step}
                  save={(change) => correct(l, change)} remove={() => correct(l, null)} cancel={() => setEditing(null)} />
              )}
            </li>
          );
        })}
      </ol>
      {said && <p role="status" class="ok"><span aria-hidden="true">✓ </span>{said}</p>}
      {current > total && (
        <div class="actions"><button type="button" class="primary huge" onClick={onComplete}>{t('sess.next_exercise')}</button></div>
      )}
      {current <= total && (
        <div class="next-values">
          <p class="hint">{t('sess.values_for', { n: current })}</p>
          <div class="stepper-pair">
            <Stepper id="reps" label={t('today.reps')} value={reps} step={1} min={0} set={setReps} error={errors.reps} />
            {weighted && (
              <Stepper id="load_kg" label={t('today.kg')} value={load} step={step} min={0} set={setLoad} unit={units} error={errors.load_kg}
                hint={load === null && item.reps ? t('today.weight_hint', { max: item.reps[1] }) : undefined} />
            )}
          </div>
          {how && <p data-testid="load-text">{how}</p>}
          <RirSelect id="rir" value={rir} set={setRir} target={item.intensity?.rir} />
          <div class="actions">
            <button type="button" onClick={() => log(current, false)}>{t('sess.could_not', { n: current })}</button>
          </div>
        </div>
      )}
    </>
  );
}

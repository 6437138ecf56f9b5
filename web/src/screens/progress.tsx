// Progress (aerobic minutes against the guideline, strength sets, fatigue, adherence) and
// outcome measures.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, isoDate, newClientId, type Schemas } from '../api';
import { lang, num, t } from '../i18n';
import { exercises, measures, type MeasureDef } from '../data';
import { drawChart, type Series } from '../chart';
import { Errors, Field, FormError, Loading, Page, TableWrap, errorsOf, useLoad, withUnit } from '../ui';
import { MeasureChart } from './measurechart';
import { MindProgress } from './mind-progress';
import { seconds1 } from '../units';

// A guided Timed 25-Foot Walk: one large button starts and stops each of the two trials.
function Stopwatch({ done, trial }: { done: (seconds: number) => void; trial: number }) {
  const [start, setStart] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (start === null) return;
    const id = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(id);
  }, [start]);
  const shown = start === null ? 0 : seconds1(Math.max(0, now - start));
  return (
    <section class="stopwatch" aria-labelledby="sw-title">
      <h2 id="sw-title">{t('t25.trial', { n: trial })}</h2>
      <p class="hint">{t('t25.how')}</p>
      <p class="timer" role="timer" aria-live="off">{withUnit(num(shown, 1), 's')}</p>
      <button type="button" class={'huge ' + (start === null ? 'primary' : 'danger')} data-testid="stopwatch" onClick={() => {
        const t0 = performance.now();
        if (start === null) { setStart(t0); setNow(t0); }
        else { done(seconds1(t0 - start)); setStart(null); }
      }}>{start === null ? t('t25.start') : t('t25.stop')}</button>
    </section>
  );
}

type ProgressData = Schemas['Progress'];

// A chart drawn when it first comes near the screen (the ones further down cost nothing until
// then), into a box of its final height, so nothing below it moves when it is drawn. Its legend
// is part of the page, not of the drawing.
function Chart({ labels, series, y, title }: { labels: string[]; series: Series[]; y: string; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let plot: { destroy(): void } | undefined;
    let gone = false;
    const draw = () => drawChart(el, labels, series, y, t('progress.week')).then((p) => {
      if (gone) p.destroy();
      else plot = p;
    });
    if (typeof IntersectionObserver === 'undefined') {
      draw();
      return () => { gone = true; plot?.destroy(); };
    }
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        seen.disconnect();
        draw();
      }
    }, { rootMargin: '200px' });
    seen.observe(el);
    return () => { gone = true; seen.disconnect(); plot?.destroy(); };
  }, [JSON.stringify(series)]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <ul class="chart-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.label}>
            <svg width="36" height="12" aria-hidden="true">
              <line x1="2" y1="6" x2="34" y2="6" stroke={s.color} stroke-width="3" stroke-dasharray={s.dash?.join(' ')} />
              {(s.points ?? true) && <circle cx="18" cy="6" r="4" fill={s.color} />}
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <div ref={ref} aria-hidden="true" data-testid="chart" class="chart-box" />
      <details>
        <summary>{t('progress.table')}</summary>
        <TableWrap label={title}>
          <table>
            <thead><tr><th scope="col">{t('progress.week')}</th>{series.map((s) => <th scope="col" key={s.label}>{s.label}</th>)}</tr></thead>
            <tbody>
              {labels.map((l, i) => (
                <tr key={l}><th scope="row" class="num">{l}</th>{series.map((s) => <td key={s.label} class="num">{s.values[i] === null ? '–' : num(s.values[i]!)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}

export function ProgressView({ p }: { p: ProgressData }) {
  const weeks = p.training.weeks;
  const labels = weeks.map((w) => t('progress.week_n', { n: w.week }));
  const done = p.adherence.reduce((a, w) => a + w.done, 0);
  const planned = p.adherence.reduce((a, w) => a + w.planned, 0);
  const last = weeks[weeks.length - 1];
  return (
    <>
      <section class="card stats">
        <p><strong>{t('progress.adherence')}:</strong> {t('progress.adherence_value', { done, planned })}</p>
        {last && <p><strong>{t('progress.aerobic_this_week')}:</strong> {t('progress.minutes_vs', { minutes: num(last.aerobic_minutes), guideline: p.training.guideline_minimum_minutes_per_week })}</p>}
        {last && <p><strong>{t('progress.sets_this_week')}:</strong> {last.strength_sets}</p>}
      </section>
      <Chart title={t('progress.aerobic_chart')} y="min" labels={labels} series={[
        { label: t('progress.aerobic_minutes'), values: weeks.map((w) => w.aerobic_minutes), color: '#0b5cad' },
        { label: t('progress.guideline'), values: weeks.map(() => p.training.guideline_minimum_minutes_per_week), color: '#555', dash: [10, 6], points: false },
        { label: t('progress.studied'), values: weeks.map(() => p.training.aerobic_target_minutes_per_week), color: '#8a4b00', dash: [2, 4], points: false },
      ]} />
      <Chart title={t('progress.strength_chart')} y={t('progress.sets')} labels={labels} series={[
        { label: t('progress.strength_sets'), values: weeks.map((w) => w.strength_sets), color: '#0b5cad' },
      ]} />
      <Chart title={t('progress.volume_chart')} y="kg" labels={labels} series={[
        { label: t('progress.volume'), values: weeks.map((w) => w.volume_kg ?? 0), color: '#0b5cad' },
      ]} />
      <StrengthTable p={p} />
      <Chart title={t('progress.fatigue_chart')} y="0-10" labels={labels} series={[
        { label: t('progress.fatigue'), values: weeks.map((w) => w.mean_fatigue), color: '#8a1c1c', dash: [6, 3] },
      ]} />
      <MeasureTable p={p} />
    </>
  );
}

// Estimated one-repetition maximum per exercise (Epley, from sets of 1-10 reps): the first and
// the latest estimate of the period.
function StrengthTable({ p }: { p: ProgressData }) {
  const info = useLoad(exercises);
  const rows = Object.entries(p.training.estimated_1rm_kg ?? {}).filter(([, points]) => points.length > 0);
  if (!rows.length) return null;
  return (
    <TableWrap label={t('progress.strength_1rm')}>
    <table class="card" data-testid="strength-table">
      <caption>{t('progress.strength_1rm')}</caption>
      <thead><tr><th scope="col">{t('progress.exercise')}</th><th scope="col">{t('measures.first')}</th><th scope="col">{t('measures.latest')}</th></tr></thead>
      <tbody>
        {rows.map(([id, points]) => (
          <tr key={id}>
            <th scope="row">{info.data?.[id]?.name ?? id.replace(/_/g, ' ')}</th>
            <td><span class="num">{withUnit(num(points[0].value, 1), 'kg')}</span> <span class="hint num">{points[0].date}</span></td>
            <td><span class="num">{withUnit(num(points[points.length - 1].value, 1), 'kg')}</span> <span class="hint num">{points[points.length - 1].date}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableWrap>
  );
}

function MeasureTable({ p }: { p: ProgressData }) {
  const defs = useLoad(measures);
  if (!p.measures.length) return <p>{t('measures.none')}</p>;
  return (
    <TableWrap label={t('measures.title')}>
    <table class="card">
      <caption>{t('measures.title')}</caption>
      <thead><tr><th scope="col">{t('measures.measure')}</th><th scope="col">{t('measures.first')}</th><th scope="col">{t('measures.latest')}</th><th scope="col">{t('measures.change')}</th></tr></thead>
      <tbody>
        {p.measures.map((m) => (
          <tr key={m.id + (m.side ?? '')}>
            <th scope="row">{defs.data?.find((d) => d.id === m.id)?.names[lang()] ?? m.name}{m.side ? ` (${m.side})` : ''}</th>
            <td class="num">{withUnit(num(m.baseline.value), m.unit)}</td>
            <td class="num">{withUnit(num(m.latest.value), m.unit)}</td>
            <td><span class="num">{m.change.percent !== null ? withUnit(num(m.change.percent), '%') : num(m.change.value)}</span> · {t(`change.${m.change.direction}` as never)}{m.change.meaningful ? ` · ${t('change.meaningful')}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableWrap>
  );
}

export function Progress() {
  const { data, error } = useLoad(async () => {
    let from = isoDate(new Date(Date.now() - 84 * 864e5));
    try {
      const plan = await api<Schemas['Plan']>('GET', '/plan');
      if (plan.start_date < isoDate()) from = plan.start_date;
    } catch { /* no plan yet */ }
    return api<ProgressData>('GET', `/progress?from=${from}&to=${isoDate()}`);
  });
  return (
    <Page title={t('progress.title')}>
      {data ? <><ProgressView p={data} /><MindProgress path="/cognitive" /></> : <Loading error={error} />}
    </Page>
  );
}

export function Measures() {
  const defs = useLoad(measures);
  const list = useLoad(() => api<Schemas['MeasureResultList']>('GET', '/measures'));
  const progress = useLoad(() => api<ProgressData>('GET', '/progress'));
  const [id, setId] = useState('');
  const [values, setValues] = useState(['', '']);
  const [side, setSide] = useState('left');
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState('');
  const choices = (defs.data ?? []).filter((d) => d.entry !== 'clinician');
  const def: MeasureDef | undefined = choices.find((d) => d.id === id);
  return (
    <Page title={t('measures.title')}>
      <form class="card" onSubmit={async (e) => {
        e.preventDefault();
        setErrors({});
        setSaved('');
        if (!def) {
          setErrors({ id: t('onb.required') });
          return;
        }
        const trials = values.slice(0, def.trials).filter((v) => v !== '').map(Number);
        if (!trials.length) {
          setErrors({ trials: t('onb.required') });
          return;
        }
        const body: Record<string, unknown> = { client_id: newClientId(), id: def.id, trials, date: isoDate() };
        if (def.per_side) body.side = side;
        try {
          await api('POST', '/measures', body);
          setSaved(t('measures.saved'));
          setValues(['', '']);
          list.reload();
          progress.reload();
        } catch (err) {
          const f = errorsOf(err, ['id', 'trials', 'side']);
          if (Object.keys(f).some((k) => k.startsWith('trials'))) f.trials = f[Object.keys(f)[0]];
          setErrors(f);
        }
      }}>
        <FormError errors={errors} />
        {saved && <p role="status" class="ok"><span aria-hidden="true">✓ </span>{saved}</p>}
        <Field id="id" label={t('measures.measure')} error={errors.id}>
          {(a) => (
            <select {...a} value={id} onChange={(e) => setId(e.currentTarget.value)}>
              <option value="">{t('measures.choose')}</option>
              {choices.map((d) => <option key={d.id} value={d.id}>{d.names[lang()] ?? d.names.en}</option>)}
            </select>
          )}
        </Field>
        {def?.id === 't25fw' && values.filter((v) => v !== '').length < def.trials && (
          <Stopwatch trial={values.findIndex((v) => v === '') + 1} done={(sec) => {
            const v = [...values];
            v[v.findIndex((x) => x === '')] = String(sec);
            setValues(v);
          }} />
        )}
        {def && Array.from({ length: def.trials }, (_, i) => (
          <Field key={i} id={`trial-${i}`} label={def.trials > 1 ? t('measures.trial_n', { n: i + 1, unit: def.unit }) : t('measures.value', { unit: def.unit })} error={i === 0 ? errors.trials : undefined}>
            {(a) => <input {...a} type="number" inputMode="decimal" min={def.min} max={def.max} step={def.step} value={values[i]}
              onInput={(e) => { const v = [...values]; v[i] = e.currentTarget.value; setValues(v); }} />}
          </Field>
        ))}
        {def?.per_side && (
          <Field id="side" label={t('measures.side')} error={errors.side}>
            {(a) => <select {...a} value={side} onChange={(e) => setSide(e.currentTarget.value)}>
              <option value="left">{t('measures.left')}</option><option value="right">{t('measures.right')}</option>
            </select>}
          </Field>
        )}
        <button class="primary">{t('measures.save')}</button>
      </form>
      {progress.data && list.data && progress.data.measures.length > 0 && (
        <>
          <h2>{t('measures.charts')}</h2>
          {progress.data.measures.map((m) => {
            const d = defs.data?.find((x) => x.id === m.id);
            return <MeasureChart key={m.id + (m.side ?? '')} m={m} name={d?.names[lang()] ?? m.name} def={d}
              results={(list.data?.results ?? []).filter((r) => r.id === m.id)} />;
          })}
        </>
      )}
      <h2>{t('measures.results')}</h2>
      {list.data ? (
        list.data.results.length ? (
          <TableWrap label={t('measures.results')}>
            <table class="card">
              <thead><tr><th scope="col">{t('measures.date')}</th><th scope="col">{t('measures.measure')}</th><th scope="col">{t('measures.result')}</th></tr></thead>
              <tbody>{list.data.results.map((r, i) => (
                <tr key={i}><td class="num">{r.date}</td><th scope="row">{defs.data?.find((d) => d.id === r.id)?.names[lang()] ?? r.id}{r.side ? ` (${r.side})` : ''}</th><td class="num">{withUnit(num(r.value, 2), defs.data?.find((d) => d.id === r.id)?.unit)}</td></tr>
              ))}</tbody>
            </table>
          </TableWrap>
        ) : <p>{t('measures.none')}</p>
      ) : <Loading error={list.error} />}
    </Page>
  );
}

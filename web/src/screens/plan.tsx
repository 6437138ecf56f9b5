// The plan: phases, warnings, and each week's sessions; every item says why and how.
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { t, type Key } from '../i18n';
import { dose, exerciseName, exercises, guidance, position, safety, type ExerciseInfo, type PlanItem } from '../data';
import { Loading, Page, useLoad } from '../ui';

type Evidence = Schemas['Plan']['evidence'];

export function ItemDetails({ item, info, evidence }: { item: PlanItem; info?: Record<string, ExerciseInfo>; evidence?: Evidence }) {
  const cues = info?.[item.exercise]?.cues ?? [];
  return (
    <>
      {cues.length > 0 && (
        <details>
          <summary>{t('plan.how')}</summary>
          <ul>{cues.map((c) => <li key={c}>{c}</li>)}</ul>
        </details>
      )}
      <details>
        <summary>{t('plan.why')}</summary>
        <p>{t('plan.rule')}: <code>{item.rule}</code></p>
        {item.substituted_for && (
          <p>{t('plan.substituted', { exercise: exerciseName({ exercise: item.substituted_for.exercise, name: item.substituted_for.exercise }, info), rule: item.substituted_for.rule })}</p>
        )}
        <ul class="sources">
          {item.evidence.map((id) => {
            const e = evidence?.[id];
            const href = e?.doi ? `https://doi.org/${e.doi}` : e?.pmid ? `https://pubmed.ncbi.nlm.nih.gov/${e.pmid}/` : undefined;
            return <li key={id}>{e ? (href ? <a href={href} rel="noopener" target="_blank">{e.citation}</a> : e.citation) : id}</li>;
          })}
        </ul>
      </details>
    </>
  );
}

export function PlanScreen() {
  const { data, error } = useLoad(async () => {
    const [plan, info] = await Promise.all([api<Schemas['Plan']>('GET', '/plan'), exercises()]);
    return { plan, info };
  });
  const [week, setWeek] = useState<number | null>(null);
  if (!data) return <Page title={t('plan.title')}><Loading error={error} /></Page>;
  const { plan, info } = data;
  const weeks = Math.max(1, ...plan.sessions.map((s) => s.week));
  const today = new Date().toISOString().slice(0, 10);
  const current = week ?? (plan.sessions.find((s) => s.date >= today)?.week ?? 1);
  const sessions = plan.sessions.filter((s) => s.week === current);
  const phase = plan.phases.find((p) => current >= p.start_week && current < p.start_week + p.weeks);
  return (
    <Page title={t('plan.title')}>
      <section class="card">
        <p>{t('plan.summary', { count: plan.weeks, start: plan.start_date })}</p>
        <p>{t('plan.tier')}: <strong>{t(`tier.${plan.tier}` as Key)}</strong></p>
        <h2>{t('plan.phases')}</h2>
        <ol class="phases">
          {plan.phases.map((p) => (
            <li key={p.start_week} class={p === phase ? 'current' : ''}>
              {t(`phase.${p.kind}` as Key)} — {p.weeks === 1
                ? t('plan.week_single', { n: p.start_week })
                : t('plan.weeks_range', { from: p.start_week, to: p.start_week + p.weeks - 1 })}
              {p === phase && <strong> ({t('plan.now')})</strong>}
            </li>
          ))}
        </ol>
      </section>
      {plan.warnings.length > 0 && (
        <section class="card notice">
          <h2>{t('plan.warnings')}</h2>
          <ul>{plan.warnings.map((w) => <li key={w.code}>{w.message}</li>)}</ul>
        </section>
      )}
      <section>
        <div class="weeknav">
          <button type="button" disabled={current <= 1} onClick={() => setWeek(current - 1)}>← {t('plan.prev_week')}</button>
          <h2 aria-live="polite">{t('plan.week', { n: current, total: weeks })}</h2>
          <button type="button" disabled={current >= weeks} onClick={() => setWeek(current + 1)}>{t('plan.next_week')} →</button>
        </div>
        {sessions.map((s) => (
          <details class="card session" key={s.date} open={sessions[0] === s}>
            <summary>
              <strong>{new Date(s.date + 'T12:00').toLocaleDateString(document.documentElement.lang, { weekday: 'long', day: 'numeric', month: 'short' })}</strong>
              {' · '}{t(`kind.${s.kind}` as Key)} · {t('dose.minutes', { minutes: s.minutes })}
            </summary>
            <p>{s.warmup_exercise
              ? t('plan.warmup', { minutes: s.warmup_minutes, exercise: exerciseName({ exercise: s.warmup_exercise, name: s.warmup_exercise }, info) })
              : t('plan.warmup_easy', { minutes: s.warmup_minutes })}</p>
            <ol class="items">
              {s.items.map((i: PlanItem, n) => (
                <li key={i.exercise + n}>
                  <strong>{exerciseName(i, info)}</strong>
                  <div class="dose">{[position(i), dose(i)].filter(Boolean).join(' · ')}</div>
                  {guidance(i).length > 0 && <div class="guide">{guidance(i).join(' ')}</div>}
                  {safety(i).map((w) => <div class="notice safety" key={w}><span aria-hidden="true">⚠ </span>{w}</div>)}
                  <ItemDetails item={i} info={info} evidence={plan.evidence} />
                </li>
              ))}
            </ol>
            {s.adjustments?.map((a) => <p class="notice" key={a.rule}>{a.message}</p>)}
          </details>
        ))}
      </section>
    </Page>
  );
}

// The plan: today's session to start, this week's sessions, the warnings (folded, with their
// count), then the phases; every item says how to do it and why, in plain words.
import { useEffect, useState } from 'preact/hooks';
import { api, isoDate, type Schemas } from '../api';
import { lang, t, type Key } from '../i18n';
import { dose, exerciseName, exercises, guidance, position, safety, type ExerciseInfo, type PlanItem } from '../data';
import { Link, Loading, Page, useLoad } from '../ui';
import { PlanMind } from './mind-card';

type Evidence = Schemas['Plan']['evidence'];
type Warning = Schemas['Plan']['warnings'][number];

// Why each rule is there, in the person's language (public/data/rules.<lang>.json, written by
// scripts/gen-data.mjs): fetched once per language.
const ruleTexts = new Map<string, Promise<Record<string, string>>>();
const ruleTextsLoaded = new Map<string, Record<string, string>>();
function loadRuleTexts(language: string): Promise<Record<string, string>> {
  let p = ruleTexts.get(language);
  if (!p) {
    p = typeof fetch === 'function'
      ? fetch(`/data/rules.${language}.json`).then((r) => (r.ok ? r.json() : {})).catch(() => ({}))
      : Promise.resolve({});
    p.then((m) => ruleTextsLoaded.set(language, m));
    ruleTexts.set(language, p);
  }
  return p;
}
function useRuleTexts(): Record<string, string> | undefined {
  const language = lang();
  const [texts, setTexts] = useState(() => ruleTextsLoaded.get(language));
  useEffect(() => {
    let live = true;
    loadRuleTexts(language).then((m) => live && setTexts(m));
    return () => {
      live = false;
    };
  }, [language]);
  return texts;
}

// A rule in words: its plain text, or a general line; never its id.
export function ruleText(rule: string, texts?: Record<string, string>): string {
  return texts?.[rule] || t('plan.why_general');
}

// An exercise in words when the catalogue has not said its name: never its id as it stands.
function nameOf(id: string, info?: Record<string, ExerciseInfo>): string {
  return info?.[id]?.name ?? id.replace(/_/g, ' ');
}

// "week 15" or "weeks 5–12", never "weeks 15–15"; a phase ends at the plan's end at the latest.
export function weeksText(from: number, count: number, last = Infinity): string {
  const to = Math.max(from, Math.min(from + count - 1, last));
  return to === from ? t('plan.week_single', { n: from }) : t('plan.weeks_range', { from, to });
}

// How to do it and why: two disclosures. The sources of the why are one tap further.
export function ItemDetails({ item, info, evidence }: { item: PlanItem; info?: Record<string, ExerciseInfo>; evidence?: Evidence }) {
  const texts = useRuleTexts();
  const cues = info?.[item.exercise]?.cues ?? [];
  const sources = item.evidence.map((id) => [id, evidence?.[id]] as const).filter(([, e]) => e);
  return (
    <>
      {cues.length > 0 && (
        <details class="disclosure">
          <summary>{t('plan.how')}</summary>
          <ul>{cues.map((c) => <li key={c}>{c}</li>)}</ul>
        </details>
      )}
      <details class="disclosure" data-testid="why">
        <summary>{t('plan.why')}</summary>
        <p>{ruleText(item.rule, texts)}</p>
        {item.substituted_for && (
          <p>{t('plan.instead_of', { exercise: nameOf(item.substituted_for.exercise, info) })} {ruleText(item.substituted_for.rule, texts)}</p>
        )}
        {sources.length > 0 && (
          <details class="disclosure">
            <summary>{t('plan.sources', { count: sources.length })}</summary>
            <ul class="sources">
              {sources.map(([id, e]) => {
                const href = e!.doi ? `https://doi.org/${e!.doi}` : e!.pmid ? `https://pubmed.ncbi.nlm.nih.gov/${e!.pmid}/` : undefined;
                return <li key={id}>{href ? <a href={href} rel="noopener" target="_blank">{e!.citation}</a> : e!.citation}</li>;
              })}
            </ul>
          </details>
        )}
      </details>
    </>
  );
}

// Warnings that stay open: the plan waits, or a specialist should set it.
const CRITICAL = new Set(['recent_relapse', 'specialist_plan_required']);
export function critical(w: Warning): boolean {
  return CRITICAL.has(w.code.replace(/^warning\./, ''));
}

function Warnings({ warnings }: { warnings: Warning[] }) {
  const open = warnings.filter(critical);
  const folded = warnings.filter((w) => !critical(w));
  return (
    <>
      {open.length > 0 && (
        <section class="card notice" aria-labelledby="warnings-critical">
          <h2 id="warnings-critical"><span aria-hidden="true">⚠ </span>{t('plan.warnings')}</h2>
          <ul>{open.map((w) => <li key={w.code}>{w.message}</li>)}</ul>
        </section>
      )}
      {folded.length > 0 && (
        <details class="card notice disclosure warnings" data-testid="plan-warnings">
          <summary>{t(open.length ? 'plan.warnings_more' : 'plan.warnings_count', { count: folded.length })}</summary>
          <ul>{folded.map((w) => <li key={w.code}>{w.message}</li>)}</ul>
        </details>
      )}
    </>
  );
}

export function PlanScreen() {
  const { data, error } = useLoad(async () => {
    const [plan, info] = await Promise.all([api<Schemas['Plan']>('GET', '/plan'), exercises(), loadRuleTexts(lang())]);
    return { plan, info };
  });
  const [week, setWeek] = useState<number | null>(null);
  if (!data) return <Page title={t('plan.title')}><Loading error={error} /></Page>;
  const { plan, info } = data;
  const weeks = Math.max(1, ...plan.sessions.map((s) => s.week));
  const today = isoDate();
  const current = week ?? (plan.sessions.find((s) => s.date >= today)?.week ?? 1);
  const sessions = plan.sessions.filter((s) => s.week === current);
  const phase = plan.phases.find((p) => current >= p.start_week && current < p.start_week + p.weeks);
  const trainsToday = plan.sessions.some((s) => s.date === today);
  return (
    <Page title={t('plan.title')}>
      {trainsToday && (
        <p class="start-today"><Link class="button primary" href="/today">{t('plan.start_today')}</Link></p>
      )}
      <section aria-labelledby="plan-week" data-testid="plan-week">
        <div class="weeknav">
          <h2 id="plan-week" aria-live="polite">{t('plan.week', { n: current, total: weeks })}</h2>
          <button type="button" disabled={current <= 1} onClick={() => setWeek(current - 1)}>
            <span aria-hidden="true">←</span>{t('plan.prev_week')}
          </button>
          <button type="button" disabled={current >= weeks} onClick={() => setWeek(current + 1)}>
            {t('plan.next_week')}<span aria-hidden="true">→</span>
          </button>
        </div>
        {sessions.map((s) => (
          <details class="card session disclosure" key={s.date} open={sessions[0] === s}>
            <summary>
              <span>
                <strong>{new Date(s.date + 'T12:00').toLocaleDateString(document.documentElement.lang, { weekday: 'long', day: 'numeric', month: 'short' })}</strong>
                {s.date === today && <> <span class="today-mark">({t('plan.today')})</span></>}
                {' · '}{t(`kind.${s.kind}` as Key)} · <span class="nowrap">{t('dose.minutes', { minutes: s.minutes })}</span>
              </span>
            </summary>
            <p>{s.warmup_exercise
              ? t('plan.warmup', { minutes: s.warmup_minutes, exercise: exerciseName({ exercise: s.warmup_exercise, name: nameOf(s.warmup_exercise, info) }, info) })
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
            {s.adjustments?.map((a) => <p class="notice" key={a.rule + a.message}>{a.message}</p>)}
          </details>
        ))}
        <PlanMind plan={plan} week={current} today={today} />
      </section>
      <Warnings warnings={plan.warnings} />
      <section class="card" aria-labelledby="plan-phases">
        <p>{t('plan.summary', { count: plan.weeks, start: plan.start_date })}</p>
        <p>{t('plan.tier')}: <strong>{t(`tier.${plan.tier}` as Key)}</strong></p>
        <h2 id="plan-phases">{t('plan.phases')}</h2>
        <ol class="phases">
          {plan.phases.map((p) => (
            <li key={p.start_week} class={p === phase ? 'current' : ''}>
              {t(`phase.${p.kind}` as Key)} — {weeksText(p.start_week, p.weeks, plan.weeks)}
              {p === phase && <strong> ({t('plan.now')})</strong>}
            </li>
          ))}
        </ol>
      </section>
    </Page>
  );
}

// Mind training on other screens: the card on Today, today's mind training in words, and the
// plan's mind training sessions of a week. Small, since Today loads it first.
import { api } from '../api';
import { t, type Key } from '../i18n';
import { canStart } from '../cognitive/flow';
import type { MindToday, PlanMindSession, Task } from '../cognitive/types';
import { Link, useLoad } from '../ui';

export function taskName(task: Task): string {
  return t(`mind.task.${task}` as Key);
}

export function dayText(date: string, weekday: 'long' | 'short' = 'long'): string {
  return new Date(date + 'T12:00').toLocaleDateString(document.documentElement.lang, { weekday, day: 'numeric', month: weekday === 'long' ? 'long' : 'short' });
}

// Today's mind training from the answer of GET /sessions/today (absent from a session kept on
// this device by an older version of the app).
export function mindOf(today: unknown): MindToday | undefined {
  return (today as { cognitive?: MindToday } | null)?.cognitive ?? undefined;
}

// Today's mind training: asked of the server, else (offline) the session kept by Today. Null
// without a plan or from a server without mind training.
export async function loadMindToday(account: number, date: string): Promise<MindToday | null> {
  try {
    return mindOf(await api('GET', `/sessions/today?date=${date}`)) ?? null;
  } catch (e) {
    if ((e as { status?: number } | null)?.status === 404) return null;
    if ((e as { status?: number } | null)?.status) throw e;
    const kept = JSON.parse(localStorage.getItem(`msfit.today.${account}`) ?? 'null');
    if (kept?.date === date) return mindOf(kept.today) ?? null;
    throw e;
  }
}

// The status, minutes, tasks and reasons of today's mind training, in words.
export function MindSummary({ mind }: { mind: MindToday }) {
  const start = canStart(mind.status);
  return (
    <>
      <p data-testid="mind-status">
        <strong>{t(`mind.status.${mind.status}` as Key)}</strong>
        {start && <> · <span class="nb">{t('dose.minutes', { minutes: mind.minutes })}</span></>}
      </p>
      {start && mind.tasks.length > 0 && <p>{mind.tasks.map((x) => taskName(x.task)).join(', ')}</p>}
      {mind.reasons.length > 0 && <ul>{mind.reasons.map((r) => <li key={r.rule + r.message}>{r.message}</li>)}</ul>}
      {start && mind.paired && <p>{t('mind.paired', { name: mind.paired.name })}</p>}
      {!start && mind.next && <p>{t('mind.next', { date: dayText(mind.next) })}</p>}
    </>
  );
}

// The card on Today: a session to start, or why there is none today. Paused, stopped and moved
// days offer nothing to start.
export function MindCard({ account, date, lang }: { account: number; date: string; lang: string }) {
  const { data } = useLoad(() => loadMindToday(account, date), [lang]);
  if (!data) return null;
  const start = canStart(data.status);
  const offer = start || data.status === 'rest';
  return (
    <section class="card" aria-labelledby="mind-card-title" data-testid="mind-card">
      <h2 id="mind-card-title">{t('mind.title')}</h2>
      <MindSummary mind={data} />
      {offer && <p><Link class={'button' + (start ? ' primary' : '')} href="/mind">{t(start ? 'mind.open' : 'mind.practise_open')}</Link></p>}
    </section>
  );
}

// The plan's mind training sessions of one week, beside the exercise sessions.
export function PlanMind({ plan, week, today }: { plan: { cognitive?: PlanMindSession[] }; week: number; today: string }) {
  const list = (plan.cognitive ?? []).filter((c) => c.week === week);
  if (!list.length) return null;
  return (
    <section class="card" aria-labelledby="plan-mind" data-testid="plan-mind">
      <h2 id="plan-mind">{t('mind.plan_title')}</h2>
      <ul class="log">
        {list.map((c) => (
          <li key={c.date}>
            <strong>{dayText(c.date, 'short')}</strong>
            {c.date === today && <> <span class="today-mark">({t('plan.today')})</span></>}
            {' · '}<span class="nb">{t('dose.minutes', { minutes: c.minutes })}</span>{' · '}{c.tasks.map(taskName).join(', ')}
          </li>
        ))}
      </ul>
    </section>
  );
}

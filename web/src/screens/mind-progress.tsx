// Mind training on the progress screens (the person's and the clinician's view of a patient):
// the server's note on what the scores mean, the minutes done against the plan per week, and
// per exercise the level reached block by block, drawn and as a table.
import { ApiError, api, isoDate } from '../api';
import { num, t } from '../i18n';
import { TASKS, MAX_LEVEL } from '../cognitive/staircase';
import type { MindHistory, StoredBlock, Task } from '../cognitive/types';
import { TableWrap, useLoad } from '../ui';
import { taskName } from './mind-card';

// `path`: '/cognitive' for the person, '/patients/{id}/cognitive' for a clinician.
export function MindProgress({ path }: { path: string }) {
  const { data } = useLoad(() => {
    const to = isoDate();
    const from = isoDate(new Date(Date.now() - 84 * 864e5));
    return api<MindHistory>('GET', `${path}?from=${from}&to=${to}`).catch((e) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    });
  }, [path]);
  if (!data) return null;
  const tasks = TASKS.filter((task) => data.blocks.some((b) => b.task === task));
  const ratings = data.ratings.slice(-5);
  return (
    <section class="card" aria-labelledby="mind-progress-title" data-testid="mind-progress">
      <h2 id="mind-progress-title">{t('mind.title')}</h2>
      <p class="notice" data-testid="mind-note">{data.note}</p>
      {data.weeks.length > 0 && (
        <TableWrap label={t('mind.weeks')}>
          <table data-testid="mind-weeks">
            <caption>{t('mind.weeks')}</caption>
            <thead><tr><th scope="col">{t('progress.week')}</th><th scope="col">{t('mind.minutes_done')}</th><th scope="col">{t('mind.minutes_planned')}</th></tr></thead>
            <tbody>
              {data.weeks.map((w) => (
                <tr key={w.start}><th scope="row" class="num">{w.week} <span class="hint">({w.start})</span></th><td class="num">{w.done_minutes}</td><td class="num">{w.planned_minutes}</td></tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {tasks.length ? tasks.map((task) => <Levels key={task} task={task} blocks={data.blocks.filter((b) => b.task === task)} />)
        : <p>{t('mind.none')}</p>}
      {ratings.length > 0 && (
        <p>{t('mind.ratings', { list: ratings.map((r) => `${r.rating} (${r.date})`).join(', ') })}</p>
      )}
    </section>
  );
}

// The level reached in each block of one exercise, oldest first: a small line drawing with its
// words, and the table.
function Levels({ task, blocks }: { task: Task; blocks: StoredBlock[] }) {
  const list = [...blocks].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const top = Math.min(MAX_LEVEL[task], Math.max(...list.map((b) => b.highest_level)) + 1);
  const W = 320, H = 110, L = 28, R = 8, T = 8, B = 20;
  const x = (i: number) => L + (list.length > 1 ? (i * (W - L - R)) / (list.length - 1) : (W - L - R) / 2);
  const y = (level: number) => T + ((top - level) * (H - T - B)) / Math.max(1, top - 1);
  const first = list[0], last = list[list.length - 1];
  const day = (date: string) => new Date(date + 'T12:00').toLocaleDateString(document.documentElement.lang, { day: 'numeric', month: 'short' });
  const label = list.length > 1
    ? t('mind.levels_text', { task: taskName(task), first: first.end_level, from: day(first.date), last: last.end_level, to: day(last.date) })
    : t('mind.levels_one', { task: taskName(task), first: first.end_level, from: day(first.date) });
  return (
    <figure class="chart" data-testid={`mind-levels-${task}`}>
      <figcaption>{t('mind.levels', { task: taskName(task) })}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} class="mchart">
        <text x={L - 4} y={y(top) + 4} class="axis" text-anchor="end">{top}</text>
        <text x={L - 4} y={y(1) + 4} class="axis" text-anchor="end">1</text>
        <line x1={L} x2={W - R} y1={y(1)} y2={y(1)} class="baseline" />
        <text x={L} y={H - 4} class="axis">{day(first.date)}</text>
        {list.length > 1 && <text x={W - R} y={H - 4} class="axis" text-anchor="end">{day(last.date)}</text>}
        <polyline points={list.map((b, i) => `${x(i)},${y(b.end_level)}`).join(' ')} class="line" />
        {list.map((b, i) => <circle key={b.client_id} cx={x(i)} cy={y(b.end_level)} r="4" class="dot" />)}
      </svg>
      <p>{label}</p>
      <details>
        <summary>{t('progress.table')}</summary>
        <TableWrap label={t('mind.levels', { task: taskName(task) })}>
          <table>
            <thead><tr>
              <th scope="col">{t('measures.date')}</th><th scope="col">{t('mind.col_right')}</th>
              <th scope="col">{t('mind.col_start')}</th><th scope="col">{t('mind.col_end')}</th><th scope="col">{t('mind.col_minutes')}</th>
            </tr></thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.client_id}>
                  <th scope="row" class="num">{b.date}</th>
                  <td class="num">{b.right}/{b.answers} ({num(b.accuracy * 100, 0)}&nbsp;%)</td>
                  <td class="num">{b.start_level}</td><td class="num">{b.end_level}</td><td class="num">{b.minutes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}

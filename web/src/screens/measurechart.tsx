// A measure's results over time with the band of no meaningful change around the first result
// shaded, and the verdict said in words (not by colour alone).
import { num, t } from '../i18n';
import { changeBand } from '../units';
import type { Schemas } from '../api';
import type { MeasureDef } from '../data';

type Result = Schemas['MeasureResult'];
type Measure = Schemas['MeasureProgress'];

export function MeasureChart({ m, results, name, def }: { m: Measure; results: Result[]; name: string; def?: MeasureDef }) {
  const pts = results.filter((r) => (r.side ?? null) === (m.side ?? null)).sort((a, b) => (a.date < b.date ? -1 : 1));
  // The catalogue's thresholds for better and worse; the one the server applied otherwise.
  const kind = def?.change_kind ?? 'none';
  const given = m.change.threshold ?? null;
  const improve = def?.change_improve ?? given, worsen = def?.change_worsen ?? given;
  const [below, above] = def?.higher_is_better ? [worsen, improve] : [improve, worsen];
  const threshold = below ?? above;
  const band = threshold !== null && (kind === 'percent' || kind === 'points')
    ? changeBand(m.baseline.value, below ?? Infinity, kind, above ?? Infinity) : null;
  if (band && !isFinite(band[0])) band[0] = Math.min(m.baseline.value, ...pts.map((p) => p.value));
  if (band && !isFinite(band[1])) band[1] = Math.max(m.baseline.value, ...pts.map((p) => p.value));
  const values = [...pts.map((p) => p.value), ...(band ?? [])];
  let lo = Math.min(...values), hi = Math.max(...values);
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.1;
  lo -= pad; hi += pad;
  const W = 320, H = 150, L = 44, R = 8, T = 8, B = 22;
  const x = (i: number) => L + (pts.length > 1 ? (i * (W - L - R)) / (pts.length - 1) : (W - L - R) / 2);
  const y = (v: number) => T + ((hi - v) * (H - T - B)) / (hi - lo);
  const unit = m.unit;
  const bandText = band && t(kind === 'percent' ? 'measures.band_percent' : 'measures.band_points', {
    low: num(band[0]), high: num(band[1]), unit, threshold: below !== null && above !== null && below !== above ? `${num(below)}/${num(above)}` : num(threshold!),
  });
  const verdict = !band ? t('measures.no_threshold')
    : m.change.meaningful ? t('measures.verdict_meaningful', { value: num(m.latest.value), unit, direction: t(`change.${m.change.direction}` as never) })
    : t('measures.verdict_within', { value: num(m.latest.value), unit });
  return (
    <figure class="chart card" data-testid={`measure-chart-${m.id}`}>
      <figcaption>{name}{m.side ? ` (${m.side})` : ''}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${name}: ${bandText ?? ''} ${verdict}`} class="mchart">
        <defs>
          <pattern id={`hatch-${m.id}${m.side ?? ''}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" class="hatch" />
          </pattern>
        </defs>
        {band && (
          <g data-testid="band">
            <rect x={L} y={y(band[1])} width={W - L - R} height={Math.max(1, y(band[0]) - y(band[1]))} class="band" />
            <rect x={L} y={y(band[1])} width={W - L - R} height={Math.max(1, y(band[0]) - y(band[1]))} fill={`url(#hatch-${m.id}${m.side ?? ''})`} />
          </g>
        )}
        <line x1={L} x2={W - R} y1={y(m.baseline.value)} y2={y(m.baseline.value)} class="baseline" />
        <text x={L - 4} y={y(hi - pad) + 4} class="axis" text-anchor="end">{num(hi - pad)}</text>
        <text x={L - 4} y={y(lo + pad) + 4} class="axis" text-anchor="end">{num(lo + pad)}</text>
        <text x={L} y={H - 6} class="axis">{pts[0]?.date ?? ''}</text>
        <text x={W - R} y={H - 6} class="axis" text-anchor="end">{pts.length > 1 ? pts[pts.length - 1].date : ''}</text>
        <polyline points={pts.map((p, i) => `${x(i)},${y(p.value)}`).join(' ')} class="line" />
        {pts.map((p, i) => <circle key={i} cx={x(i)} cy={y(p.value)} r="4" class="dot" />)}
      </svg>
      {bandText && <p>{bandText}</p>}
      <p data-testid="verdict"><strong>{verdict}</strong></p>
    </figure>
  );
}

// Line charts with uPlot, loaded only when a chart is shown. Series differ by dash pattern and
// marker as well as colour.
import type uPlot from 'uplot';

export type Series = { label: string; values: (number | null)[]; dash?: number[]; color: string; points?: boolean };

export async function drawChart(el: HTMLElement, xLabels: string[], series: Series[], yLabel: string, xLabel = '') {
  const [{ default: uPlot }] = await Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]);
  el.innerHTML = '';
  const width = Math.max(280, Math.min(el.clientWidth || 600, 900));
  const xs = xLabels.map((_, i) => i + 1);
  return new uPlot(
    {
      width,
      height: 240,
      scales: { x: { time: false } },
      axes: [
        { values: (_u: unknown, ticks: number[]) => ticks.map((v) => xLabels[v - 1] ?? ''), stroke: 'currentColor', grid: { stroke: '#ccc' } },
        { label: yLabel, stroke: 'currentColor', grid: { stroke: '#ccc' } },
      ],
      series: [
        { label: xLabel, value: (_u: unknown, v: number) => xLabels[v - 1] ?? '' },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 3,
          dash: s.dash,
          points: { show: s.points ?? true, size: 8 },
        })),
      ],
      // The legend is the page's (progress.tsx), so that the drawing's height is known before.
      legend: { show: false },
      cursor: { show: true },
    },
    [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
    el,
  );
}

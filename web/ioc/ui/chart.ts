import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from '../core/history.js';

// The chart library (uPlot) behind one function; the caller destroys what it creates.
export interface Chart {
  destroy(): void;
}

export function drawChart(host: HTMLElement, series: Series, label: string, colour: string): Chart {
  const width = Math.max(280, host.clientWidth || 360);
  const plot = new uPlot(
    {
      width,
      height: 200,
      series: [{}, { label, stroke: colour, width: 2, points: { show: series.t.length < 60 } }],
      axes: [{}, { size: 60 }],
      legend: { show: true },
    },
    [series.t, series.v],
    host,
  );
  return { destroy: () => plot.destroy() };
}

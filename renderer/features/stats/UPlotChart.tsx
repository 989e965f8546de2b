import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatChartValue, type ChartModel } from './stats-charts';

/** The system colour scheme, following changes (the charts read their colours again when it flips). */
function useColorScheme(): 'light' | 'dark' {
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (query === null) return undefined;
    const changed = (event: MediaQueryListEvent) => setDark(event.matches);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, [query]);
  return dark ? 'dark' : 'light';
}

function options(model: ChartModel, element: HTMLElement, width: number, height: number): uPlot.Options {
  const css = getComputedStyle(element);
  const color = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const axis = color('--muted', '#5d6675');
  const grid = color('--chart-grid', 'rgba(128, 128, 128, 0.2)');
  const format = (value: number | null) => formatChartValue(value, model.unit);
  return {
    width,
    height,
    cursor: { drag: { x: false, y: false } },
    legend: { show: true },
    scales: {
      x: { time: true },
      // Percent is always 0–100; sizes and rates start at zero and grow with the data.
      y: model.unit === 'percent' ? { range: [0, 100] } : { range: (_u, _min, max) => [0, Math.max(max * 1.1, model.unit === 'bytes' ? 1024 : 1)] },
    },
    axes: [
      { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } },
      { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, size: 72, values: (_u, splits) => splits.map((value) => format(value)) },
    ],
    series: [
      { value: (_u, value) => (value === null ? '–' : new Date(value * 1000).toLocaleTimeString()) },
      ...model.series.map((series) => ({
        label: series.label,
        stroke: color(series.colorVar, '#2f62c9'),
        width: 1.5,
        spanGaps: false,
        points: { show: false },
        value: (_u: uPlot, value: number | null) => format(value),
        ...(series.dashed ? { dash: [5, 3] } : {}),
      })),
    ],
  };
}

let canvasWorks: boolean | undefined;

/** Whether this page can draw on a canvas (a hardened browser, or a DOM without one, gives no 2D context). */
function canDraw(): boolean {
  canvasWorks ??= document.createElement('canvas').getContext('2d') !== null;
  return canvasWorks;
}

function dataOf(model: ChartModel): uPlot.AlignedData {
  return [model.xs as number[], ...model.series.map((series) => series.values as (number | null)[])];
}

/** One uPlot chart of a {@link ChartModel}: its width follows its container, its colours the theme. */
export function UPlotChart(props: { readonly model: ChartModel; readonly height?: number }) {
  const { model } = props;
  const height = props.height ?? 150;
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const scheme = useColorScheme();
  // A new chart when its lines change (a disk appears) or the theme flips; new data alone only updates it.
  const shape = `${model.unit}|${model.series.map((series) => `${series.label}:${series.dashed}`).join('|')}|${scheme}`;
  const latest = useRef(model);
  latest.current = model;

  useEffect(() => {
    const element = container.current;
    if (element === null || latest.current.series.length === 0 || !canDraw()) return undefined;
    const width = Math.max(element.clientWidth, 200);
    const plot = new uPlot(options(latest.current, element, width, height), dataOf(latest.current), element);
    chart.current = plot;
    const resized = typeof ResizeObserver === 'function' ? new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 200), height })) : null;
    resized?.observe(element);
    return () => {
      resized?.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [shape, height]);

  useEffect(() => {
    chart.current?.setData(dataOf(model));
  }, [model]);

  if (!canDraw()) return <p className="muted stats-empty">This page cannot draw graphs (no canvas); the figures above are live.</p>;
  return <div className="stats-chart-canvas" ref={container} />;
}

import type { Chart, Plugin } from 'chart.js';
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { ChartOverlay } from '../lib/chart-overlay';
import { backgroundPlugin } from '../lib/chart-theme';
import { cancelPaint, schedulePaint } from '../lib/frames';
import type { Point } from '../lib/path-painter';

/** Both charts are scatter charts of points in data coordinates. */
export type ScatterChart = Chart<'scatter', Point[]>;

/**
 * What both charts share: a Chart.js chart for the axes, legend and anything slow to draw, a
 * transparent overlay canvas over it for what changes every frame (paths, the playhead, the
 * pointer), one place in the window's shared frame, and PNG export of the two together.
 */
export function useOverlayChart(options: {
  /** Makes the chart on its canvas, with the plugins given (the background, the overlay's). */
  create: (canvas: HTMLCanvasElement, plugins: Plugin<'scatter', Point[]>[]) => ScatterChart;
  /** Paints the overlay, in the chart's data coordinates, clipped to the plot. */
  paint: (ctx: CanvasRenderingContext2D, chart: Chart) => void;
}): {
  canvas: Ref<HTMLCanvasElement | null>;
  overlayCanvas: Ref<HTMLCanvasElement | null>;
  chart: () => ScatterChart | undefined;
  paintOverlay: () => void;
  inFrame: (work: () => void) => void;
  toPng: (png?: { scale?: number; caption?: readonly string[] }) => string | undefined;
} {
  const canvas = ref<HTMLCanvasElement | null>(null);
  const overlayCanvas = ref<HTMLCanvasElement | null>(null);
  let chart: ScatterChart | undefined;
  let overlay: ChartOverlay | undefined;
  /** This chart's place in the shared frame (lib/frames.ts). */
  const painter = {};

  function paintOverlay(): void {
    if (!chart || !overlay) return;
    const target: Chart = chart;
    overlay.paint(target, (ctx) => options.paint(ctx, target));
  }
  /** The overlay follows every render of the chart (updates, resizes, zooms). */
  const follows: Plugin<'scatter', Point[]> = { id: 'overlayFollows', afterRender: () => paintOverlay() };

  onMounted(() => {
    if (!canvas.value || !overlayCanvas.value) return;
    overlay = new ChartOverlay(overlayCanvas.value);
    chart = options.create(canvas.value, [backgroundPlugin, follows]);
  });
  onBeforeUnmount(() => {
    cancelPaint(painter);
    chart?.destroy();
    chart = undefined;
  });

  return {
    canvas,
    overlayCanvas,
    chart: () => chart,
    paintOverlay,
    /** Runs `work` in the shared frame; a later request replaces one not yet run. */
    inFrame: (work) => schedulePaint(painter, work),
    toPng: (png = {}) => (chart && overlay ? overlay.composite(chart, png) : undefined),
  };
}

import { Chart } from 'chart.js';
import { onBeforeUnmount, ref, type Ref } from 'vue';

/** Colours the charts draw with, per theme (the page's own colours come from CSS variables). */
export interface ChartColors {
  readonly text: string;
  readonly grid: string;
  readonly background: string;
  /** Lines drawn over the contour fill: band edges, the pointer's arrow. */
  readonly overlay: string;
}

const LIGHT: ChartColors = { text: '#1c1e21', grid: 'rgba(0, 0, 0, 0.1)', background: '#ffffff', overlay: '#ffffff' };
const DARK: ChartColors = {
  text: '#e6e8eb',
  grid: 'rgba(255, 255, 255, 0.12)',
  background: '#1f2227',
  overlay: '#ffffff',
};

const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;

export function chartColors(): ChartColors {
  return query?.matches ? DARK : LIGHT;
}

function applyDefaults(): void {
  const colors = chartColors();
  Chart.defaults.color = colors.text;
  Chart.defaults.borderColor = colors.grid;
}
applyDefaults();

/**
 * The OS theme as charts need it: a counter that changes when the theme does, after Chart.js's
 * defaults are switched, so a chart that watches it re-renders in the new colours.
 */
export function useChartTheme(): Ref<number> {
  const version = ref(0);
  const listener = (): void => {
    applyDefaults();
    version.value++;
  };
  query?.addEventListener('change', listener);
  onBeforeUnmount(() => query?.removeEventListener('change', listener));
  return version;
}

/** Paints the canvas background first, so an exported PNG is not transparent. */
export const backgroundPlugin = {
  id: 'canvasBackground',
  beforeDraw(chart: Chart): void {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = chartColors().background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

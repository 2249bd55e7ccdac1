import type { ChartDataset } from 'chart.js';
import { rampColor } from './contours';
import type { Point } from './path-painter';

/** A dataset with no data exists for the legend only: its drawing is the overlay's. */
export type LegendDataset = ChartDataset<'scatter', Point[]> & { legendOnly?: boolean };

export interface ContourLegendInput {
  /** f against x, for a function of one variable (else empty). */
  readonly curve: readonly Point[];
  readonly selected: { readonly label: string; readonly color: string };
  readonly overlays: readonly { readonly label: string; readonly color: string }[];
  /** Whether the selected run has a path drawn (its entries stand for it). */
  readonly hasPath: boolean;
  /** Whether the form's start point is marked (no path yet). */
  readonly startMarked: boolean;
  /** Known minima, drawn by the chart itself as stars. */
  readonly minima: readonly Point[];
  readonly words: { readonly start: string; readonly minimum: string; readonly current: string };
}

/**
 * The contour chart's datasets: the curve of a one-variable function and the known minima are
 * Chart.js's to draw; the runs, the start and the current point are painted on the overlay and
 * have datasets only for their legend entries.
 */
export function contourDatasets(input: ContourLegendInput): LegendDataset[] {
  const { hasPath } = input;
  const curve: LegendDataset[] =
    input.curve.length > 0
      ? [
          {
            label: 'f',
            data: [...input.curve],
            showLine: true,
            borderColor: rampColor(0.35),
            backgroundColor: rampColor(0.35),
            borderWidth: 2,
            pointRadius: 0,
          },
        ]
      : [];
  const entry = (label: string, shown: boolean, style: Partial<LegendDataset>): LegendDataset => ({
    label,
    data: [],
    legendOnly: shown,
    ...style,
  });
  return [
    ...curve,
    ...input.overlays.map((run) => entry(run.label, true, { borderColor: run.color, backgroundColor: run.color })),
    entry(input.selected.label, hasPath, { borderColor: input.selected.color, backgroundColor: input.selected.color }),
    entry(input.words.start, hasPath || input.startMarked, {
      pointStyle: 'circle',
      backgroundColor: '#ffffff',
      borderColor: input.selected.color,
      borderWidth: 2,
    }),
    {
      label: input.words.minimum,
      data: input.minima.map((m) => ({ x: m.x, y: m.y })),
      pointRadius: 9,
      pointStyle: 'star',
      // Bright enough to stand out on the darkest band and on the legend's background alike.
      borderColor: '#ff2d95',
      backgroundColor: '#ff2d95',
      borderWidth: 3,
    },
    entry(input.words.current, hasPath, {
      pointStyle: 'rectRot',
      borderColor: '#111111',
      backgroundColor: '#ffd400',
      borderWidth: 2,
    }),
  ];
}

/** Only what is on the chart has a legend entry: no "Known minimum" for a function without one. */
export function inLegend(dataset: LegendDataset | undefined): boolean {
  return Boolean(dataset?.legendOnly) || (dataset?.data.length ?? 0) > 0;
}

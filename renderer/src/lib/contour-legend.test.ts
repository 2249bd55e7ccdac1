import { describe, expect, it } from 'vitest';
import { contourDatasets, inLegend, type ContourLegendInput } from './contour-legend';

const base: ContourLegendInput = {
  curve: [],
  selected: { label: 'Run 1 · sgd', color: '#1f77b4' },
  overlays: [],
  hasPath: false,
  startMarked: false,
  minima: [],
  words: { start: 'Start', minimum: 'Known minimum', current: 'Current point' },
};

const legend = (input: ContourLegendInput): (string | undefined)[] =>
  contourDatasets(input)
    .filter(inLegend)
    .map((dataset) => dataset.label);

describe('the contour chart’s legend', () => {
  it('names only what is on the chart', () => {
    expect(legend(base)).toEqual([]);
    expect(legend({ ...base, startMarked: true })).toEqual(['Start']);
    expect(legend({ ...base, minima: [{ x: 1, y: 1 }] })).toEqual(['Known minimum']);
    expect(legend({ ...base, hasPath: true })).toEqual(['Run 1 · sgd', 'Start', 'Current point']);
  });

  it('gives each compared run its entry in its colour, and the curve of a one-variable function first', () => {
    const datasets = contourDatasets({
      ...base,
      hasPath: true,
      curve: [
        { x: 0, y: 1 },
        { x: 1, y: 0 },
      ],
      overlays: [{ label: 'Run 2 · adam', color: '#ff7f0e' }],
    });
    expect(datasets.filter(inLegend).map((d) => d.label)).toEqual([
      'f',
      'Run 2 · adam',
      'Run 1 · sgd',
      'Start',
      'Current point',
    ]);
    expect(datasets[1]).toMatchObject({ borderColor: '#ff7f0e', data: [] });
    // Runs and markers are the overlay's to paint: their datasets hold no points.
    expect(datasets.filter((d) => d.label !== 'f').every((d) => d.data.length === 0)).toBe(true);
  });
});

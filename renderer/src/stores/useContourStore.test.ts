import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GridRequest } from '@shared/engine/grid';
import { ContourClient } from '../lib/contour-client';
import { useContourStore } from './useContourStore';
import { useExperimentStore } from './useExperimentStore';

/** What the store last asked the contour workers for (they answer in place here: no Web Workers). */
let lastRequest: () => GridRequest | undefined;

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
  const compute = vi.spyOn(ContourClient.prototype, 'compute');
  lastRequest = () => compute.mock.calls.at(-1)?.[0];
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the contour store', () => {
  it('plots a chosen pair of axes and holds the other variables at the start point (a slice)', async () => {
    const experiment = useExperimentStore();
    const contour = useContourStore();
    experiment.expression = 'x^2 + 2*y^2 + 3*z^2';
    await vi.advanceTimersByTimeAsync(200);
    experiment.start = { x: '-3', y: '4', z: '1.5' };
    contour.setAxes([0, 2]);
    await vi.advanceTimersByTimeAsync(200);
    expect(contour.sliceHeld).toEqual([{ name: 'y', index: 1, value: 4 }]);
    const last = lastRequest();
    expect(last?.axes).toEqual([0, 2]);
    expect(last?.point).toEqual([-3, 4, 1.5]);
    expect(last?.resolution).toBe(256);
    // The grid is the slice's: f(x, 4, z) = x² + 32 + 3z², sampled and contoured (in place here,
    // by a module loaded on first use).
    await vi.waitFor(() => expect(contour.grid?.values[0]).toBeCloseTo(25 + 32 + 3 * 25, 9));
    expect(contour.contours?.isolines.length).toBeGreaterThan(10);
    expect(contour.contours?.raster?.size).toBe(512);

    // f and its gradient along the plotted axes at the pointer: ∂f/∂x = 2x, ∂f/∂z = 6z.
    const probe = contour.probe(1, 2);
    expect(probe?.value).toBe(1 + 2 * 16 + 3 * 4);
    expect(probe?.gradient).toEqual([2, 12]);
  });

  it('forgets a zoomed view when the function changes', async () => {
    const experiment = useExperimentStore();
    const contour = useContourStore();
    await vi.advanceTimersByTimeAsync(200);
    contour.setView({ x: [-1, 1], y: [-1, 1] });
    await vi.advanceTimersByTimeAsync(10);
    expect(lastRequest()?.bounds.x).toEqual([-1, 1]);
    experiment.expression = 'x^2 + 3*y^2';
    await vi.advanceTimersByTimeAsync(400);
    expect(contour.view).toBeUndefined();
    expect(lastRequest()?.bounds.x).toEqual([-5, 5]);
  });
});

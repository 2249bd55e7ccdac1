import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DescentApi, GridRequest } from '@shared/ipc/contract';
import { setHostApi } from '../api/client';
import { useContourStore } from './useContourStore';
import { useExperimentStore } from './useExperimentStore';

const requests: GridRequest[] = [];

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
  requests.length = 0;
  setHostApi({
    evaluateGrid: async (request: GridRequest) => {
      requests.push(request);
      const n = request.resolution;
      return { ok: true, value: { values: new Float64Array(n * n).fill(1), resolution: n, min: 1, max: 1 } };
    },
  } as unknown as DescentApi);
});
afterEach(() => {
  vi.useRealTimers();
  setHostApi(undefined);
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
    const last = requests.at(-1);
    expect(last?.axes).toEqual([0, 2]);
    expect(last?.point).toEqual([-3, 4, 1.5]);
    expect(last?.resolution).toBe(256);

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
    expect(requests.at(-1)?.xRange).toEqual([-1, 1]);
    experiment.expression = 'x^2 + 3*y^2';
    await vi.advanceTimersByTimeAsync(400);
    expect(contour.view).toBeUndefined();
    expect(requests.at(-1)?.xRange).toEqual([-5, 5]);
  });
});

import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { GridResult } from '@shared/ipc/contract';
import { useHostApi } from '../api/client';
import { useExperimentStore } from './useExperimentStore';

export interface Bounds {
  x: [number, number];
  y: [number, number];
}

export const GRID_RESOLUTION = 128;

/** A square view around the origin that holds the start point with a margin. */
export function boundsAround(start: readonly number[]): Bounds {
  const reach = Math.max(5, ...start.filter(Number.isFinite).map((v) => Math.ceil(Math.abs(v) * 1.25)));
  return { x: [-reach, reach], y: [-reach, reach] };
}

/** The function sampled on a grid (by a worker) for the contour chart, refreshed as the form changes. */
export const useContourStore = defineStore('contour', () => {
  const api = useHostApi();
  const experiment = useExperimentStore();
  const bounds = ref<Bounds>(boundsAround([-3, 4]));
  const grid = shallowRef<GridResult | undefined>();
  const error = ref<string | undefined>();
  /** Axis ranges the user typed; cleared when the function changes. */
  const view = ref<Bounds | undefined>();
  let viewFor = '';
  let request = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function refresh(): Promise<void> {
    const parsed = experiment.parsed;
    if (!parsed.ok) return;
    const variables = parsed.value.variables;
    const point = variables.map((name) => Number(experiment.start[name] ?? 0) || 0);
    if (viewFor !== parsed.value.text) view.value = undefined;
    // The user's view, else a preset's usual domain, else a square around the origin that holds
    // the start point.
    const domain = experiment.preset?.domain;
    bounds.value =
      view.value ??
      (domain ? { x: [domain.x[0], domain.x[1]], y: [domain.y[0], domain.y[1]] } : boundsAround(point.slice(0, 2)));
    const id = ++request;
    const result = await api.evaluateGrid({
      expression: parsed.value.text,
      axes: [0, variables.length > 1 ? 1 : 0],
      point,
      xRange: bounds.value.x,
      yRange: bounds.value.y,
      resolution: GRID_RESOLUTION,
    });
    if (id !== request) return;
    if (result.ok) {
      grid.value = result.value;
      error.value = undefined;
    } else {
      error.value = result.error;
    }
  }

  watch(
    () => [experiment.parsed, experiment.start] as const,
    () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 150);
    },
    { deep: true, immediate: true },
  );

  /** Shows the given axis ranges (until the function changes or the view is reset). */
  function setView(next: Bounds | undefined): void {
    view.value = next;
    viewFor = experiment.parsed.ok ? experiment.parsed.value.text : '';
    void refresh();
  }

  return { bounds, grid, error, view, refresh, setView };
});

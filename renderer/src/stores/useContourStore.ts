import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import { boundsAround, type Bounds } from '@shared/engine/bounds';
import { interpret } from '@shared/engine/compile';
import { gradientOf } from '@shared/engine/derivative';
import { parseExpression, type ParsedExpression } from '@shared/engine/expression';
import type { GridResult } from '@shared/engine/grid';
import { PRESETS, type Preset } from '@shared/engine/presets';
import { ContourClient } from '../lib/contour-client';
import { TIMING, measure } from '../lib/probe';
import type { ContourResult } from '../lib/contours';
import { useExperimentStore } from './useExperimentStore';
import { useRunsStore } from './useRunsStore';
import type { Message } from '@shared/messages';

/** Samples per side: 256² = 65,536 evaluations, contoured in a Web Worker. */
const GRID_RESOLUTION = 256;

/** f and ∇f at a point of the chart, for the pointer readout. */
export interface PointerProbe {
  readonly x: number;
  readonly y: number;
  readonly value: number;
  /** ∂f/∂(horizontal axis), ∂f/∂(vertical axis); the second is absent for a function of one variable. */
  readonly gradient: readonly number[];
}

/**
 * The function the chart shows, with the point its other variables are held at: the form's, or
 * (while the user looks at a run from the history) that run's own, so a path is never drawn
 * over a function it did not descend.
 */
export interface Subject {
  readonly parsed: ParsedExpression;
  /** Every variable's value: the axes' entries are replaced, the others are the slice. */
  readonly point: readonly number[];
  /** The preset the function is, for its usual domain and known minima. */
  readonly preset: Preset | undefined;
  /** The run whose function this is, when it is not the form's. */
  readonly run?: { readonly id: string; readonly name: string };
}

/** The coordinates beyond the two axes: the slice a 3-D or higher function is drawn in. */
const held = (point: readonly number[]): string => point.filter((_, i) => i > 1).join(' ');

/**
 * The function sampled on a grid and contoured (in Web Workers, lib/contour-client.ts) for the
 * chart, refreshed as the form changes; which variables are the axes; the view's ranges.
 */
export const useContourStore = defineStore('contour', () => {
  const experiment = useExperimentStore();
  const runs = useRunsStore();
  /**
   * What the user is looking at: a run they selected (or started), or the form they are editing.
   * Typing a function or a start point turns to the form; choosing a run, to that run.
   */
  const focus = ref<'form' | 'run'>('form');
  watch(
    () => runs.selectedId,
    (id) => {
      if (id) focus.value = 'run';
    },
  );
  watch(
    () => [experiment.expression, experiment.start] as const,
    () => (focus.value = 'form'),
    { deep: true },
  );

  const formSubject = computed((): Subject | undefined => {
    const parsed = experiment.parsed;
    if (!parsed.ok) return undefined;
    return {
      parsed: parsed.value,
      point: parsed.value.variables.map((name) => Number(experiment.start[name] ?? 0) || 0),
      preset: experiment.preset,
    };
  });

  const subject = computed((): Subject | undefined => {
    const form = formSubject.value;
    const run = runs.selected;
    if (focus.value !== 'run' || !run) return form;
    // The form's own function and slice: nothing to tell apart.
    if (form && run.spec.expression === form.parsed.text && held(run.spec.start) === held(form.point)) return form;
    const parsed = parseExpression(run.spec.expression);
    if (!parsed.ok) return form;
    return {
      parsed: parsed.value,
      point: run.spec.start,
      preset: PRESETS.find((preset) => preset.expression === run.spec.expression),
      run: { id: run.id, name: run.name },
    };
  });

  /** Whether a run's path belongs on the chart now: it descended the function shown. */
  function shows(run: { spec: { expression: string; start: readonly number[] } }): boolean {
    const shown = subject.value;
    if (!shown) return false;
    return run.spec.expression === shown.parsed.text && held(run.spec.start) === held(shown.point);
  }
  const client = markRaw(new ContourClient());
  const bounds = ref<Bounds>(boundsAround([-3, 4]));
  /** The last sampled grid, with its ranges and how many variables its function had. */
  const grid = shallowRef<(GridResult & Bounds & { dimension: number }) | undefined>();
  /** The function the chart shows: the last that parsed, which may not be the field's text. */
  const plotted = ref<string | undefined>();
  const contours = shallowRef<ContourResult | undefined>();
  const error = ref<Message | undefined>();
  /** Axis ranges the user typed, zoomed or panned to; cleared when the function changes. */
  const view = ref<Bounds | undefined>();
  /** Indices of the variables on the horizontal and vertical axes. */
  const axes = ref<[number, number]>([0, 1]);
  let viewFor = '';
  let request = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The shown function's variables (the form's: the last that parsed, so a typo does not reset the axes). */
  const variables = computed(() => (subject.value?.run ? subject.value.parsed.variables : experiment.variables));
  /** Variables held fixed in the plotted slice, with their values (from the start point). */
  const sliceHeld = computed(() =>
    variables.value
      .map((name, i) => ({ name, index: i, value: subject.value?.point[i] ?? 0 }))
      .filter((v) => v.index !== axes.value[0] && (variables.value.length < 2 || v.index !== axes.value[1])),
  );

  // The axes stay valid as variables come and go.
  watch(variables, (names) => {
    const [a, b] = axes.value;
    if (a >= names.length || b >= names.length || (names.length > 1 && a === b)) axes.value = [0, 1];
  });

  async function refresh(): Promise<void> {
    const shown = subject.value;
    if (!shown) return;
    const parsed = { value: shown.parsed };
    const started = performance.now();
    const names = parsed.value.variables;
    const point = [...shown.point];
    if (viewFor !== parsed.value.text) view.value = undefined;
    const [ax, ay] = names.length > 1 ? axes.value : [0, 0];
    // The user's view, else a preset's usual domain, else a square around the origin that holds
    // the start point.
    const domain = names.length === 2 ? shown.preset?.domain : undefined;
    bounds.value =
      view.value ??
      (domain
        ? { x: [domain.x[0], domain.x[1]], y: [domain.y[0], domain.y[1]] }
        : boundsAround([point[ax] ?? 0, point[ay] ?? 0]));
    // A plain copy: the reactive proxy cannot be posted to the contour worker.
    const ranges: Bounds = { x: [bounds.value.x[0], bounds.value.x[1]], y: [bounds.value.y[0], bounds.value.y[1]] };
    const id = ++request;
    // One variable: the chart plots f against x; there is nothing to contour.
    const answer = await client.compute(
      {
        // The tree, not the text: the workers have no parser to load.
        tree: parsed.value.tree,
        dimension: names.length,
        axes: [ax, ay],
        point,
        bounds: ranges,
        resolution: GRID_RESOLUTION,
      },
      names.length > 1,
    );
    if (id !== request || !answer) return;
    if (!answer.ok) {
      error.value = answer.error;
      return;
    }
    error.value = undefined;
    grid.value = { ...answer.value.grid, ...ranges, dimension: names.length };
    plotted.value = parsed.value.text;
    contours.value = answer.value.contours;
    measure(TIMING.contoursAnswered, started);
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 150);
  }

  watch(() => [subject.value, axes.value[0], axes.value[1]] as const, schedule, { immediate: true });

  /** Shows the given axis ranges (until the function changes or the view is reset). */
  function setView(next: Bounds | undefined): void {
    view.value = next;
    viewFor = subject.value?.parsed.text ?? '';
    void refresh();
  }

  function setAxes(next: [number, number]): void {
    axes.value = next;
    view.value = undefined;
  }

  /**
   * One variable: the range of f over the sampled curve (with a margin), which the f range fields
   * show until the user sets one.
   */
  const fExtent = computed((): [number, number] | undefined => {
    const sampled = grid.value;
    if (!sampled || sampled.dimension !== 1 || variables.value.length !== 1) return undefined;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < sampled.resolution; k++) {
      const v = sampled.values[k] as number;
      if (Number.isFinite(v)) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
    if (!(low <= high)) return undefined;
    const margin = high > low ? (high - low) * 0.05 : Math.max(1, Math.abs(low) * 0.05);
    return [Number((low - margin).toPrecision(3)), Number((high + margin).toPrecision(3))];
  });

  /** f and its gradient along the axes at (x, y), the other variables held at the slice. */
  const probeFunctions = computed(() => {
    const shown = subject.value;
    if (!shown) return undefined;
    const { tree, variables: names } = shown.parsed;
    return { f: interpret(tree), parts: gradientOf(tree, names.length).map((part) => interpret(part)) };
  });

  function probe(x: number, y: number): PointerProbe | undefined {
    const fns = probeFunctions.value;
    if (!fns) return undefined;
    const n = variables.value.length;
    const point = Float64Array.from(variables.value, (_, i) => subject.value?.point[i] ?? 0);
    const [ax, ay] = n > 1 ? axes.value : [0, 0];
    point[ax] = x;
    if (n > 1) point[ay] = y;
    const value = fns.f(point);
    const along = (i: number): number => fns.parts[i]?.(point) ?? Number.NaN;
    return { x, y: n > 1 ? y : value, value, gradient: n > 1 ? [along(ax), along(ay)] : [along(0)] };
  }

  return {
    subject,
    variables,
    shows,
    focusForm: () => (focus.value = 'form'),
    focusRun: () => (focus.value = 'run'),
    bounds,
    fExtent,
    grid,
    plotted,
    contours,
    error,
    view,
    axes,
    sliceHeld,
    refresh,
    setView,
    setAxes,
    probe,
  };
});

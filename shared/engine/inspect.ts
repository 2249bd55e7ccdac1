import { Run, type RunJob } from './runner';
import { learningRateAt } from './schedules';

/** One step of a run as the step inspector shows it. */
export interface StepInspection {
  /** The step inspected (0 is the start point); the last step when the run ended sooner. */
  readonly step: number;
  readonly point: number[];
  readonly value: number;
  readonly gradient: number[];
  readonly gradientNorm: number;
  /** The optimizer's state after this step (velocity, m, v…); empty at step 0. */
  readonly state: Record<string, number | number[]>;
  /** The step taken from here, when the run went on. */
  readonly next?: {
    /** The learning rate of that step, after the schedule. */
    readonly lr: number;
    readonly point: number[];
    readonly value: number;
    /** Δx = x₊ − x. */
    readonly delta: number[];
    /**
     * The first-order (Taylor) prediction of the change in f: ∇f·Δx. For plain gradient descent
     * Δx = −η∇f, so this is −η‖∇f‖², the article's check.
     */
    readonly predicted: number;
    /** The actual change f(x₊) − f(x). */
    readonly actual: number;
  };
}

/** Steps per chunk between yields: small enough that a host can read a cancel in a few ms. */
const CHUNK = 16_384;

/**
 * Replays a run up to `step` and the step after it, and reports both. Runs are deterministic, so
 * this is exactly the stored run's state there. A generator: the host yields between chunks.
 */
export function* inspectStep(job: RunJob, step: number): Generator<void, StepInspection> {
  const { spec } = job;
  const run = new Run(job);
  run.advance(() => false, 0, false);
  let at = run.current().step;
  while (!run.done && at < step) {
    run.advance(() => false, Math.min(CHUNK, step - at), false);
    at = run.current().step;
    yield;
  }
  const here = run.current();
  const state = here.step === 0 ? {} : run.optimizerState();
  if (run.done) return { ...here, state };
  const lr =
    spec.schedule.type === 'constant'
      ? spec.optimizer.lr
      : learningRateAt(spec.schedule, spec.optimizer.lr, here.step + 1);
  run.advance(() => false, 1, false);
  const after = run.current();
  if (after.step === here.step) return { ...here, state };
  const delta = after.point.map((v, i) => v - (here.point[i] as number));
  const predicted = delta.reduce((sum, d, i) => sum + d * (here.gradient[i] as number), 0);
  return {
    ...here,
    state,
    next: { lr, point: after.point, value: after.value, delta, predicted, actual: after.value - here.value },
  };
}

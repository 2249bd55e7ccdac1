import { formatMessage, message, type Message } from '../messages';
import type { JobSpec, RunStatus } from '../spec';
import type { ParsedExpression } from './expression';
import { createObjective, type Objective } from './objective';
import { createKernel, DIVERGENCE_LIMIT, type Kernel, type KernelState } from './kernel';
import { createOptimizer, type Optimizer } from './optimizers';
import type { PathRows } from './path-rows';
import { learningRateAt } from './schedules';

export type FinalStatus = Exclude<RunStatus, 'running' | 'interrupted'>;

export interface RunSummary {
  readonly status: FinalStatus;
  /** Steps taken (the start point is step 0). */
  readonly steps: number;
  readonly x: number[];
  readonly value: number;
  readonly gradientNorm: number;
  /** Why the run stopped, in English words (the CLI's, and a fallback for codes a reader lacks). */
  readonly reason: string;
  /** Why the run stopped, for the window to say in the user's language. */
  readonly reasonMessage: Message;
  /** The step at which a diverged run went out of bounds. */
  readonly divergedAt?: number;
}

/**
 * A run as the host hands it to a worker: the validated spec and its parsed function (checked
 * against the start point by `checkSpec`), so the worker neither validates nor parses again.
 */
export interface RunJob {
  readonly spec: JobSpec;
  readonly expression: ParsedExpression;
}

function norm(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] as number) * (v[i] as number);
  return Math.sqrt(sum);
}

/**
 * A growable column of doubles, reused batch after batch: allocating a batch's columns anew each
 * time (megabytes a second of fresh buffers) kept the garbage collector busier than the steps.
 */
class Column {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(capacity);
  }
  /** Room for `capacity` values at once (the column is empty). */
  ensure(capacity: number): void {
    if (capacity > this.data.length) this.data = new Float64Array(capacity);
  }
  /** Makes room for `count` more values; the caller then writes `data[length++]` directly. */
  reserve(count: number): void {
    if (this.length + count <= this.data.length) return;
    const grown = new Float64Array(Math.max(this.data.length * 2, this.length + count));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
  /** The values so far, as a view; the column starts over (and the view is overwritten). */
  take(): Float64Array {
    const out = this.data.subarray(0, this.length);
    this.length = 0;
    return out;
  }
}

/** The default for hosts that never want control back: one function, so call sites stay monomorphic. */
const NEVER = (): boolean => false;
/** Steps a kernel takes between two questions to the host (as the general loop asks every 64). */
const KERNEL_CHUNK = 64;

/**
 * One descent run, advanced a batch at a time by its host. It keeps only the current batch, so
 * memory does not grow with the number of steps; the host decides what to store.
 */
export class Run {
  readonly spec: JobSpec;
  readonly expression: ParsedExpression;
  private compiled: Objective | undefined;
  private readonly optimizer: Optimizer;
  /** The fused kernel for this run (kernel.ts), where there is one. */
  private readonly kernel: Kernel | undefined;
  private readonly kernelState: KernelState = {
    step: 0,
    value: Number.NaN,
    gradientNorm: Number.NaN,
    previous: Number.NaN,
    noteworthy: false,
    nextRow: 0,
    every: 1,
    rows: 0,
  };
  private readonly theta: Float64Array;
  private readonly gradient: Float64Array;
  private value = Number.NaN;
  private gradientNorm = Number.NaN;
  private step = 0;
  private started = false;
  private result: RunSummary | undefined;
  // Kept across batches so their buffers grow once, not once per batch.
  private readonly pointColumn: Column;
  private readonly valueColumn = new Column(1024);
  private readonly normColumn = new Column(1024);
  private readonly stepColumn = new Column(1024);

  constructor({ spec, expression }: RunJob) {
    this.spec = spec;
    this.expression = expression;
    const { variables } = expression;
    this.optimizer = createOptimizer(spec.optimizer, variables.length);
    this.theta = Float64Array.from(spec.start);
    this.gradient = new Float64Array(variables.length);
    this.pointColumn = new Column(1024 * variables.length);
    const { schedule } = spec;
    const base = spec.optimizer.lr;
    const rate = schedule.type === 'constant' ? undefined : (t: number): number => learningRateAt(schedule, base, t);
    this.kernel = createKernel(spec, expression, this.theta, this.gradient, this.kernelState, rate);
  }

  /** f and ∇f as closures, compiled when first wanted: a run with a kernel never needs them. */
  get objective(): Objective {
    return (this.compiled ??= createObjective(this.expression, this.spec.gradient.method, this.spec.gradient.h));
  }

  get done(): boolean {
    return this.result !== undefined;
  }

  get summary(): RunSummary | undefined {
    return this.result;
  }

  /** The optimizer's internal state after the last step. */
  optimizerState(): Record<string, number | number[]> {
    return (this.kernel ?? this.optimizer).state();
  }

  /** Where the run is now: the last step taken, θ, f and ∇f there (copies). */
  current(): { step: number; point: number[]; value: number; gradient: number[]; gradientNorm: number } {
    return {
      step: this.step,
      point: Array.from(this.theta),
      value: this.value,
      gradient: Array.from(this.gradient),
      gradientNorm: this.gradientNorm,
    };
  }

  /** Stops the run; the next advance returns what is pending and the run is done. */
  cancel(): void {
    // "Cancelled — stopped at step 1200", not "Cancelled — Cancelled".
    this.finish('cancelled', message('run.stoppedAt', { step: this.step }));
  }

  /**
   * Takes steps until the run ends, `maxCount` steps are taken or `shouldYield()` says the host
   * wants control back (asked every few steps), and returns them, consecutive steps from the
   * start point's step 0 on (none when `keep` is false). The path does not depend on how it is
   * batched. The batch's columns are the run's own, reused by the next advance: read or copy
   * them before calling it again. With `every` > 1 the rows may be only those of steps that are
   * its multiples, and the last step (a host that keeps every 8th step need not have the others
   * written); the steps are the same, so are the rows that are kept.
   */
  advance(shouldYield: () => boolean = NEVER, maxCount = Number.POSITIVE_INFINITY, keep = true, every = 1): PathRows {
    const n = this.theta.length;
    const points = this.pointColumn;
    const values = this.valueColumn;
    const norms = this.normColumn;
    if (keep) {
      // Room for the whole batch at once where its size is known: no growing, no copies.
      const rows = Math.min(maxCount, this.spec.stop.maxSteps - this.step + (this.started ? 0 : 1), 65_536);
      points.ensure(rows * n);
      values.ensure(rows);
      norms.ensure(rows);
      this.stepColumn.ensure(rows);
    }
    const theta = this.theta;
    const steps = this.stepColumn;
    const record = (): void => {
      points.reserve(n);
      values.reserve(1);
      norms.reserve(1);
      steps.reserve(1);
      for (let i = 0; i < n; i++) points.data[points.length++] = theta[i] as number;
      values.data[values.length++] = this.value;
      norms.data[norms.length++] = this.gradientNorm;
      steps.data[steps.length++] = this.step;
    };

    if (!this.started && !this.result) {
      this.started = true;
      this.evaluate();
      record();
      this.check(Number.NaN);
    }
    if (this.kernel) {
      const before = this.step;
      this.advanceFused(this.kernel, shouldYield, maxCount, keep, every);
      // The newest step is always in the batch, recorded or not by the stride.
      if (keep && this.step > before && steps.data[steps.length - 1] !== this.step) record();
    } else {
      this.advanceGeneral(shouldYield, maxCount, keep);
    }
    const count = values.length;
    return {
      count,
      dimension: n,
      steps: steps.take(),
      points: points.take(),
      values: values.take(),
      gradientNorms: norms.take(),
    };
  }

  /** Steps by the run's kernel, 64 at a time, the host asked between. */
  private advanceFused(
    kernel: Kernel,
    shouldYield: () => boolean,
    maxCount: number,
    keep: boolean,
    every: number,
  ): void {
    const n = this.theta.length;
    const { maxSteps } = this.spec.stop;
    const state = this.kernelState;
    const points = this.pointColumn;
    const values = this.valueColumn;
    const norms = this.normColumn;
    const steps = this.stepColumn;
    let taken = 0;
    state.every = every;
    // The first step after this one whose number is a multiple of `every`.
    state.nextRow = Math.floor(this.step / every) * every + every;
    while (!this.result && (keep ? values.length < maxCount : taken < maxCount)) {
      const chunk = Math.min(KERNEL_CHUNK, keep ? maxCount - values.length : maxCount - taken);
      if (keep) {
        points.reserve(chunk * n);
        values.reserve(chunk);
        norms.reserve(chunk);
        steps.reserve(chunk);
      }
      state.step = this.step;
      state.value = this.value;
      state.gradientNorm = this.gradientNorm;
      const took = kernel.steps(chunk, keep ? points.data : null, values.data, norms.data, steps.data, values.length);
      taken += took;
      if (keep) {
        points.length += state.rows * n;
        values.length += state.rows;
        norms.length += state.rows;
        steps.length += state.rows;
      }
      this.step = state.step;
      this.value = state.value;
      this.gradientNorm = state.gradientNorm;
      if (state.noteworthy) this.check(state.previous);
      if (!this.result && this.step >= maxSteps) this.finish('max-steps', message('run.maxSteps', { steps: maxSteps }));
      if (shouldYield()) break;
    }
  }

  /** Steps by the optimizer's closure and the compiled objective (no code generation here). */
  private advanceGeneral(shouldYield: () => boolean, maxCount: number, keep: boolean): void {
    const n = this.theta.length;
    const points = this.pointColumn;
    const values = this.valueColumn;
    const norms = this.normColumn;
    const steps = this.stepColumn;
    const theta = this.theta;
    const gradient = this.gradient;
    const { maxSteps, tolGrad, tolF } = this.spec.stop;
    const { schedule } = this.spec;
    const base = this.spec.optimizer.lr;
    const constantRate = schedule.type === 'constant';
    const optimizer = this.optimizer;
    const valueAndGradient = this.objective.valueAndGradient;
    // One input object for every step: the hot loop allocates nothing.
    const input = { objective: this.objective, theta, gradient, value: 0, lr: base, t: 0 };
    let taken = 0;
    while (!this.result && values.length < maxCount && (keep || taken < maxCount)) {
      const t = this.step + 1;
      const previous = this.value;
      input.value = previous;
      input.t = t;
      if (!constantRate) input.lr = learningRateAt(schedule, base, t);
      optimizer.step(input);
      this.step = t;
      const value = valueAndGradient(theta, gradient);
      let squares = 0;
      let bounded = true;
      for (let i = 0; i < n; i++) {
        const g = gradient[i] as number;
        const v = theta[i] as number;
        squares += g * g;
        // One comparison per coordinate covers NaN, ±Infinity and the 1e12 bound.
        if (!(v <= DIVERGENCE_LIMIT && v >= -DIVERGENCE_LIMIT)) bounded = false;
      }
      const gradientNorm = Math.sqrt(squares);
      this.value = value;
      this.gradientNorm = gradientNorm;
      // record(), inlined: this is the hot loop.
      if (keep) {
        points.reserve(n);
        values.reserve(1);
        norms.reserve(1);
        for (let i = 0; i < n; i++) points.data[points.length++] = theta[i] as number;
        values.data[values.length++] = value;
        norms.data[norms.length++] = gradientNorm;
        steps.reserve(1);
        steps.data[steps.length++] = t;
      }
      // The full check (with its messages) only when a stop rule may apply.
      const noteworthy =
        !bounded ||
        !(value - value === 0 && gradientNorm - gradientNorm === 0) ||
        (tolGrad > 0 && gradientNorm < tolGrad) ||
        (tolF > 0 && Math.abs(value - previous) < tolF);
      if (noteworthy) this.check(previous);
      if (!this.result && t >= maxSteps) this.finish('max-steps', message('run.maxSteps', { steps: maxSteps }));
      if ((++taken & 63) === 0 && shouldYield()) break;
    }
  }

  /**
   * Runs to the end (tests, the CLI, benchmarks) in batches of up to 65,536 steps. Without a
   * listener nothing is recorded: only the summary is wanted.
   */
  runToEnd(onBatch?: (batch: PathRows) => void): RunSummary {
    while (!this.result) {
      const batch = this.advance(NEVER, 65_536, onBatch !== undefined);
      onBatch?.(batch);
    }
    return this.result;
  }

  private evaluate(): void {
    this.value = this.kernel ? this.kernel.evaluate() : this.objective.valueAndGradient(this.theta, this.gradient);
    this.gradientNorm = norm(this.gradient);
  }

  private check(previous: number): void {
    const { tolGrad, tolF } = this.spec.stop;
    const theta = this.theta;
    for (let i = 0; i < theta.length; i++) {
      const v = theta[i] as number;
      // One comparison covers NaN (false), ±Infinity and the 1e12 bound on the common path.
      if (!(v <= DIVERGENCE_LIMIT && v >= -DIVERGENCE_LIMIT)) {
        const names = this.expression.variables;
        const name = names[i] ?? 'x';
        const step = this.step;
        const why = Number.isFinite(v)
          ? message('run.exceeded', { name, step })
          : message('run.variableBecame', { name, value: String(v), step });
        this.finish('diverged', why, step);
        return;
      }
    }
    if (!Number.isFinite(this.value)) {
      this.finish('diverged', message('run.valueBecame', { value: String(this.value), step: this.step }), this.step);
      return;
    }
    if (!Number.isFinite(this.gradientNorm)) {
      const value = String(this.gradientNorm);
      this.finish('diverged', message('run.gradientBecame', { value, step: this.step }), this.step);
      return;
    }
    if (tolGrad > 0 && this.gradientNorm < tolGrad) {
      this.finish('converged', message('run.gradientSmall', { norm: threeDigits(this.gradientNorm), tol: tolGrad }));
      return;
    }
    if (tolF > 0 && Math.abs(this.value - previous) < tolF) {
      const change = threeDigits(Math.abs(this.value - previous));
      this.finish('converged', message('run.changeSmall', { change, tol: tolF }));
    }
  }

  private finish(status: FinalStatus, reason: Message, divergedAt?: number): void {
    if (this.result) return;
    this.result = {
      status,
      steps: this.step,
      x: Array.from(this.theta),
      value: this.value,
      gradientNorm: this.gradientNorm,
      reason: formatMessage(reason),
      reasonMessage: reason,
      ...(divergedAt === undefined ? {} : { divergedAt }),
    };
  }
}

/** Three significant digits as a person writes them: 0 (not 0.00), 3.2e-14, 0.0125. */
function threeDigits(value: number): string {
  return String(Number(value.toPrecision(3)));
}

import type { OptimizerSpec } from '../spec';
import type { Objective } from './objective';

/**
 * Optimizers with torch.optim's update rules, operation for operation (see each comment), so that
 * a run here matches the same run in PyTorch (float64) to the last few bits.
 */

export interface StepInput {
  readonly objective: Objective;
  /** Parameters, updated in place. */
  readonly theta: Float64Array;
  /** ∇f at theta; optimizers may not modify it. */
  readonly gradient: Float64Array;
  /** f at theta. */
  readonly value: number;
  /** Learning rate for this step, after the schedule. */
  readonly lr: number;
  /** Step number, counting from 1 as torch does. */
  readonly t: number;
}

export interface Optimizer {
  step(input: StepInput): void;
  /** The optimizer's state after the last step (velocity, m, v…), for the step inspector. */
  state(): State;
}

export function createOptimizer(spec: OptimizerSpec, dimension: number): Optimizer {
  switch (spec.name) {
    case 'sgd':
      return sgd(spec, dimension);
    case 'adagrad':
      return adagrad(spec, dimension);
    case 'rmsprop':
      return rmsprop(spec, dimension);
    case 'adam':
      return adam(spec, dimension, false);
    case 'adamw':
      return adam(spec, dimension, true);
    case 'nadam':
      return nadam(spec, dimension);
    case 'adadelta':
      return adadelta(spec, dimension);
    case 'linesearch':
      return lineSearch(spec, dimension);
    case 'newton':
      return newton(dimension);
  }
}

const at = (a: Float64Array, i: number): number => a[i] as number;

/** Once β^t is this small, 1 − β^t is exactly 1 (half an ulp of 1 is 2⁻⁵³). */
export const NEGLIGIBLE_POWER = 2 ** -56;

type State = Record<string, number | number[]>;

/** Entries whose condition holds, for optimizers whose state depends on their options. */
function stateOf(...entries: [condition: boolean, name: string, value: Float64Array | number][]): State {
  const state: State = {};
  for (const [condition, name, value] of entries) {
    if (condition) state[name] = typeof value === 'number' ? value : Array.from(value);
  }
  return state;
}

/** torch.lerp's formula, which switches form at weight 0.5 for accuracy. */
function lerp(start: number, end: number, weight: number): number {
  return weight < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}

/** g + weight_decay·θ into `out` (torch adds L2 decay to the gradient). */
function decayed(gradient: Float64Array, theta: Float64Array, weightDecay: number, out: Float64Array): Float64Array {
  if (weightDecay === 0) return gradient;
  for (let i = 0; i < out.length; i++) out[i] = at(gradient, i) + weightDecay * at(theta, i);
  return out;
}

function sgd(spec: Extract<OptimizerSpec, { name: 'sgd' }>, n: number): Optimizer {
  const { momentum, dampening, nesterov, weight_decay } = spec;
  const buffer = new Float64Array(n);
  const scratch = new Float64Array(n);
  let started = false;
  return {
    step({ theta, gradient, lr }) {
      const g = decayed(gradient, theta, weight_decay, scratch);
      for (let i = 0; i < n; i++) {
        let d = at(g, i);
        if (momentum !== 0) {
          // b₁ = g; bₜ = μ·bₜ₋₁ + (1 − dampening)·g
          const b = started ? momentum * at(buffer, i) + (1 - dampening) * d : d;
          buffer[i] = b;
          d = nesterov ? d + momentum * b : b;
        }
        theta[i] = at(theta, i) + -lr * d;
      }
      started = true;
    },
    state: () => stateOf([momentum !== 0, 'momentum_buffer', buffer]),
  };
}

function adagrad(spec: Extract<OptimizerSpec, { name: 'adagrad' }>, n: number): Optimizer {
  const { eps, lr_decay: lrDecay, weight_decay: weightDecay } = spec;
  const sum = new Float64Array(n).fill(spec.initial_accumulator_value);
  const scratch = new Float64Array(n);
  return {
    step({ theta, gradient, lr, t }) {
      const g = decayed(gradient, theta, weightDecay, scratch);
      const clr = lr / (1 + (t - 1) * lrDecay);
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        sum[i] = at(sum, i) + gi * gi;
        // addcdiv: θ + (value·g) / std
        theta[i] = at(theta, i) + (-clr * gi) / (Math.sqrt(at(sum, i)) + eps);
      }
    },
    state: () => ({ sum: Array.from(sum) }),
  };
}

function rmsprop(spec: Extract<OptimizerSpec, { name: 'rmsprop' }>, n: number): Optimizer {
  const { alpha, eps, momentum, centered, weight_decay: weightDecay } = spec;
  const squareAverage = new Float64Array(n);
  const gradientAverage = new Float64Array(n);
  const buffer = new Float64Array(n);
  const scratch = new Float64Array(n);
  return {
    step({ theta, gradient, lr }) {
      const g = decayed(gradient, theta, weightDecay, scratch);
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        squareAverage[i] = at(squareAverage, i) * alpha + (1 - alpha) * gi * gi;
        let average: number;
        if (centered) {
          gradientAverage[i] = lerp(at(gradientAverage, i), gi, 1 - alpha);
          average = Math.sqrt(at(squareAverage, i) + -at(gradientAverage, i) * at(gradientAverage, i)) + eps;
        } else {
          average = Math.sqrt(at(squareAverage, i)) + eps;
        }
        if (momentum > 0) {
          buffer[i] = at(buffer, i) * momentum + gi / average;
          theta[i] = at(theta, i) + -lr * at(buffer, i);
        } else {
          theta[i] = at(theta, i) + (-lr * gi) / average;
        }
      }
    },
    state: () =>
      stateOf(
        [true, 'square_avg', squareAverage],
        [centered, 'grad_avg', gradientAverage],
        [momentum > 0, 'momentum_buffer', buffer],
      ),
  };
}

function adam(spec: Extract<OptimizerSpec, { name: 'adam' | 'adamw' }>, n: number, decoupled: boolean): Optimizer {
  // Options are read once into locals: the step loop is the hottest code in the app.
  const [beta1, beta2] = spec.betas;
  const { eps, amsgrad, weight_decay: weightDecay } = spec;
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const vMax = new Float64Array(n);
  const scratch = new Float64Array(n);
  let biasCorrection1 = 1;
  let biasCorrection2 = 1;
  let exact1 = false;
  let exact2 = false;
  return {
    step({ theta, gradient, lr, t }) {
      if (decoupled && weightDecay !== 0) {
        // AdamW: θ ← θ·(1 − lr·λ) before the Adam step.
        for (let i = 0; i < n; i++) theta[i] = at(theta, i) * (1 - lr * weightDecay);
      }
      const g = decoupled ? gradient : decayed(gradient, theta, weightDecay, scratch);
      // Once β^t ≤ 2⁻⁵⁶, 1 − β^t is exactly 1 (and stays so): the power is no longer computed.
      if (!exact1) {
        const power = beta1 ** t;
        biasCorrection1 = 1 - power;
        exact1 = power <= NEGLIGIBLE_POWER;
      }
      if (!exact2) {
        const power = beta2 ** t;
        biasCorrection2 = 1 - power;
        exact2 = power <= NEGLIGIBLE_POWER;
      }
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        m[i] = lerp(at(m, i), gi, 1 - beta1);
        v[i] = at(v, i) * beta2 + (1 - beta2) * gi * gi;
        let second = at(v, i);
        if (amsgrad) {
          vMax[i] = Math.max(at(vMax, i), second);
          second = at(vMax, i);
        }
        const denominator = Math.sqrt(second) / biasCorrection2Sqrt + eps;
        theta[i] = at(theta, i) + (-stepSize * at(m, i)) / denominator;
      }
    },
    state: () => stateOf([true, 'exp_avg', m], [true, 'exp_avg_sq', v], [amsgrad, 'max_exp_avg_sq', vMax]),
  };
}

function nadam(spec: Extract<OptimizerSpec, { name: 'nadam' }>, n: number): Optimizer {
  const [beta1, beta2] = spec.betas;
  const { eps, momentum_decay: momentumDecay, weight_decay: weightDecay } = spec;
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const scratch = new Float64Array(n);
  let muProduct = 1;
  return {
    step({ theta, gradient, lr, t }) {
      const g = decayed(gradient, theta, weightDecay, scratch);
      const biasCorrection2 = 1 - beta2 ** t;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
      muProduct *= mu;
      const gradientWeight = (-lr * (1 - mu)) / (1 - muProduct);
      const momentumWeight = (-lr * muNext) / (1 - muProduct * muNext);
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        m[i] = lerp(at(m, i), gi, 1 - beta1);
        v[i] = at(v, i) * beta2 + (1 - beta2) * gi * gi;
        const denominator = Math.sqrt(at(v, i) / biasCorrection2) + eps;
        theta[i] = at(theta, i) + (gradientWeight * gi) / denominator;
        theta[i] = at(theta, i) + (momentumWeight * at(m, i)) / denominator;
      }
    },
    state: () => ({ exp_avg: Array.from(m), exp_avg_sq: Array.from(v), mu_product: muProduct }),
  };
}

function adadelta(spec: Extract<OptimizerSpec, { name: 'adadelta' }>, n: number): Optimizer {
  const { rho, eps, weight_decay: weightDecay } = spec;
  const squareAverage = new Float64Array(n);
  const accumulatedDelta = new Float64Array(n);
  const scratch = new Float64Array(n);
  return {
    step({ theta, gradient, lr }) {
      const g = decayed(gradient, theta, weightDecay, scratch);
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        squareAverage[i] = at(squareAverage, i) * rho + (1 - rho) * gi * gi;
        const std = Math.sqrt(at(squareAverage, i) + eps);
        const delta = (Math.sqrt(at(accumulatedDelta, i) + eps) / std) * gi;
        accumulatedDelta[i] = at(accumulatedDelta, i) * rho + (1 - rho) * delta * delta;
        theta[i] = at(theta, i) + -lr * delta;
      }
    },
    state: () => ({ square_avg: Array.from(squareAverage), acc_delta: Array.from(accumulatedDelta) }),
  };
}

function lineSearch(spec: Extract<OptimizerSpec, { name: 'linesearch' }>, n: number): Optimizer {
  const { c1, shrink } = spec;
  const trial = new Float64Array(n);
  let lastStep = 0;
  let backtracks = 0;
  return {
    step({ objective, theta, gradient, value, lr }) {
      let squaredNorm = 0;
      for (let i = 0; i < n; i++) squaredNorm += at(gradient, i) * at(gradient, i);
      // Armijo: shrink α until f(θ − α∇f) ≤ f(θ) − c₁·α·‖∇f‖².
      let alpha = lr;
      backtracks = 0;
      for (;;) {
        for (let i = 0; i < n; i++) trial[i] = at(theta, i) - alpha * at(gradient, i);
        const candidate = objective.value(trial);
        if (candidate <= value - c1 * alpha * squaredNorm || backtracks >= 60) break;
        alpha *= shrink;
        backtracks++;
      }
      lastStep = alpha;
      theta.set(trial);
    },
    state: () => ({ step_size: lastStep, backtracks }),
  };
}

/**
 * In-place Cholesky factorisation of a row-major symmetric matrix; false if it is not positive
 * definite.
 */
function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let diagonal = at(a, j * n + j);
    for (let k = 0; k < j; k++) diagonal -= at(a, j * n + k) ** 2;
    if (!(diagonal > 0)) return false;
    const root = Math.sqrt(diagonal);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = at(a, i * n + j);
      for (let k = 0; k < j; k++) sum -= at(a, i * n + k) * at(a, j * n + k);
      a[i * n + j] = sum / root;
    }
  }
  return true;
}

function choleskySolve(l: Float64Array, n: number, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = at(b, i);
    for (let k = 0; k < i; k++) sum -= at(l, i * n + k) * at(out, k);
    out[i] = sum / at(l, i * n + i);
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = at(out, i);
    for (let k = i + 1; k < n; k++) sum -= at(l, k * n + i) * at(out, k);
    out[i] = sum / at(l, i * n + i);
  }
}

function newton(n: number): Optimizer {
  const hessian = new Float64Array(n * n);
  const work = new Float64Array(n * n);
  const direction = new Float64Array(n);
  let shift = 0;
  return {
    step({ objective, theta, gradient, lr }) {
      objective.hessian(theta, hessian);
      // Where H is not positive definite, add τI with τ growing tenfold until it is
      // (Nocedal & Wright, Algorithm 3.3), so the step always points downhill.
      let scale = 0;
      for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(at(hessian, i * n + i)));
      shift = 0;
      for (let attempt = 0; attempt < 80; attempt++) {
        work.set(hessian);
        for (let i = 0; i < n; i++) work[i * n + i] = at(work, i * n + i) + shift;
        if (cholesky(work, n)) break;
        shift = shift === 0 ? Math.max(1e-3 * scale, 1e-8) : shift * 10;
      }
      choleskySolve(work, n, gradient, direction);
      for (let i = 0; i < n; i++) theta[i] = at(theta, i) - lr * at(direction, i);
    },
    state: () => ({ hessian: Array.from(hessian), shift }),
  };
}

/**
 * One measurement of `npm run bench`, in a fresh process (as the worker and the CLI run one job):
 * `bench-engine-job.ts <case> engine|hand` prints one JSON line, { ns, result }. Nothing is warmed
 * up: the JIT's cost is part of what a user waits for. The hand-written loops are the honest best
 * a user would write: locals, f and ∇f inlined, no calls, the same update. In two dimensions ∇f
 * is written as the engine's derivative is (the same roundings), so both end at the same bits.
 */
import { evaluateGrid } from '../shared/engine/grid';
import { parseOrThrow } from '../shared/engine/expression';
import { prepareJob } from '../shared/engine/prepare';
import { Run } from '../shared/engine/runner';
import { PathThinner } from '../shared/engine/thinning';
import { JobSpecSchema } from '../shared/spec';

const ROSENBROCK = '(1 - x)^2 + 100 (y - x^2)^2';
const STEPS = 1_000_000;
const D = 10;
const STEPS_10D = 200_000;
/** Σ 100 (x₍ᵢ₊₁₎ − xᵢ²)² + (1 − xᵢ)², over variables x0…x9. */
const NAMES = Array.from({ length: D }, (_, i) => `x${i}`);
const ROSENBROCK_10D = NAMES.slice(0, -1)
  .map((v, i) => `100 (${NAMES[i + 1]} - ${v}^2)^2 + (1 - ${v})^2`)
  .join(' + ');
const START_10D = Array.from({ length: D }, (_, i) => (i % 2 === 0 ? -1.2 : 1));

/**
 * The engine's run of `spec`, its function parsed beforehand (the worker is handed it parsed; the
 * CLI's parse is part of its start-up, measured apart): the timed part compiles and runs.
 */
function engine(spec: Record<string, unknown>, record = false): () => number[] {
  const job = prepareJob(JobSpecSchema.parse({ ...spec, gradient: spec.gradient ?? { method: 'exact' } }));
  return () => (record ? recorded(new Run(job)) : new Run(job).runToEnd().x);
}

function recorded(run: Run): number[] {
  // As the job worker records: chunks of 4,096 steps for 16 ms at the thinner's stride, taken once a frame.
  const thinner = new PathThinner(run.expression.variables.length);
  let rows = 0;
  while (!run.done) {
    const deadline = performance.now() + 16;
    while (!run.done && performance.now() < deadline && thinner.pending < 65_536) {
      thinner.add(run.advance(() => performance.now() >= deadline, 4096, true, thinner.stride));
    }
    rows += thinner.take().count;
  }
  if (rows === 0) throw new Error('nothing recorded');
  return run.summary?.x ?? [];
}

const stop = { maxSteps: STEPS, tolGrad: 0, tolF: 0 };

/** Each side is set up untimed and returns the timed work. */
const CASES: Record<
  string,
  { label: string; steps: number; engine: () => () => number[]; hand: () => () => number[] }
> = {
  sgd: {
    label: 'SGD, Rosenbrock, exact ∇f',
    steps: STEPS,
    engine: () => engine({ expression: ROSENBROCK, start: [-1.5, 2], optimizer: { name: 'sgd', lr: 1e-4 }, stop }),
    hand: () => () => {
      let x = -1.5;
      let y = 2;
      const lr = 1e-4;
      let f = 0;
      for (let t = 1; t <= STEPS; t++) {
        const a = 1 - x;
        const b = y - x * x;
        const b2 = 2 * b;
        f = a * a + 100 * (b * b);
        const gx = -(2 * a) - 100 * (b2 * (2 * x));
        const gy = 100 * b2;
        x += -lr * gx;
        y += -lr * gy;
      }
      return [x, y, f];
    },
  },
  adam: {
    label: 'Adam, Rosenbrock, exact ∇f',
    steps: STEPS,
    engine: () => engine({ expression: ROSENBROCK, start: [-1.5, 2], optimizer: { name: 'adam', lr: 0.01 }, stop }),
    hand: () => () => {
      let x = -1.5;
      let y = 2;
      let mx = 0;
      let my = 0;
      let vx = 0;
      let vy = 0;
      let p1 = 1;
      let p2 = 1;
      let exact = false;
      const lr = 0.01;
      for (let t = 1; t <= STEPS; t++) {
        const a = 1 - x;
        const b = y - x * x;
        const b2 = 2 * b;
        const gx = -(2 * a) - 100 * (b2 * (2 * x));
        const gy = 100 * b2;
        // Once β^t is below 2⁻⁵⁶, 1 − β^t is 1: a careful hand skips the powers from then on.
        if (!exact) {
          p1 = 0.9 ** t;
          p2 = 0.999 ** t;
          exact = p2 <= 2 ** -56;
        }
        const stepSize = lr / (exact ? 1 : 1 - p1);
        const bc2 = exact ? 1 : Math.sqrt(1 - p2);
        mx += (1 - 0.9) * (gx - mx);
        my += (1 - 0.9) * (gy - my);
        vx = vx * 0.999 + (1 - 0.999) * gx * gx;
        vy = vy * 0.999 + (1 - 0.999) * gy * gy;
        x += (-stepSize * mx) / (Math.sqrt(vx) / bc2 + 1e-8);
        y += (-stepSize * my) / (Math.sqrt(vy) / bc2 + 1e-8);
      }
      return [x, y];
    },
  },
  adagrad: {
    label: 'Adagrad, Rosenbrock, exact ∇f',
    steps: STEPS,
    engine: () => engine({ expression: ROSENBROCK, start: [-1.5, 2], optimizer: { name: 'adagrad', lr: 0.1 }, stop }),
    hand: () => () => {
      let x = -1.5;
      let y = 2;
      let sx = 0;
      let sy = 0;
      for (let t = 1; t <= STEPS; t++) {
        const a = 1 - x;
        const b = y - x * x;
        const b2 = 2 * b;
        const gx = -(2 * a) - 100 * (b2 * (2 * x));
        const gy = 100 * b2;
        sx += gx * gx;
        sy += gy * gy;
        x += (-0.1 * gx) / (Math.sqrt(sx) + 1e-10);
        y += (-0.1 * gy) / (Math.sqrt(sy) + 1e-10);
      }
      return [x, y];
    },
  },
  rmsprop: {
    label: 'RMSprop, Rosenbrock, exact ∇f',
    steps: STEPS,
    engine: () => engine({ expression: ROSENBROCK, start: [-1.5, 2], optimizer: { name: 'rmsprop', lr: 1e-3 }, stop }),
    hand: () => () => {
      let x = -1.5;
      let y = 2;
      let qx = 0;
      let qy = 0;
      for (let t = 1; t <= STEPS; t++) {
        const a = 1 - x;
        const b = y - x * x;
        const b2 = 2 * b;
        const gx = -(2 * a) - 100 * (b2 * (2 * x));
        const gy = 100 * b2;
        qx = qx * 0.99 + (1 - 0.99) * gx * gx;
        qy = qy * 0.99 + (1 - 0.99) * gy * gy;
        x += (-1e-3 * gx) / (Math.sqrt(qx) + 1e-8);
        y += (-1e-3 * gy) / (Math.sqrt(qy) + 1e-8);
      }
      return [x, y];
    },
  },
  nadam: {
    label: 'NAdam, Rosenbrock, exact ∇f',
    steps: STEPS,
    engine: () => engine({ expression: ROSENBROCK, start: [-1.5, 2], optimizer: { name: 'nadam', lr: 2e-3 }, stop }),
    hand: () => () => {
      let x = -1.5;
      let y = 2;
      let mx = 0;
      let my = 0;
      let vx = 0;
      let vy = 0;
      let product = 1;
      const lr = 2e-3;
      for (let t = 1; t <= STEPS; t++) {
        const a = 1 - x;
        const b = y - x * x;
        const b2 = 2 * b;
        const gx = -(2 * a) - 100 * (b2 * (2 * x));
        const gy = 100 * b2;
        const bc2 = 1 - 0.999 ** t;
        const mu = 0.9 * (1 - 0.5 * 0.96 ** (t * 4e-3));
        const muNext = 0.9 * (1 - 0.5 * 0.96 ** ((t + 1) * 4e-3));
        product *= mu;
        const gw = (-lr * (1 - mu)) / (1 - product);
        const mw = (-lr * muNext) / (1 - product * muNext);
        mx += (1 - 0.9) * (gx - mx);
        my += (1 - 0.9) * (gy - my);
        vx = vx * 0.999 + (1 - 0.999) * gx * gx;
        vy = vy * 0.999 + (1 - 0.999) * gy * gy;
        const dx = Math.sqrt(vx / bc2) + 1e-8;
        const dy = Math.sqrt(vy / bc2) + 1e-8;
        x = x + (gw * gx) / dx + (mw * mx) / dx;
        y = y + (gw * gy) / dy + (mw * my) / dy;
      }
      return [x, y];
    },
  },
  adadelta: {
    label: 'Adadelta, Rosenbrock, exact ∇f',
    steps: STEPS,
    engine: () => engine({ expression: ROSENBROCK, start: [-1.5, 2], optimizer: { name: 'adadelta', lr: 1 }, stop }),
    hand: () => () => {
      let x = -1.5;
      let y = 2;
      let qx = 0;
      let qy = 0;
      let ux = 0;
      let uy = 0;
      for (let t = 1; t <= STEPS; t++) {
        const a = 1 - x;
        const b = y - x * x;
        const b2 = 2 * b;
        const gx = -(2 * a) - 100 * (b2 * (2 * x));
        const gy = 100 * b2;
        qx = qx * 0.9 + (1 - 0.9) * gx * gx;
        qy = qy * 0.9 + (1 - 0.9) * gy * gy;
        const ex = (Math.sqrt(ux + 1e-6) / Math.sqrt(qx + 1e-6)) * gx;
        const ey = (Math.sqrt(uy + 1e-6) / Math.sqrt(qy + 1e-6)) * gy;
        ux = ux * 0.9 + (1 - 0.9) * ex * ex;
        uy = uy * 0.9 + (1 - 0.9) * ey * ey;
        x -= ex;
        y -= ey;
      }
      return [x, y];
    },
  },
  linesearch: {
    label: 'Armijo line search, Rosenbrock, exact ∇f',
    steps: STEPS,
    engine: () => engine({ expression: ROSENBROCK, start: [-1.5, 2], optimizer: { name: 'linesearch', lr: 1 }, stop }),
    hand: () => () => {
      let x = -1.5;
      let y = 2;
      const f = (u: number, w: number): number => {
        const a = 1 - u;
        const b = w - u * u;
        return a * a + 100 * (b * b);
      };
      let a = 1 - x;
      let b = y - x * x;
      let value = a * a + 100 * (b * b);
      for (let t = 1; t <= STEPS; t++) {
        const b2 = 2 * b;
        const gx = -(2 * a) - 100 * (b2 * (2 * x));
        const gy = 100 * b2;
        const norm2 = gx * gx + gy * gy;
        let alpha = 1;
        let tx = 0;
        let ty = 0;
        for (let backtracks = 0; ; backtracks++) {
          tx = x - alpha * gx;
          ty = y - alpha * gy;
          if (f(tx, ty) <= value - 1e-4 * alpha * norm2 || backtracks >= 60) break;
          alpha *= 0.5;
        }
        x = tx;
        y = ty;
        a = 1 - x;
        b = y - x * x;
        value = a * a + 100 * (b * b);
      }
      return [x, y];
    },
  },
  adam10: {
    label: 'Adam, 10-D Rosenbrock, exact ∇f',
    steps: STEPS_10D,
    engine: () =>
      engine({
        expression: ROSENBROCK_10D,
        start: START_10D,
        optimizer: { name: 'adam', lr: 0.001 },
        stop: { ...stop, maxSteps: STEPS_10D },
      }),
    hand: () => () => {
      const x = Float64Array.from(START_10D);
      const g = new Float64Array(D);
      const m = new Float64Array(D);
      const v = new Float64Array(D);
      const lr = 0.001;
      for (let t = 1; t <= STEPS_10D; t++) {
        g.fill(0);
        for (let i = 0; i < D - 1; i++) {
          const xi = x[i] as number;
          const b = (x[i + 1] as number) - xi * xi;
          g[i] = (g[i] as number) - 400 * xi * b - 2 * (1 - xi);
          g[i + 1] = (g[i + 1] as number) + 200 * b;
        }
        const stepSize = lr / (1 - 0.9 ** t);
        const bc2 = Math.sqrt(1 - 0.999 ** t);
        for (let i = 0; i < D; i++) {
          const gi = g[i] as number;
          const mi = (m[i] as number) + (1 - 0.9) * (gi - (m[i] as number));
          const vi = (v[i] as number) * 0.999 + (1 - 0.999) * gi * gi;
          m[i] = mi;
          v[i] = vi;
          x[i] = (x[i] as number) + (-stepSize * mi) / (Math.sqrt(vi) / bc2 + 1e-8);
        }
      }
      return Array.from(x);
    },
  },
  central: {
    label: 'SGD, Rosenbrock, central differences',
    steps: STEPS,
    engine: () =>
      engine({
        expression: ROSENBROCK,
        start: [-1.5, 2],
        optimizer: { name: 'sgd', lr: 1e-4 },
        gradient: { method: 'central', h: 1e-4 },
        stop,
      }),
    hand: () => () => {
      let x = -1.5;
      let y = 2;
      const lr = 1e-4;
      const h = 1e-4;
      let f = 0;
      for (let t = 1; t <= STEPS; t++) {
        let a = 1 - (x + h);
        let b = y - (x + h) * (x + h);
        const xPlus = a * a + 100 * b * b;
        a = 1 - (x - h);
        b = y - (x - h) * (x - h);
        const xMinus = a * a + 100 * b * b;
        a = 1 - x;
        b = y + h - x * x;
        const yPlus = a * a + 100 * b * b;
        b = y - h - x * x;
        const yMinus = a * a + 100 * b * b;
        b = y - x * x;
        f = a * a + 100 * b * b;
        x -= lr * ((xPlus - xMinus) / (2 * h));
        y -= lr * ((yPlus - yMinus) / (2 * h));
      }
      return [x, y, f];
    },
  },
  // Against the engine itself: the cost of recording the path as the job worker does.
  record: {
    label: 'Adam, Rosenbrock, path recorded as the worker records it (baseline: nothing recorded)',
    steps: STEPS,
    engine: () =>
      engine({ expression: ROSENBROCK, start: [-1.5, 2], optimizer: { name: 'adam', lr: 0.01 }, stop }, true),
    hand: () => engine({ expression: ROSENBROCK, start: [-1.5, 2], optimizer: { name: 'adam', lr: 0.01 }, stop }),
  },
  grid: {
    label: 'Contour grid 256², Rosenbrock (per point)',
    steps: 256 * 256,
    engine: () => {
      const parsed = parseOrThrow(ROSENBROCK);
      return () => {
        const grid = evaluateGrid({
          tree: parsed.tree,
          dimension: 2,
          axes: [0, 1],
          point: [0, 0],
          bounds: { x: [-2, 2], y: [-1, 3] },
          resolution: 256,
        });
        return [grid.min, grid.max];
      };
    },
    hand: () => () => {
      const n = 256;
      const values = new Float64Array(n * n);
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let row = 0; row < n; row++) {
        const y = -1 + (4 * row) / (n - 1);
        for (let col = 0; col < n; col++) {
          const x = -2 + (4 * col) / (n - 1);
          const a = 1 - x;
          const b = y - x * x;
          const f = a * a + 100 * b * b;
          values[row * n + col] = f;
          if (f < min) min = f;
          if (f > max) max = f;
        }
      }
      return [min, max];
    },
  },
};

const [name = '', side = ''] = process.argv.slice(2);
const chosen = CASES[name];
if (!chosen || (side !== 'engine' && side !== 'hand')) {
  console.error(`usage: bench-engine-job.ts <${Object.keys(CASES).join('|')}> engine|hand`);
  process.exit(2);
}
const work = chosen[side]();
const started = process.hrtime.bigint();
const result = work();
const ns = Number(process.hrtime.bigint() - started) / chosen.steps;
console.log(JSON.stringify({ label: chosen.label, ns, result }));

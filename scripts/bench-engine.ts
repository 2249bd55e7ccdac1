/**
 * `npm run bench`: the engine's speed beside its baselines, measured in one run.
 *   1. ns per f + ∇f evaluation: compiled engine code, mathjs `evaluate` (compiled), hand-written JS
 *   2. one million Adam steps on Rosenbrock: the engine's runner against a hand-written Adam loop
 *      (measured before 3, while the runner's call sites have seen only this one optimizer, as in a
 *      worker running one job)
 *   3. steps per second per optimizer (Rosenbrock, exact gradient)
 * Goals (issue 3): f + ∇f within 1.5× of hand-written; the Adam ratio ≤ 1.5×.
 */
import { all, create, type FactoryFunctionMap } from 'mathjs';
import { compileValueGradient } from '../shared/engine/compile';
import { gradientOf } from '../shared/engine/derivative';
import { parseOrThrow } from '../shared/engine/expression';
import { prepareRun } from '../shared/engine/prepare';
import { OPTIMIZER_NAMES } from '../shared/spec';
import { formatMessage } from '../shared/messages';

// The baseline: mathjs's own compiled evaluate (trusted text only, here).
const math = create(all as FactoryFunctionMap);

function timeNs(iterations: number, body: (i: number) => number): number {
  let sink = 0;
  for (let i = 0; i < Math.min(iterations, 200_000); i++) sink += body(i); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += body(i);
  const elapsed = Number(process.hrtime.bigint() - started);
  if (sink === 42.4242) console.log(''); // keep the work observable
  return elapsed / iterations;
}

interface Case {
  name: string;
  text: string;
  handWritten: (x: Float64Array, g: Float64Array) => number;
}

const CASES: Case[] = [
  {
    name: 'Rosenbrock',
    text: '(1 - x)^2 + 100 (y - x^2)^2',
    handWritten: (p, g) => {
      const x = p[0] as number;
      const y = p[1] as number;
      const a = 1 - x;
      const b = y - x * x;
      g[0] = -2 * a - 400 * x * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    },
  },
  {
    name: 'Himmelblau',
    text: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    handWritten: (p, g) => {
      const x = p[0] as number;
      const y = p[1] as number;
      const a = x * x + y - 11;
      const b = x + y * y - 7;
      g[0] = 4 * x * a + 2 * b;
      g[1] = 2 * a + 4 * y * b;
      return a * a + b * b;
    },
  },
  {
    name: 'Ackley',
    text: '-20 exp(-0.2 sqrt(0.5 (x^2 + y^2))) - exp(0.5 (cos(2 pi x) + cos(2 pi y))) + e + 20',
    handWritten: (p, g) => {
      const x = p[0] as number;
      const y = p[1] as number;
      const r = Math.sqrt(0.5 * (x * x + y * y));
      const e1 = Math.exp(-0.2 * r);
      const e2 = Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y)));
      const k = r === 0 ? 0 : (2 * e1) / r;
      g[0] = k * 0.5 * x + e2 * Math.PI * Math.sin(2 * Math.PI * x);
      g[1] = k * 0.5 * y + e2 * Math.PI * Math.sin(2 * Math.PI * y);
      return -20 * e1 - e2 + Math.E + 20;
    },
  },
];

const pad = (text: string | number, width: number): string => String(text).padStart(width);
const fmt = (value: number, digits = 1): string => value.toFixed(digits);

console.log('\n1. f + ∇f per evaluation (ns; lower is better)');
console.log(
  `${'function'.padEnd(12)}${pad('engine', 10)}${pad('mathjs', 10)}${pad('hand JS', 10)}${pad('engine/JS', 11)}${pad('mathjs/JS', 11)}`,
);
const N = 2_000_000;
for (const c of CASES) {
  const expression = parseOrThrow(c.text);
  const gradient = gradientOf(expression.tree, 2);
  const engine = compileValueGradient(expression.tree, gradient, 2);
  const compiledF = math.compile(c.text);
  const compiledG = ['x', 'y'].map((v) => math.compile(math.derivative(c.text, v).toString()));
  const points = Array.from({ length: 1024 }, (_, i) =>
    Float64Array.from([Math.sin(i) * 1.5, Math.cos(i * 1.3) * 1.5]),
  );
  const g = new Float64Array(2);
  const engineNs = timeNs(N, (i) => engine(points[i & 1023] as Float64Array, g) + (g[0] as number));
  const handNs = timeNs(N, (i) => c.handWritten(points[i & 1023] as Float64Array, g) + (g[0] as number));
  const scope = { x: 0, y: 0 };
  const mathjsNs = timeNs(N / 20, (i) => {
    const p = points[i & 1023] as Float64Array;
    scope.x = p[0] as number;
    scope.y = p[1] as number;
    return (
      (compiledF.evaluate(scope) as number) +
      (compiledG[0]?.evaluate(scope) as number) +
      (compiledG[1]?.evaluate(scope) as number)
    );
  });
  console.log(
    `${c.name.padEnd(12)}${pad(fmt(engineNs), 10)}${pad(fmt(mathjsNs), 10)}${pad(fmt(handNs), 10)}${pad(fmt(engineNs / handNs, 2) + '×', 11)}${pad(fmt(mathjsNs / handNs, 0) + '×', 11)}`,
  );
}

console.log('\n2. One million Adam steps on Rosenbrock (lr 0.01, exact gradient)');
function handAdam(steps: number): Float64Array {
  const theta = Float64Array.from([-1.5, 2]);
  const g = new Float64Array(2);
  const m = new Float64Array(2);
  const v = new Float64Array(2);
  const rosenbrock = CASES[0]?.handWritten ?? ((): number => 0);
  for (let t = 1; t <= steps; t++) {
    rosenbrock(theta, g);
    const bc1 = 1 - 0.9 ** t;
    const bc2 = Math.sqrt(1 - 0.999 ** t);
    for (let i = 0; i < 2; i++) {
      const gi = g[i] as number;
      m[i] = (m[i] as number) + (1 - 0.9) * (gi - (m[i] as number));
      v[i] = (v[i] as number) * 0.999 + (1 - 0.999) * gi * gi;
      theta[i] = (theta[i] as number) - ((0.01 / bc1) * (m[i] as number)) / (Math.sqrt(v[i] as number) / bc2 + 1e-8);
    }
  }
  return theta;
}
const adamSpec = {
  expression: CASES[0]?.text,
  start: [-1.5, 2],
  optimizer: { name: 'adam', lr: 0.01 },
  gradient: { method: 'exact' },
  stop: { maxSteps: 1_000_000 },
};
/** Median of five timed runs (ms): one noisy neighbour should not decide the figure. */
function medianMs<T>(run: () => T): { ms: number; result: T } {
  const times: number[] = [];
  // Three warm-up runs let V8 finish tiering up before anything is timed.
  let result = run();
  result = run();
  result = run();
  for (let k = 0; k < 5; k++) {
    const started = process.hrtime.bigint();
    result = run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  if (process.env.BENCH_VERBOSE) console.log(times.map((t) => t.toFixed(0)).join(' '));
  times.sort((a, b) => a - b);
  return { ms: times[2] ?? Number.NaN, result };
}
const { ms: handMs, result: hand } = medianMs(() => handAdam(1_000_000));
const { ms: engineMs, result: engineSummary } = medianMs(() => {
  const prepared = prepareRun(adamSpec);
  if (!prepared.ok) throw new Error(formatMessage(prepared.error));
  return prepared.value.runToEnd();
});
console.log(
  `hand-written Adam loop   ${pad(fmt(handMs), 8)} ms   → (${Array.from(hand, (v) => v.toFixed(6)).join(', ')})`,
);
console.log(
  `engine runner (batched)  ${pad(fmt(engineMs), 8)} ms   → (${engineSummary.x.map((v) => v.toFixed(6)).join(', ')}), f and ‖∇f‖ computed every step, stop rules checked`,
);
console.log(`ratio engine / hand      ${pad(fmt(engineMs / handMs, 2), 8)}×    (goal ≤ 1.5×)\n`);

console.log('\n3. Steps per second per optimizer (Rosenbrock, exact gradient, 1,000,000 steps)');
for (const name of OPTIMIZER_NAMES) {
  const lr = name === 'sgd' ? 1e-4 : name === 'newton' || name === 'linesearch' || name === 'adadelta' ? 1 : 1e-3;
  const prepared = prepareRun({
    expression: CASES[0]?.text,
    start: [-1.5, 2],
    optimizer: { name, lr },
    gradient: { method: 'exact' },
    stop: { maxSteps: 1_000_000 },
  });
  if (!prepared.ok) throw new Error(formatMessage(prepared.error));
  const started = process.hrtime.bigint();
  const summary = prepared.value.runToEnd();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${name.padEnd(12)}${pad((summary.steps / seconds / 1e6).toFixed(2), 8)} M steps/s   (${summary.status} after ${summary.steps} steps)`,
  );
}

/**
 * `npm run bench` (part 1): the engine beside plain hand-written JavaScript of the same update.
 * Every figure comes from fresh processes (bench-engine-job.ts), one job each, as the worker and
 * the CLI run it, nothing warmed up; engine and baseline alternate, and each figure is the median
 * of the runs with its spread (min–max). Goals: issue 16.
 */
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(__dirname, '..');
const job = path.join(root, 'scripts/bench-engine-job.ts');

interface Sample {
  label: string;
  ns: number;
  result: number[];
}

function once(name: string, side: 'engine' | 'hand'): Sample {
  const out = execFileSync(process.execPath, ['--import', 'tsx', job, name, side], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as Sample;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const spread = (values: number[], digits: number): string =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
const cell = (values: number[], digits = 1): string =>
  `${median(values).toFixed(digits)} (${spread(values, digits)})`.padStart(22);

const CASES: [name: string, goal: string][] = [
  ['sgd', '≤ 1.2×'],
  ['adam', '≤ 1.2×'],
  ['adagrad', '≤ 1.5×'],
  ['rmsprop', '≤ 1.5×'],
  ['nadam', '≤ 1.5×'],
  ['adadelta', '≤ 1.5×'],
  ['linesearch', '≤ 1.5×'],
  ['adam10', '≤ 1.5×'],
  ['central', '≤ 1.5×'],
  ['record', '≤ 1.5×'],
  ['grid', '≤ 1.5×'],
];

console.log(
  `\nThe engine beside a hand-written loop (ns per step or point; median (min–max) of ${RUNS} fresh processes)`,
);
console.log(`${'case'.padEnd(44)}${'engine'.padStart(22)}${'baseline'.padStart(22)}${'ratio'.padStart(8)}  goal`);
for (const [name, goal] of CASES) {
  const engine: Sample[] = [];
  const hand: Sample[] = [];
  for (let k = 0; k < RUNS; k++) {
    engine.push(once(name, 'engine'));
    hand.push(once(name, 'hand'));
  }
  const e = engine.map((s) => s.ns);
  const h = hand.map((s) => s.ns);
  const first = engine[0];
  const reference = hand[0];
  const gap =
    first && reference ? Math.max(...first.result.map((v, i) => Math.abs(v - (reference.result[i] ?? v)))) : 0;
  console.log(
    `${(first?.label ?? name).slice(0, 43).padEnd(44)}${cell(e)}${cell(h)}${`${(median(e) / median(h)).toFixed(2)}×`.padStart(8)}  ${goal}${gap === 0 ? '' : `  (end points differ by ${gap.toExponential(1)})`}`,
  );
}

// Start-up: the CLI's wall time for one step against Node doing nothing, both fresh processes;
// the job worker from fork to its 'ready' against a forked script that is ready at once.
async function startUp(): Promise<void> {
  if (!existsSync(path.join(root, 'out/main/cli.js'))) {
    console.log('not built (electron-vite build): start-up not measured\n');
    return;
  }
  const cli = path.join(root, 'bin/descent-lab.js');
  const wall = (args: string[]): number => {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const run = [cli, 'run', '--f', '(1 - x)^2 + 100 (y - x^2)^2', '--start', '-1.5,2', '--steps', '1'];
  wall(run); // the first run after a build fills Node's compile cache
  const cliMs: number[] = [];
  const nodeMs: number[] = [];
  const samples = Math.max(RUNS, 9);
  for (let k = 0; k < samples; k++) {
    cliMs.push(wall(run));
    nodeMs.push(wall(['-e', '0']));
  }
  row('descent-lab run … --steps 1, wall ms (node -e 0)', cliMs, nodeMs, '≤ 2.5×', 0);

  const ready = (script: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      // No --import tsx from this process: each is plain node.
      const child = fork(script, [], { execArgv: [], serialization: 'advanced', stdio: 'ignore' });
      child.on('message', (message: { type?: string }) => {
        if (message.type !== 'ready') return;
        resolve(Number(process.hrtime.bigint() - started) / 1e6);
        child.kill();
      });
      child.on('error', reject);
    });
  const folder = mkdtempSync(path.join(tmpdir(), 'descent-bench-'));
  const empty = path.join(folder, 'ready.js');
  writeFileSync(empty, "process.send({ type: 'ready' });\n");
  const worker = path.join(root, 'out/main/worker.js');
  await ready(worker);
  const workerMs: number[] = [];
  const emptyMs: number[] = [];
  for (let k = 0; k < samples; k++) {
    workerMs.push(await ready(worker));
    emptyMs.push(await ready(empty));
  }
  rmSync(folder, { recursive: true, force: true });
  row('job worker, fork to ready, ms (empty script)', workerMs, emptyMs, '≤ 2.5×', 0);
  console.log('');
}

function row(label: string, engine: number[], baseline: number[], goal: string, digits: number): void {
  console.log(
    `${label.padEnd(44)}${cell(engine, digits)}${cell(baseline, digits)}${`${(median(engine) / median(baseline)).toFixed(2)}×`.padStart(8)}  ${goal}`,
  );
}

void startUp();

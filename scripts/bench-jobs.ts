/**
 * `npm run bench` (part 2): the job supervisor with real worker processes.
 *   - cancel latency: from cancel() to the job's end (target < 200 ms), beside the kill fallback
 *   - batches per second while a long run streams (target ≤ ~60)
 */
import { testWorkerFactory } from '../main/test/worker-harness';
import { JobSupervisor } from '../main/services/job-supervisor';
import { prepareJob } from '../shared/engine/prepare';
import { JobSpecSchema } from '../shared/spec';

const LONG = {
  expression: 'x^2 + y^2',
  start: [-3, 4],
  optimizer: { name: 'sgd', lr: 1e-9 },
  stop: { maxSteps: 100_000_000 },
};

async function measure(kill: boolean): Promise<{ cancelMs: number; batchesPerSecond: number }> {
  const supervisor = new JobSupervisor({
    createWorker: testWorkerFactory(),
    poolSize: 1,
    cancelGraceMs: kill ? 0 : 150,
  });
  let batches = 0;
  let first: () => void = () => undefined;
  const firstBatch = new Promise<void>((resolve) => (first = resolve));
  let ended: () => void = () => undefined;
  const end = new Promise<void>((resolve) => (ended = resolve));
  const id = supervisor.startRun(prepareJob(JobSpecSchema.parse(LONG)), {
    onBatch: () => {
      batches++;
      first();
    },
    onEnd: () => ended(),
  });
  await firstBatch;
  const counted = batches;
  const windowStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const batchesPerSecond = ((batches - counted) * 1000) / (performance.now() - windowStart);
  const started = performance.now();
  supervisor.cancel(id);
  await end;
  const cancelMs = performance.now() - started;
  await supervisor.dispose();
  return { cancelMs, batchesPerSecond };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const cooperative: { cancelMs: number; batchesPerSecond: number }[] = [];
  const killed: number[] = [];
  for (let k = 0; k < 5; k++) {
    cooperative.push(await measure(false));
    killed.push((await measure(true)).cancelMs);
  }
  console.log('\nJob supervisor (real worker processes, median of 5)');
  console.log(
    `cancel latency, message then kill after 150 ms   ${median(cooperative.map((c) => c.cancelMs))
      .toFixed(1)
      .padStart(7)} ms   (target < 200 ms)`,
  );
  console.log(`cancel latency, immediate kill (baseline)        ${median(killed).toFixed(1).padStart(7)} ms`);
  console.log(
    `batches per second while streaming               ${median(cooperative.map((c) => c.batchesPerSecond))
      .toFixed(1)
      .padStart(7)}      (target ≤ ~60)\n`,
  );
}

void main();

import { formatMessage } from '@shared/messages';
import { prepareJob } from '@shared/engine/prepare';
import type { RunJob } from '@shared/engine/runner';
import { JobSpecSchema } from '@shared/spec';
import { afterEach, describe, expect, it } from 'vitest';
import type { PathRows } from '@shared/engine/path-rows';
import { testWorkerFactory } from '../test/worker-harness';
import { message, type Message } from '@shared/messages';
import type { FromWorker } from '../worker/protocol';
import { JobSupervisor, type RunOutcome, type WorkerFactory, type WorkerProcess } from './job-supervisor';

const supervisors: JobSupervisor[] = [];

function supervisor(
  options: { poolSize?: number; hangTimeoutMs?: number; createWorker?: WorkerFactory } = {},
): JobSupervisor {
  const created = new JobSupervisor({
    createWorker: options.createWorker ?? testWorkerFactory(),
    poolSize: options.poolSize ?? 2,
    hangTimeoutMs: options.hangTimeoutMs ?? 3000,
  });
  supervisors.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.dispose()));
});

interface Tracked {
  id: string;
  batches: PathRows[];
  ended: Promise<RunOutcome>;
  firstBatch: Promise<void>;
}

/** A spec as main hands it over: validated, its function parsed. */
const job = (input: unknown): RunJob => prepareJob(JobSpecSchema.parse(input));

function track(target: JobSupervisor, spec: unknown): Tracked {
  return trackJob(target, job(spec));
}

function trackJob(target: JobSupervisor, runJob: RunJob): Tracked {
  const batches: PathRows[] = [];
  let resolveEnd: (outcome: RunOutcome) => void = () => undefined;
  let resolveFirst: () => void = () => undefined;
  const ended = new Promise<RunOutcome>((resolve) => (resolveEnd = resolve));
  const firstBatch = new Promise<void>((resolve) => (resolveFirst = resolve));
  const id = target.startRun(runJob, {
    onBatch: (batch) => {
      batches.push(batch);
      resolveFirst();
    },
    onEnd: resolveEnd,
  });
  return { id, batches, ended, firstBatch };
}

const ARTICLE = {
  expression: 'x^2 + y^2',
  start: [-3, 4],
  optimizer: { name: 'sgd', lr: 0.1 },
  gradient: { method: 'central', h: 1e-4 },
  stop: { maxSteps: 100 },
};
const LONG = { ...ARTICLE, optimizer: { name: 'sgd', lr: 1e-9 }, stop: { maxSteps: 50_000_000 } };

describe('JobSupervisor with real worker processes', () => {
  it('does not hold main’s own stall against a healthy worker', async () => {
    const target = supervisor({ poolSize: 1, hangTimeoutMs: 1000 });
    const running = track(target, { ...LONG, optimizer: { name: 'adam', lr: 1e-9 }, stop: { maxSteps: 100_000_000 } });
    await running.firstBatch;
    // Main busy for 2.5 s: the worker's heartbeats wait unread in main's queue meanwhile.
    const until = Date.now() + 2500;
    while (Date.now() < until) Math.sqrt(Math.random());
    await new Promise((resolve) => setTimeout(resolve, 800));
    const outcome = await Promise.race([running.ended, Promise.resolve('still running')]);
    expect(outcome).toBe('still running');
    target.cancel(running.id);
    // The worker stopped the run itself, so its summary comes with the outcome.
    const ended = await running.ended;
    expect(ended).toMatchObject({
      status: 'cancelled',
      summary: { status: 'cancelled', reasonMessage: { code: 'run.stoppedAt' } },
    });
    if (ended.status === 'cancelled') expect(ended.summary?.steps).toBeGreaterThan(0);
  });

  it('moves a run given to a worker that froze while idle to a fresh worker', async () => {
    const real = testWorkerFactory();
    let created = 0;
    // The first worker says it is ready, then never answers again (frozen); the next are real.
    const frozen = (): WorkerProcess => {
      let onExit: ((reason: Message) => void) | undefined;
      let onMessage: ((message: FromWorker) => void) | undefined;
      setTimeout(() => onMessage?.({ type: 'ready' }), 10);
      return {
        postMessage: () => undefined,
        kill: () => setTimeout(() => onExit?.(message('worker.exited')), 10),
        onMessage: (listener) => (onMessage = listener),
        onExit: (listener) => (onExit = listener),
      };
    };
    const target = new JobSupervisor({
      createWorker: (name) => (created++ === 0 ? frozen() : real(name)),
      poolSize: 1,
      hangTimeoutMs: 600,
    });
    supervisors.push(target);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const run = track(target, ARTICLE);
    const outcome = await run.ended;
    expect(outcome.status).toBe('ended');
    expect(created).toBe(2);
  });

  it('after dispose, a new run fails as shut down, and only after startRun has returned its id', async () => {
    const target = supervisor();
    await target.dispose();
    const seen: string[] = [];
    const id = target.startRun(job(ARTICLE), {
      onBatch: () => undefined,
      onEnd: (outcome) => seen.push(outcome.status === 'failed' ? outcome.reason.code : outcome.status),
    });
    seen.push(`returned ${id}`);
    await Promise.resolve();
    expect(seen).toEqual([`returned ${id}`, 'worker.shutDown']);
  });

  it('dispose resolves once every worker has exited', async () => {
    const target = supervisor();
    const running = track(target, LONG);
    await running.firstBatch;
    await target.dispose();
    expect(await running.ended).toEqual({ status: 'failed', reason: { code: 'worker.shutDown' } });
    expect(target.busyWorkers).toBe(0);
  });

  it("runs the article's experiment in a worker and streams its path as typed arrays", async () => {
    const job = track(supervisor(), ARTICLE);
    const outcome = await job.ended;
    expect(outcome.status).toBe('ended');
    if (outcome.status === 'ended') expect(outcome.summary.x).toEqual([-6.111107928998789e-10, 8.148143905314271e-10]);
    expect(job.batches[0]?.points).toBeInstanceOf(Float64Array);
    expect(job.batches.reduce((n, b) => n + b.count, 0)).toBe(101);
  });

  it('runs several jobs at once, queueing beyond the pool', async () => {
    const target = supervisor({ poolSize: 2 });
    const jobs = [0.1, 0.05, 0.02].map((lr) =>
      track(target, { ...ARTICLE, optimizer: { name: 'sgd', lr }, stop: { maxSteps: 3_000_000 } }),
    );
    await Promise.all(jobs.slice(0, 2).map((j) => j.firstBatch));
    expect(target.busyWorkers).toBe(2);
    expect(target.queuedJobs).toBe(1);
    const outcomes = await Promise.all(jobs.map((j) => j.ended));
    expect(outcomes.map((o) => o.status)).toEqual(['ended', 'ended', 'ended']);
  });

  it('posts at most about 60 batches a second', async () => {
    const target = supervisor();
    const job = track(target, LONG);
    await job.firstBatch;
    const started = Date.now();
    const before = job.batches.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rate = ((job.batches.length - before) * 1000) / (Date.now() - started);
    target.cancel(job.id);
    await job.ended;
    // An upper bound only: the worker never posts more often than every 16 ms, however fast it runs.
    expect(job.batches.length).toBeGreaterThan(before);
    expect(rate).toBeLessThanOrEqual(66);
  });

  it('cancels a running job cooperatively: the worker stops between batches and is not restarted', async () => {
    let spawned = 0;
    const factory = testWorkerFactory();
    const target = new JobSupervisor({ createWorker: (name) => (spawned++, factory(name)), poolSize: 1 });
    supervisors.push(target);
    const job = track(target, LONG);
    await job.firstBatch;
    expect(target.cancel(job.id)).toBe(true);
    expect(target.cancel(job.id)).toBe(false);
    expect((await job.ended).status).toBe('cancelled');
    // The same worker takes the next job: cancel was a message, not a kill.
    expect((await track(target, ARTICLE).ended).status).toBe('ended');
    expect(spawned).toBe(1);
  });

  it('cancels a queued job without running it', async () => {
    const target = supervisor({ poolSize: 1 });
    const running = track(target, LONG);
    const queued = track(target, ARTICLE);
    expect(target.cancel(queued.id)).toBe(true);
    expect((await queued.ended).status).toBe('cancelled');
    expect(queued.batches).toHaveLength(0);
    target.cancel(running.id);
    await running.ended;
  });

  it('reports a job the worker cannot run as a failed job in words, and runs the next', async () => {
    // An optimizer this worker does not know (a host of another version could send one).
    const target = supervisor({ poolSize: 1 });
    const article = job(ARTICLE);
    const unknown = {
      ...article,
      spec: { ...article.spec, optimizer: { name: 'lion', lr: 0.1 } },
    } as unknown as RunJob;
    const outcome = await trackJob(target, unknown).ended;
    expect(outcome).toMatchObject({ status: 'failed', reason: { code: 'worker.jobFailed' } });
    expect(await track(target, ARTICLE).ended).toMatchObject({ status: 'ended' });
  });

  it.each([
    ['crash', /The worker was stopped \(SIGKILL\)/],
    ['throw', /The worker crashed: injected failure/],
    ['oom', /ran out of memory/],
    ['hang', /stopped responding/],
  ] as const)(
    'survives a worker that fails by %s: the job fails with the reason, the next job runs',
    async (fault, reason) => {
      const workers = testWorkerFactory({ faults: true, heapMb: 64 });
      const target = supervisor({ poolSize: 1, hangTimeoutMs: 1500, createWorker: workers });
      const doomed = track(target, LONG);
      await doomed.firstBatch;
      workers.injectFault(fault);
      const outcome = await doomed.ended;
      expect(outcome.status).toBe('failed');
      if (outcome.status === 'failed') expect(formatMessage(outcome.reason)).toMatch(reason);
      const next = await track(target, ARTICLE).ended;
      expect(next).toMatchObject({ status: 'ended' });
    },
    30_000,
  );
});

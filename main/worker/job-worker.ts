import os from 'node:os';
import { inspectStep } from '@shared/engine/inspect';
import { Run, type RunJob } from '@shared/engine/runner';
import { PathThinner } from '@shared/engine/thinning';
import { UserError, message, type Message } from '@shared/messages';
import { BATCH_INTERVAL_MS, HEARTBEAT_INTERVAL_MS, type FromWorker, type ToWorker, type WorkerTask } from './protocol';

/**
 * Steps per call to the engine, and rows per message. A post of 65,536 rows (2 MB in two
 * dimensions) still clones in about a millisecond; a smaller cap made a fast engine post a full
 * batch more often than once a frame. While a post is still leaving, rows gather past the cap.
 */
const CHUNK_STEPS = 4096;
const MAX_ROWS_PER_POST = 65_536;

/**
 * The job worker: a message loop around the engine. It runs in an Electron utilityProcess
 * (process.parentPort) or a Node child process (process.send), one job at a time, yielding to
 * its event loop between batches so that cancel messages are read and heartbeats keep flowing.
 */

interface ParentPort {
  /** Posts; `sent` is called once the message has left this process (at once where that is not known). */
  postMessage(message: FromWorker, sent?: () => void): void;
  on(event: 'message', listener: (message: ToWorker) => void): void;
}

function connect(): ParentPort {
  const electronPort = (
    process as {
      parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (e: { data: unknown }) => void): void };
    }
  ).parentPort;
  if (electronPort) {
    return {
      postMessage: (message, sent) => {
        electronPort.postMessage(message);
        sent?.();
      },
      on: (_event, listener) => electronPort.on('message', (event) => listener(event.data as ToWorker)),
    };
  }
  if (!process.send) throw new Error('job-worker must be started as a utility process or a forked child');
  return {
    postMessage: (message, sent) => process.send?.(message, undefined, {}, () => sent?.()),
    on: (_event, listener) => process.on('message', (message) => listener(message as ToWorker)),
  };
}

const port = connect();
// Descent jobs yield the CPU to the window: on a machine with few cores a busy worker must not
// cost the UI its frames. (Below normal, not idle: jobs still finish promptly.)
try {
  os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not permitted here (some sandboxes): run at normal priority.
}
const now = (): number => performance.now();
const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const cancelled = new Set<string>();

function describe(error: unknown): Message {
  if (error instanceof UserError) return error.detail;
  return message('worker.jobFailed', { detail: error instanceof Error ? error.message : String(error) });
}

async function runJob(jobId: string, job: RunJob): Promise<void> {
  // Validated and parsed by the host already: only the compiling is left, here.
  const run = new Run(job);
  const thinner = new PathThinner(run.expression.variables.length);
  // A pipe to a Node host is written a buffer's worth per turn of this event loop: while a batch
  // is still leaving, the worker works in short slices (so it drains), and rows gather in the
  // thinner rather than in a queue of posts that would reach the host all at once, late.
  let inFlight = false;
  const sent = (): void => {
    inFlight = false;
  };
  while (!run.done) {
    if (cancelled.has(jobId)) run.cancel();
    // Work for one frame's worth of time, in small chunks so no single post grows large; a long
    // path is thinned as it goes, so the host is never flooded however fast the steps are.
    const deadline = now() + (inFlight ? 1 : BATCH_INTERVAL_MS);
    while (!run.done && now() < deadline && (inFlight || thinner.pending < MAX_ROWS_PER_POST)) {
      thinner.add(run.advance(() => now() >= deadline, CHUNK_STEPS, true, thinner.stride));
    }
    if (!inFlight) {
      const batch = thinner.take();
      if (batch.count > 0) {
        inFlight = true;
        port.postMessage({ type: 'batch', jobId, batch }, sent);
      }
    }
    await nextTick();
  }
  // What is left goes before the run's end (messages arrive in order).
  const rest = thinner.take();
  if (rest.count > 0) port.postMessage({ type: 'batch', jobId, batch: rest });
  const summary = run.summary;
  if (summary) port.postMessage({ type: 'run-end', jobId, summary });
}

/** A task is a generator that yields between slices of work, so cancels and heartbeats get through. */
async function taskJob(jobId: string, task: WorkerTask): Promise<void> {
  const work = inspectStep(task.job, task.step);
  let deadline = now() + BATCH_INTERVAL_MS;
  for (;;) {
    const step = work.next();
    if (step.done) {
      port.postMessage({ type: 'task-end', jobId, result: step.value });
      return;
    }
    if (cancelled.has(jobId)) return;
    if (now() >= deadline) {
      await nextTick();
      deadline = now() + BATCH_INTERVAL_MS;
    }
  }
}

port.on('message', (message) => {
  switch (message.type) {
    case 'run':
      cancelled.delete(message.jobId);
      port.postMessage({ type: 'started', jobId: message.jobId });
      runJob(message.jobId, message.job).catch((error: unknown) =>
        port.postMessage({ type: 'job-error', jobId: message.jobId, message: describe(error) }),
      );
      break;
    case 'task':
      cancelled.delete(message.jobId);
      port.postMessage({ type: 'started', jobId: message.jobId });
      taskJob(message.jobId, message.task).catch((error: unknown) =>
        port.postMessage({ type: 'job-error', jobId: message.jobId, message: describe(error) }),
      );
      break;
    case 'cancel':
      cancelled.add(message.jobId);
      break;
  }
});

setInterval(() => port.postMessage({ type: 'heartbeat' }), HEARTBEAT_INTERVAL_MS).unref?.();
port.postMessage({ type: 'ready' });
// A forked worker whose parent has gone must not linger.
process.on('disconnect', () => process.exit(0));

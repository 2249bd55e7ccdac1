import path from 'node:path';
import { forkWorker } from '../services/node-worker';
import type { WorkerFactory, WorkerProcess } from '../services/job-supervisor';
import type { ToWorker } from '../worker/protocol';
import { sessionThreadScript, type SessionThreadFactory } from '../services/session-thread-client';

const root = path.resolve(__dirname, '..', '..');

/** The ways a test can make a worker fail (see worker-faults.mjs). */
export type WorkerFault = 'hang' | 'throw' | 'crash' | 'oom';

/** The preload that lets a test make a worker fail; for a built worker, in `NODE_OPTIONS`. */
export const WORKER_FAULTS = path.join(root, 'main/test/worker-faults.mjs');

/** A test's fault message: not a `ToWorker` the app knows, which is why the worker ignores it. */
export const faultMessage = (fault: WorkerFault): { type: 'test-fault'; fault: WorkerFault } => ({
  type: 'test-fault',
  fault,
});

export interface TestWorkerFactory extends WorkerFactory {
  /** Makes the worker last given a job fail that way. */
  injectFault(fault: WorkerFault): void;
}

/**
 * Real worker processes for tests: the worker's TypeScript source run by Node through tsx, with
 * main/'s path aliases. Nothing is faked: the same message loop, engine and IPC as in the app;
 * with `faults`, a test can make the busy worker hang, throw, crash or run out of memory.
 */
export function testWorkerFactory(options: { faults?: boolean; heapMb?: number } = {}): TestWorkerFactory {
  let busy: WorkerProcess | undefined;
  const factory = (): WorkerProcess => {
    const worker = forkWorker(path.join(root, 'main/worker/job-worker.ts'), {
      execArgv: ['--import', 'tsx', ...(options.faults ? ['--import', WORKER_FAULTS] : [])],
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'main/tsconfig.json') },
      ...(options.heapMb ? { heapMb: options.heapMb } : {}),
    });
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (message: ToWorker): void => {
      if (message.type === 'run' || message.type === 'task') busy = worker;
      post(message);
    };
    return worker;
  };
  return Object.assign(factory, {
    injectFault(fault: WorkerFault): void {
      if (!options.faults) throw new Error('testWorkerFactory: made without faults');
      if (!busy) throw new Error('testWorkerFactory: no worker has been given a job');
      // The fault message is the test's own, outside the app's protocol.
      busy.postMessage(faultMessage(fault) as unknown as ToWorker);
    },
  });
}

/** The session thread for tests: its TypeScript source run through tsx, as the job worker is. */
export function testSessionThread(): SessionThreadFactory {
  return sessionThreadScript(path.join(root, 'main/services/session-thread.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'main/tsconfig.json') },
  });
}

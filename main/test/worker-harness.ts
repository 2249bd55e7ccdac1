import path from 'node:path';
import { forkWorker } from '../services/node-worker';
import type { WorkerFactory } from '../services/job-supervisor';
import { sessionThreadScript, type SessionThreadFactory } from '../services/session-thread-client';

const root = path.resolve(__dirname, '..', '..');

/**
 * Real worker processes for tests: the worker's TypeScript source run by Node through tsx, with
 * main/'s path aliases. Nothing is faked: the same message loop, engine and IPC as in the app.
 */
export function testWorkerFactory(options: { faults?: boolean; heapMb?: number } = {}): WorkerFactory {
  return () =>
    forkWorker(path.join(root, 'main/worker/job-worker.ts'), {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: path.join(root, 'main/tsconfig.json'),
        ...(options.faults ? { DESCENT_LAB_WORKER_FAULTS: '1' } : {}),
      },
      ...(options.heapMb ? { heapMb: options.heapMb } : {}),
    });
}

/** The session thread for tests: its TypeScript source run through tsx, as the job worker is. */
export function testSessionThread(): SessionThreadFactory {
  return sessionThreadScript(path.join(root, 'main/services/session-thread.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'main/tsconfig.json') },
  });
}

import { fork } from 'node:child_process';
import { message, type Message } from '@shared/messages';
import type { FromWorker, ToWorker } from '../worker/protocol';
import type { WorkerProcess } from './job-supervisor';

/** Heap cap for a worker: a runaway expression fails its job instead of swallowing the machine. */
export const WORKER_HEAP_MB = 512;

/** Explains a process exit. */
export function exitReason(code: number | null, signal: string | null): Message {
  if (signal === 'SIGABRT' || code === 134) return message('worker.outOfMemory');
  if (signal) return message('worker.stopped', { signal });
  if (code === 0) return message('worker.exited');
  return message('worker.crashed', { code: code ?? '?' });
}

/**
 * A worker as a Node child process: used by the web preview, the tests and the CLI. The
 * 'advanced' serialization is V8's structured clone, so batches keep their Float64Arrays exactly
 * as Electron's utilityProcess delivers them.
 */
export function forkWorker(
  script: string,
  options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; heapMb?: number } = {},
): WorkerProcess {
  const { env = process.env, execArgv = [], heapMb = WORKER_HEAP_MB } = options;
  const child = fork(script, [], {
    serialization: 'advanced',
    execArgv: [...execArgv, `--max-old-space-size=${heapMb}`],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  return {
    postMessage: (message: ToWorker) => {
      if (!exited && child.connected) child.send(message);
    },
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromWorker)),
    onExit: (listener) =>
      child.once('exit', (code, signal) => {
        exited = true;
        if (/heap out of memory|Allocation failed/i.test(stderr)) {
          listener(message('worker.outOfMemory'));
          return;
        }
        // An uncaught exception prints "Error: message" before the process exits with code 1.
        const thrown = /^\s*(?:\w*Error): (.+)$/m.exec(stderr)?.[1];
        listener(thrown && code === 1 ? message('worker.threw', { detail: thrown }) : exitReason(code, signal));
      }),
  };
}

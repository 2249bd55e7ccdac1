import { fork } from 'node:child_process';
import { message, type Message } from '@shared/messages';
import type { FromWorker, ToWorker } from '../worker/protocol';
import type { WorkerProcess } from './job-supervisor';

/** Heap cap for a worker: a runaway expression fails its job instead of swallowing the machine. */
export const WORKER_HEAP_MB = 512;

/** The end of a worker's stderr that is kept, to explain its exit. */
const STDERR_TAIL = 4000;

/** Keeps the last few kB a stream printed. */
export function tailOf(stream: NodeJS.ReadableStream | null | undefined): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer | string) => {
    text = (text + chunk.toString()).slice(-STDERR_TAIL);
  });
  return () => text;
}

/**
 * Explains a worker's exit in words, from what its host reports: the exit code or signal, what it
 * printed on stderr (V8's out-of-memory report, or the uncaught error Node prints before exiting
 * with 1), and whether the host saw a fatal V8 error (Electron's utility-process `error` event).
 */
export function exitReason(code: number | null, signal: string | null, stderr = '', fatalError = false): Message {
  if (fatalError || /heap out of memory|Allocation failed/i.test(stderr)) return message('worker.outOfMemory');
  if (signal === 'SIGABRT' || code === 134) return message('worker.outOfMemory');
  const thrown = /^\s*(?:\w*Error): (.+)$/m.exec(stderr)?.[1];
  if (thrown && code === 1) return message('worker.threw', { detail: thrown });
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
  const stderr = tailOf(child.stderr);
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
        listener(exitReason(code, signal, stderr()));
      }),
  };
}

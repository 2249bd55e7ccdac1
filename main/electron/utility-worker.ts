import { utilityProcess } from 'electron';
import type { WorkerProcess } from '../services/job-supervisor';
import { WORKER_HEAP_MB, exitReason, tailOf } from '../services/node-worker';
import type { FromWorker, ToWorker } from '../worker/protocol';

/**
 * A job worker as an Electron utility process, one serviceName per pool slot. Its stderr is kept
 * (not shown) and V8's fatal errors are listened for, so a failure is explained as the Node fork
 * explains it: out of memory, or the error it threw, rather than a bare exit code.
 */
export function utilityWorker(script: string, serviceName: string): WorkerProcess {
  const child = utilityProcess.fork(script, [], {
    serviceName,
    stdio: ['ignore', 'ignore', 'pipe'],
    execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`],
  });
  const stderr = tailOf(child.stderr);
  let fatal = false;
  child.on('error', () => (fatal = true));
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    // Never post to a dead child: Electron throws (or worse) when the port is gone.
    postMessage: (message: ToWorker) => {
      if (!exited) child.postMessage(message);
    },
    kill: () => {
      if (!exited) child.kill();
    },
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromWorker)),
    onExit: (listener) => child.once('exit', (code: number) => listener(exitReason(code, null, stderr(), fatal))),
  };
}

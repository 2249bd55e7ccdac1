import { utilityProcess } from 'electron';
import type { WorkerProcess } from '../services/job-supervisor';
import { WORKER_HEAP_MB, exitReason } from '../services/node-worker';
import type { FromWorker, ToWorker } from '../worker/protocol';

/** A job worker as an Electron utility process, one serviceName per pool slot. */
export function utilityWorker(script: string, serviceName: string): WorkerProcess {
  const child = utilityProcess.fork(script, [], {
    serviceName,
    stdio: 'ignore',
    execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`],
  });
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
    onExit: (listener) => child.once('exit', (code: number) => listener(exitReason(code, null))),
  };
}

import { Worker, type WorkerOptions } from 'node:worker_threads';
import { SessionFileError } from './session-errors';
import type { SessionMethod, SessionThreadMethods, ThreadReply, ThreadRequest } from './session-thread';

/** Starts the session thread (main/services/session-thread.ts, built as `session-thread.js`). */
export type SessionThreadFactory = () => Worker;

export function sessionThreadScript(script: string, options: WorkerOptions = {}): SessionThreadFactory {
  return () => new Worker(script, options);
}

type Reply<K extends SessionMethod> = Awaited<ReturnType<SessionThreadMethods[K]>>;

/**
 * Main's end of the session thread: typed calls, answered in order. The thread keeps the process
 * alive only while a call is waiting for it; if it stops, every waiting and later call fails
 * (the store tells the user) rather than hanging.
 */
export class SessionThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  private next = 1;
  private stopped: Error | undefined;

  constructor(start: SessionThreadFactory) {
    this.worker = start();
    this.worker.unref();
    this.worker.on('message', (reply: ThreadReply) => {
      const call = this.waiting.get(reply.id);
      if (!call) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (reply.ok) call.resolve(reply.value as never);
      else {
        const { detail, errno, code, message } = reply.error;
        call.reject(detail ? new SessionFileError(detail, errno) : Object.assign(new Error(message), { code }));
      }
    });
    this.worker.on('error', (error: Error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`the session thread stopped (exit code ${code})`)));
  }

  call<K extends SessionMethod>(method: K, ...args: Parameters<SessionThreadMethods[K]>): Promise<Reply<K>> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<Reply<K>>((resolve, reject) => {
      const id = this.next++;
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      const request: ThreadRequest = { id, method, args };
      this.worker.postMessage(request);
    });
  }

  /** Closes the working copy (its WAL folded in), then ends the thread. */
  async close(): Promise<void> {
    if (!this.stopped) await this.call('close').catch(() => undefined);
    await this.worker.terminate();
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const call of this.waiting.values()) call.reject(this.stopped);
    this.waiting.clear();
  }
}

import type { RunJob, RunSummary } from '@shared/engine/runner';
import type { PathRows } from '@shared/engine/path-rows';
import { UserError, message, type Message } from '@shared/messages';
import type { FromWorker, TaskResults, ToWorker, WorkerTask } from '../worker/protocol';

/** A worker process as the supervisor sees it, whether utilityProcess or child_process.fork. */
export interface WorkerProcess {
  postMessage(message: ToWorker): void;
  kill(): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Called once when the process is gone; `reason` says why in words. */
  onExit(listener: (reason: Message) => void): void;
}

export type WorkerFactory = (serviceName: string) => WorkerProcess;

export interface SupervisorOptions {
  createWorker: WorkerFactory;
  /** Workers running at once; further jobs wait in a queue. */
  poolSize: number;
  /** A busy worker silent for this long is considered hung and replaced. */
  hangTimeoutMs?: number;
  /** After a cancel message, how long a worker has to stop before it is killed. */
  cancelGraceMs?: number;
  /** How long a new worker may take to start (load the engine) before it is given up on. */
  startTimeoutMs?: number;
}

export type RunOutcome =
  | { status: 'ended'; summary: RunSummary }
  | { status: 'failed'; reason: Message }
  /** With the worker's summary when it stopped the run itself (not when killed or still queued). */
  | { status: 'cancelled'; summary?: RunSummary };

export interface RunListener {
  onBatch(batch: PathRows): void;
  onEnd(outcome: RunOutcome): void;
}

interface JobState {
  cancelRequested: boolean;
  /** The worker has said something about this job: it took it. */
  started: boolean;
  /** Workers that froze before taking it; it moves to a fresh one a few times at most. */
  moves: number;
}

type Job =
  | ({ kind: 'run'; id: string; job: RunJob; listener: RunListener } & JobState)
  | ({
      kind: 'task';
      id: string;
      task: WorkerTask;
      resolve: (result: unknown) => void;
      reject: (error: Error) => void;
    } & JobState);

/** How many times a job is moved off a worker that froze before it started. */
const MAX_MOVES = 2;

interface Slot {
  readonly name: string;
  readonly worker: WorkerProcess;
  alive: boolean;
  job: Job | undefined;
  lastHeard: number;
  killTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set when we kill the worker ourselves, so its exit is explained by us. */
  killReason: Message | undefined;
  /** Whether the worker has said it is ready; until then it is given `startTimeoutMs`. */
  ready: boolean;
  readonly spawnedAt: number;
  /** Settles when the process is gone. */
  readonly exited: Promise<void>;
  /** The job this worker froze on before taking it: it is queued again when the worker is gone. */
  movedJob?: Job;
}

/**
 * Runs jobs in a pool of worker processes. A worker that hangs, crashes, runs out of memory or
 * throws takes only its own job down: the job ends as failed with the reason in words, the slot
 * gets a fresh worker when next needed, and nothing is ever posted to a dead process.
 */
export class JobSupervisor {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Job[] = [];
  private readonly hangTimeoutMs: number;
  private readonly cancelGraceMs: number;
  private readonly startTimeoutMs: number;
  private readonly watchdog: ReturnType<typeof setInterval>;
  private readonly checkEveryMs: number;
  private lastCheck = Date.now();
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: SupervisorOptions) {
    this.slots = Array.from({ length: Math.max(1, options.poolSize) }, () => undefined);
    this.hangTimeoutMs = options.hangTimeoutMs ?? 3000;
    // Long enough for a busy worker to read its cancel and stay warm for the next job; the run
    // itself is over for the user at once (RunService.cancel).
    this.cancelGraceMs = options.cancelGraceMs ?? 1000;
    this.startTimeoutMs = options.startTimeoutMs ?? 20_000;
    this.checkEveryMs = Math.min(500, this.hangTimeoutMs / 3);
    this.watchdog = setInterval(() => this.checkHeartbeats(), this.checkEveryMs);
    this.watchdog.unref?.();
  }

  /** Starts a descent run; returns its job id. */
  startRun(job: RunJob, listener: RunListener): string {
    const id = `job-${this.nextId++}`;
    this.enqueue({ kind: 'run', id, job, listener, cancelRequested: false, started: false, moves: 0 });
    return id;
  }

  /** Queues a short job (a contour grid, a replayed step); `jobId` can cancel it. */
  runTask<T extends WorkerTask>(task: T): { jobId: string; result: Promise<TaskResults[T['type']]> } {
    const id = `job-${this.nextId++}`;
    const result = new Promise<TaskResults[T['type']]>((resolve, reject) => {
      const settle = (value: unknown): void => resolve(value as TaskResults[T['type']]);
      this.enqueue({
        kind: 'task',
        id,
        task,
        resolve: settle,
        reject,
        cancelRequested: false,
        started: false,
        moves: 0,
      });
    });
    return { jobId: id, result };
  }

  /** Cancels a queued or running job: a message first, then a kill if it does not stop in time. */
  cancel(jobId: string): boolean {
    const queued = this.queue.findIndex((job) => job.id === jobId);
    if (queued >= 0) {
      const [job] = this.queue.splice(queued, 1);
      if (job) this.endCancelled(job);
      return true;
    }
    const slot = this.slots.find((s) => s?.job?.id === jobId);
    if (!slot?.job || slot.job.cancelRequested) return false;
    slot.job.cancelRequested = true;
    this.post(slot, { type: 'cancel', jobId });
    slot.killTimer = setTimeout(() => this.kill(slot, message('run.cancelled')), this.cancelGraceMs);
    return true;
  }

  get busyWorkers(): number {
    return this.slots.filter((s) => s?.job).length;
  }

  get queuedJobs(): number {
    return this.queue.length;
  }

  /**
   * Ends every job and worker; resolves once each worker has exited (or after `timeoutMs`, so a
   * worker that ignores its kill cannot hold up quitting).
   */
  async dispose(timeoutMs = 2000): Promise<void> {
    this.disposed = true;
    clearInterval(this.watchdog);
    for (const job of this.queue.splice(0)) this.fail(job, message('worker.shutDown'));
    const exits = this.slots.filter((slot): slot is Slot => slot?.alive === true).map((slot) => slot.exited);
    for (const slot of this.slots) if (slot) this.kill(slot, message('worker.shutDown'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(exits), timeout]);
    clearTimeout(timer);
  }

  private enqueue(job: Job): void {
    if (this.disposed) {
      // Never from within startRun/runTask: callers get their job id before any outcome.
      queueMicrotask(() => this.fail(job, message('worker.shutDown')));
      return;
    }
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      let slot = this.slots[i];
      if (slot?.job) continue;
      if (!slot || !slot.alive) slot = this.spawn(i);
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.lastHeard = Date.now();
      this.post(
        slot,
        job.kind === 'run'
          ? { type: 'run', jobId: job.id, job: job.job }
          : { type: 'task', jobId: job.id, task: job.task },
      );
    }
  }

  private spawn(index: number): Slot {
    const name = `descent-lab-worker-${index + 1}`;
    const worker = this.options.createWorker(name);
    let markExited!: () => void;
    const slot: Slot = {
      exited: new Promise<void>((resolve) => (markExited = resolve)),
      name,
      worker,
      alive: true,
      job: undefined,
      lastHeard: Date.now(),
      killTimer: undefined,
      killReason: undefined,
      ready: false,
      spawnedAt: Date.now(),
    };
    this.slots[index] = slot;
    worker.onMessage((message) => this.receive(slot, message));
    worker.onExit((reason) => {
      this.exited(slot, reason);
      markExited();
    });
    return slot;
  }

  private receive(slot: Slot, message: FromWorker): void {
    slot.lastHeard = Date.now();
    if (message.type === 'ready') slot.ready = true;
    const job = slot.job;
    if (message.type === 'ready' || message.type === 'heartbeat' || !job || job.id !== message.jobId) return;
    job.started = true;
    switch (message.type) {
      case 'started':
        return;
      case 'batch':
        if (job.kind === 'run') job.listener.onBatch(message.batch);
        return;
      case 'run-end':
        this.release(slot);
        if (job.kind === 'run') {
          job.listener.onEnd(
            message.summary.status === 'cancelled'
              ? { status: 'cancelled', summary: message.summary }
              : { status: 'ended', summary: message.summary },
          );
        }
        return;
      case 'task-end':
        this.release(slot);
        if (job.kind === 'task') job.resolve(message.result);
        return;
      case 'job-error':
        this.release(slot);
        this.fail(job, message.message);
        return;
    }
  }

  /** The worker's job is over: it is free for the next one. */
  private release(slot: Slot): void {
    if (slot.killTimer) clearTimeout(slot.killTimer);
    slot.killTimer = undefined;
    slot.job = undefined;
    this.pump();
  }

  private exited(slot: Slot, reason: Message): void {
    slot.alive = false;
    if (slot.killTimer) clearTimeout(slot.killTimer);
    const job = slot.job;
    slot.job = undefined;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = undefined;
    if (job) {
      if (job.cancelRequested) this.endCancelled(job);
      else if (slot.movedJob === job && !this.disposed) this.queue.unshift(job);
      else this.fail(job, slot.killReason ?? reason);
    }
    if (!this.disposed) this.pump();
  }

  /**
   * Judges workers by their own silence, never by main's: if this check itself ran late (main
   * was busy, so heartbeats sat unread in its queue), the time main lost is not held against
   * them. A worker that froze before it even took its job is replaced and the job moved on.
   */
  private checkHeartbeats(): void {
    const now = Date.now();
    const lost = now - this.lastCheck - this.checkEveryMs;
    this.lastCheck = now;
    if (lost > this.checkEveryMs) {
      for (const slot of this.slots) if (slot) slot.lastHeard += lost;
      return;
    }
    for (const slot of this.slots) {
      if (!slot?.alive || !slot.job) continue;
      // A worker still loading the engine is not hung: it gets the (longer) start timeout.
      if (!slot.ready && now - slot.spawnedAt > this.startTimeoutMs) {
        this.kill(slot, message('worker.startTimeout', { seconds: Math.round(this.startTimeoutMs / 1000) }));
      } else if (slot.ready && now - slot.lastHeard > this.hangTimeoutMs) {
        if (!slot.job.started && slot.job.moves < MAX_MOVES) {
          slot.job.moves++;
          slot.movedJob = slot.job;
        }
        this.kill(slot, message('worker.hung', { seconds: Math.round(this.hangTimeoutMs / 1000) }));
      }
    }
  }

  private kill(slot: Slot, reason: Message): void {
    if (!slot.alive) return;
    slot.killReason ??= reason;
    slot.worker.kill();
  }

  private post(slot: Slot, data: ToWorker): void {
    if (!slot.alive) return;
    try {
      slot.worker.postMessage(data);
    } catch {
      this.kill(slot, message('worker.unreachable'));
    }
  }

  private endCancelled(job: Job): void {
    if (job.kind === 'run') job.listener.onEnd({ status: 'cancelled' });
    else job.reject(new UserError(message('run.cancelled')));
  }

  private fail(job: Job, reason: Message): void {
    if (job.kind === 'run') job.listener.onEnd({ status: 'failed', reason });
    else job.reject(new UserError(reason));
  }
}

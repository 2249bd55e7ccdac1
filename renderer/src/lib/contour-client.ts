import type { GridRequest, GridResult } from '@shared/engine/grid';
import { UserError, message, type Message, type Result } from '@shared/messages';
import { joinRasters, type ContourResult } from './contours';
import { TIMING, measure } from './probe';

export interface ContourRequest {
  readonly id: number;
  readonly grid: GridRequest;
  /** False for a function of one variable: its curve needs the samples, not bands. */
  readonly contour: boolean;
  /** This worker's share of the contours (see ContourShare); part 0 also sends the grid. */
  readonly part: number;
  readonly parts: number;
}

export type ContourReply =
  | { id: number; grid: GridResult | undefined; result: ContourResult | undefined; ms: number; error?: undefined }
  | { id: number; error: Message; ms: number; grid?: undefined; result?: undefined };

/** The grid and (for two or more variables) its bands, or why there are none. */
export type ContourAnswer = Result<{ grid: GridResult; contours: ContourResult | undefined }>;

type Pending = {
  resolve: (answer: ContourAnswer | undefined) => void;
  sent: number;
  expected: number;
  replies: ContourReply[];
  slowest: number;
};

/**
 * A request still unanswered after this long is taken as stuck (a huge function over 65,536
 * points): the next request replaces the workers instead of queueing behind it.
 */
const STUCK_MS = 300;

/**
 * Workers that share one grid's contours side by side: one per core but one, which the window
 * keeps (measured on two cores: one worker puts the contours on screen sooner than two competing
 * with the UI thread), up to four. Each samples the grid itself: a few milliseconds, less than
 * waiting for one to send it to the others.
 */
const CORES = (typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency) || 1;
const WORKERS = Math.max(1, Math.min(4, CORES - 1));

/**
 * Answers a request in place where there are no workers (unit tests). The computing module is
 * loaded only then: it brings maplibre-contour, which the window itself never needs.
 */
async function inPlace(request: GridRequest, contour: boolean): Promise<ContourAnswer> {
  const { sampleAndContour } = await import('./contour-compute');
  try {
    return { ok: true, value: sampleAndContour(request, contour) };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, error: error.detail };
    throw error;
  }
}

/**
 * Samples f and contours it in Web Workers, each taking a share of the work. Only the newest
 * request matters: an older answer that arrives late is dropped. A worker that fails to load or
 * crashes is reported in words.
 */
export class ContourClient {
  private workers: Worker[] = [];
  /**
   * When the last of the workers had loaded (they say 'ready'): a request is stuck only if it has
   * waited STUCK_MS since then, so a slow first load (maplibre-contour and the engine) does not count.
   */
  private readyAt: number | undefined;
  private loading = 0;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  constructor() {
    if (typeof Worker === 'undefined') return;
    this.start();
  }

  private start(): void {
    this.readyAt = undefined;
    this.loading = WORKERS;
    for (let i = 0; i < WORKERS; i++) {
      const worker = new Worker(new URL('../workers/contour.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<ContourReply | 'ready'>) => {
        if (event.data !== 'ready') this.receive(event.data);
        else if (--this.loading === 0) this.readyAt = performance.now();
      };
      worker.onerror = (event) => {
        const error = message('worker.jobFailed', { detail: event.message || 'contour worker' });
        for (const p of this.pending.values()) p.resolve({ ok: false, error });
        this.pending.clear();
      };
      this.workers.push(worker);
    }
  }

  private receive(reply: ContourReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.error) {
      this.pending.delete(reply.id);
      pending.resolve({ ok: false, error: reply.error });
      return;
    }
    pending.replies.push(reply);
    pending.slowest = Math.max(pending.slowest, reply.ms);
    if (pending.replies.length < pending.expected) return;
    this.pending.delete(reply.id);
    measure(TIMING.contoursWorker, pending.sent, pending.slowest);
    const grid = pending.replies.find((r) => r.grid)?.grid;
    // The first worker always sends the grid; without it there is nothing to show, but the
    // caller is still answered rather than left waiting.
    if (!grid) {
      pending.resolve(undefined);
      return;
    }
    const shares = pending.replies.flatMap((r) => (r.result ? [r.result] : []));
    const first = shares[0];
    const raster = joinRasters(shares.map((share) => share.raster));
    const contours = first &&
      raster && {
        ...first,
        isolines: shares.flatMap((share) => share.isolines).sort((a, b) => a.index - b.index),
        raster,
      };
    pending.resolve({ ok: true, value: { grid, contours } });
  }

  /** The grid (and bands) of `request`, or undefined when a newer request superseded this one. */
  compute(request: GridRequest, contour: boolean): Promise<ContourAnswer | undefined> {
    const id = ++this.next;
    if (this.workers.length === 0) return inPlace(request, contour);
    let stuck = false;
    for (const [older, p] of this.pending) {
      stuck ||= this.readyAt !== undefined && performance.now() - Math.max(p.sent, this.readyAt) > STUCK_MS;
      p.resolve(undefined);
      this.pending.delete(older);
    }
    if (stuck) {
      this.dispose();
      this.start();
    }
    // One variable has nothing to contour: one worker samples it.
    const workers = contour ? this.workers : this.workers.slice(0, 1);
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, sent: performance.now(), expected: workers.length, replies: [], slowest: 0 });
      workers.forEach((worker, part) => {
        const job: ContourRequest = { id, grid: request, contour, part, parts: workers.length };
        worker.postMessage(job);
      });
    });
  }

  dispose(): void {
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
  }
}

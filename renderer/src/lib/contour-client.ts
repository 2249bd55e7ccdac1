import { computeContours, type ContourInput, type ContourResult } from './contours';

type Pending = {
  resolve: (result: ContourResult | undefined) => void;
  reject: (error: Error) => void;
  /** The workers' shares received so far. */
  shares: ContourResult[];
  slowest: number;
};

/** Workers that contour one grid side by side, each a share of the levels (one per core, up to 4). */
const WORKERS = Math.max(1, Math.min(4, typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency));

/**
 * Computes contours in Web Workers (one per core up to four, each a share of the levels). Only
 * the newest request matters: an older answer that arrives late is dropped. Where there are no
 * workers (unit tests under jsdom) it computes in place.
 */
export class ContourClient {
  private workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  /** The worker's time for the last answer, for the UI benchmark. */
  lastMs = 0;

  constructor() {
    if (typeof Worker === 'undefined') return;
    for (let i = 0; i < WORKERS; i++) {
      const worker = new Worker(new URL('../workers/contour.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<{ id: number; result: ContourResult; ms: number }>) =>
        this.receive(event.data);
      worker.onerror = (event) => {
        for (const p of this.pending.values()) p.reject(new Error(event.message || 'The contour worker failed'));
        this.pending.clear();
      };
      this.workers.push(worker);
    }
  }

  private receive({ id, result, ms }: { id: number; result: ContourResult; ms: number }): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    pending.shares.push(result);
    pending.slowest = Math.max(pending.slowest, ms);
    if (pending.shares.length < this.workers.length) return;
    this.pending.delete(id);
    this.lastMs = pending.slowest;
    const first = pending.shares[0] as ContourResult;
    const bands = pending.shares.flatMap((share) => share.bands).sort((a, b) => a.index - b.index);
    pending.resolve({ levels: first.levels, logarithmic: first.logarithmic, bands });
  }

  /** Contours of `input`, or undefined when a newer request superseded this one. */
  compute(input: ContourInput): Promise<ContourResult | undefined> {
    const id = ++this.next;
    if (this.workers.length === 0) return Promise.resolve(computeContours(input));
    for (const [older, p] of this.pending) {
      if (older < id) {
        p.resolve(undefined);
        this.pending.delete(older);
      }
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, shares: [], slowest: 0 });
      // The grid's values are copied, not transferred: each worker needs them, and the store keeps them.
      this.workers.forEach((worker, part) => worker.postMessage({ id, input, part, parts: this.workers.length }));
    });
  }

  dispose(): void {
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
  }
}

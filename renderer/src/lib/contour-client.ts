import { computeContours, type ContourInput, type ContourResult } from './contours';

type Pending = { resolve: (result: ContourResult | undefined) => void; reject: (error: Error) => void };

/**
 * Computes contours in a Web Worker. Only the newest request matters: an older answer that
 * arrives late is dropped. Where there are no workers (unit tests under jsdom) it computes in place.
 */
export class ContourClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  /** The worker's time for the last answer, for the UI benchmark. */
  lastMs = 0;

  constructor() {
    if (typeof Worker === 'undefined') return;
    this.worker = new Worker(new URL('../workers/contour.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<{ id: number; result: ContourResult; ms: number }>) => {
      const { id, result, ms } = event.data;
      this.lastMs = ms;
      this.pending.get(id)?.resolve(result);
      this.pending.delete(id);
    };
    this.worker.onerror = (event) => {
      for (const p of this.pending.values()) p.reject(new Error(event.message || 'The contour worker failed'));
      this.pending.clear();
    };
  }

  /** Contours of `input`, or undefined when a newer request superseded this one. */
  compute(input: ContourInput): Promise<ContourResult | undefined> {
    const id = ++this.next;
    if (!this.worker) return Promise.resolve(computeContours(input));
    for (const [older, p] of this.pending) {
      if (older < id) {
        p.resolve(undefined);
        this.pending.delete(older);
      }
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // The grid's values are copied, not transferred: the store keeps them for the pointer readout.
      this.worker?.postMessage({ id, input });
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GridRequest } from '@shared/engine/grid';
import { parseOrThrow } from '@shared/engine/expression';
import { ContourClient, type ContourRequest } from './contour-client';

/** A stand-in for the contour worker: records what it is sent, and says what the test makes it say. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  readonly posted: ContourRequest[] = [];
  terminated = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(message: ContourRequest): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  say(data: unknown): void {
    this.onmessage?.({ data });
  }
}

const request: GridRequest = {
  tree: parseOrThrow('x^2 + y^2').tree,
  dimension: 2,
  axes: [0, 1],
  point: [0, 0],
  bounds: { x: [-1, 1], y: [-1, 1] },
  resolution: 8,
};

let now = 0;
beforeEach(() => {
  FakeWorker.made = [];
  now = 0;
  vi.stubGlobal('Worker', FakeWorker);
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the contour client', () => {
  it('does not give up on workers still loading, only on an answer overdue since they loaded', async () => {
    const client = new ContourClient();
    const first = FakeWorker.made.length;
    expect(first).toBeGreaterThan(0);
    const superseded = client.compute(request, true);
    // A second before the workers have loaded: the first request is waiting, not stuck.
    now = 1000;
    const second = client.compute(request, true);
    await expect(superseded).resolves.toBeUndefined();
    expect(FakeWorker.made).toHaveLength(first);
    // Loaded at 1 s; half a second later the second request is overdue: the workers are replaced.
    for (const worker of FakeWorker.made) worker.say('ready');
    now = 1500;
    void client.compute(request, true);
    await expect(second).resolves.toBeUndefined();
    expect(FakeWorker.made).toHaveLength(2 * first);
    expect(FakeWorker.made.slice(0, first).every((worker) => worker.terminated)).toBe(true);
    client.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import { tracePolyline } from './chart-overlay';

function recorder(): { ctx: CanvasRenderingContext2D; calls: string[] } {
  const calls: string[] = [];
  const ctx = {
    moveTo: (x: number, y: number) => calls.push(`M${x},${y}`),
    lineTo: (x: number, y: number) => calls.push(`L${x},${y}`),
  } as unknown as CanvasRenderingContext2D;
  return { ctx, calls };
}

describe('tracePolyline', () => {
  const identity = (v: number): number => v;

  it('keeps every vertex that moves at least half a pixel, and always the last', () => {
    const { ctx, calls } = recorder();
    const points = [
      { x: 0, y: 0 },
      { x: 0.2, y: 0.1 },
      { x: 0.3, y: 0.3 },
      { x: 1, y: 0 },
      { x: 1.1, y: 0.1 },
    ];
    expect(tracePolyline(ctx, points, identity, identity)).toBe(3);
    expect(calls).toEqual(['M0,0', 'L1,0', 'L1.1,0.1']);
  });

  it('draws a million points converging on a minimum with a handful of vertices', () => {
    const { ctx, calls } = recorder();
    const points = Array.from({ length: 1_000_000 }, (_, k) => ({ x: 100 / (k + 1), y: 50 / (k + 1) }));
    const kept = tracePolyline(ctx, points, identity, identity);
    expect(kept).toBeLessThan(250);
    expect(calls[0]).toBe('M100,50');
    expect(calls.at(-1)).toBe(`L${100 / 1_000_000},${50 / 1_000_000}`);
  });

  it('keeps a zig-zag whose every step is visible', () => {
    const { ctx } = recorder();
    const points = Array.from({ length: 100 }, (_, k) => ({ x: k, y: k % 2 === 0 ? 0 : 10 }));
    expect(tracePolyline(ctx, points, (v) => v * 2, identity)).toBe(100);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelPaint, schedulePaint } from './frames';

let frames: FrameRequestCallback[] = [];
let clock = 0;

beforeEach(() => {
  frames = [];
  clock = 0;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Runs the next animation frame, starting at the current clock. */
function nextFrame(): void {
  const due = frames.splice(0);
  for (const callback of due) callback(clock);
}

describe('the shared paint frame', () => {
  it('paints each owner once per frame, the latest request winning', () => {
    const painted: string[] = [];
    const a = {};
    schedulePaint(a, () => painted.push('a1'));
    schedulePaint(a, () => painted.push('a2'));
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(painted).toEqual(['a2']);
    expect(frames).toHaveLength(0);
  });

  it('leaves what is over the budget for the next frame, where it goes first', () => {
    const painted: string[] = [];
    const [a, b, c] = [{}, {}, {}];
    schedulePaint(a, () => {
      painted.push('a');
      clock += 10;
    });
    schedulePaint(b, () => painted.push('b'));
    nextFrame();
    expect(painted).toEqual(['a']);
    schedulePaint(c, () => painted.push('c'));
    nextFrame();
    expect(painted).toEqual(['a', 'b', 'c']);
  });

  it('forgets a cancelled paint', () => {
    const painted: string[] = [];
    const a = {};
    schedulePaint(a, () => painted.push('a'));
    cancelPaint(a);
    nextFrame();
    expect(painted).toEqual([]);
  });
});

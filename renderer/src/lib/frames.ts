/**
 * One animation frame for everything the charts paint, with a budget: once a frame has spent
 * BUDGET_MS on paints, the paints still waiting go first in the next frame. On a fast machine
 * every chart paints every frame; on a slow one (two cores, software rendering) they take turns
 * rather than make one long frame, so the window keeps its frame rate while a run streams.
 */
const BUDGET_MS = 8;

const waiting = new Map<object, () => void>();
let frame = 0;

function run(start: number): void {
  frame = 0;
  let painted = 0;
  for (const [owner, paint] of waiting) {
    if (painted > 0 && performance.now() - start > BUDGET_MS) break;
    waiting.delete(owner);
    paint();
    painted++;
  }
  if (waiting.size > 0) frame = requestAnimationFrame(run);
}

/** Paints for `owner` in a coming frame; a later request replaces one not yet painted. */
export function schedulePaint(owner: object, paint: () => void): void {
  waiting.set(owner, paint);
  frame ||= requestAnimationFrame(run);
}

/** Drops `owner`'s waiting paint (it is being unmounted). */
export function cancelPaint(owner: object): void {
  waiting.delete(owner);
}

import type { Chart } from 'chart.js';

/**
 * A transparent canvas over a chart's own, for what changes every frame (a streaming path, the
 * playhead, the pointer's arrow). Redrawing it clears and strokes a few polylines; the chart
 * under it (axes, legend, the contour fill) is redrawn only when its layout changes.
 */
export class ChartOverlay {
  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Clears the overlay and paints it in the chart's data coordinates, clipped to the plot. */
  paint(chart: Chart, draw: (ctx: CanvasRenderingContext2D) => void): void {
    const { width, height } = chart.canvas;
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const ratio = chart.currentDevicePixelRatio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const area = chart.chartArea;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    draw(ctx);
    ctx.restore();
  }

  /** The chart with the overlay on top, as a PNG data URL (for export). */
  composite(chart: Chart): string {
    const out = document.createElement('canvas');
    out.width = chart.canvas.width;
    out.height = chart.canvas.height;
    const ctx = out.getContext('2d');
    if (!ctx) return chart.toBase64Image('image/png', 1);
    ctx.drawImage(chart.canvas, 0, 0);
    ctx.drawImage(this.canvas, 0, 0);
    return out.toDataURL('image/png');
  }
}

/**
 * Adds a polyline through `points` (in data coordinates) to the context's path, leaving out each
 * point that lands within half a pixel of the last one kept: a long run converging on its minimum
 * or a curve with more points than pixels costs the rasteriser only the vertices it can show.
 * Returns how many vertices were kept.
 */
export function tracePolyline(
  ctx: CanvasRenderingContext2D,
  points: readonly { x: number; y: number }[],
  toPixelX: (x: number) => number,
  toPixelY: (y: number) => number,
): number {
  let kept = 0;
  let lastX = Number.NaN;
  let lastY = Number.NaN;
  const final = points.length - 1;
  for (let k = 0; k <= final; k++) {
    const p = points[k] as { x: number; y: number };
    const px = toPixelX(p.x);
    const py = toPixelY(p.y);
    if (kept > 0 && k < final && Math.abs(px - lastX) < 0.5 && Math.abs(py - lastY) < 0.5) continue;
    if (kept === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
    lastX = px;
    lastY = py;
    kept++;
  }
  return kept;
}

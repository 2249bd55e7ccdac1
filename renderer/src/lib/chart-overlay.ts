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

  /**
   * The chart with the overlay on top, as a PNG data URL (for export), drawn at `scale` times the
   * chart's size on screen and captioned above with `caption` (what it shows: f, the run, its
   * settings), so an image in a report says what it is.
   */
  composite(chart: Chart, options: { scale?: number; caption?: readonly string[] } = {}): string {
    const scale = options.scale ?? 1;
    const before = chart.options.devicePixelRatio;
    if (scale !== chart.currentDevicePixelRatio) {
      // Re-rendered at the asked resolution (the overlay repaints with it), then put back.
      chart.options.devicePixelRatio = scale;
      chart.resize();
    }
    const ratio = chart.currentDevicePixelRatio;
    const lines = options.caption ?? [];
    const lineHeight = 16 * ratio;
    const top = lines.length > 0 ? Math.ceil(lines.length * lineHeight + 8 * ratio) : 0;
    const out = document.createElement('canvas');
    out.width = chart.canvas.width;
    out.height = chart.canvas.height + top;
    const ctx = out.getContext('2d');
    let url: string;
    if (!ctx) url = chart.toBase64Image('image/png', 1);
    else {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.fillStyle = '#1d2330';
      ctx.font = `${12 * ratio}px system-ui, sans-serif`;
      ctx.textBaseline = 'top';
      lines.forEach((line, i) => ctx.fillText(line, 8 * ratio, 4 * ratio + i * lineHeight, out.width - 16 * ratio));
      ctx.drawImage(chart.canvas, 0, top);
      ctx.drawImage(this.canvas, 0, top);
      url = out.toDataURL('image/png');
    }
    if (scale !== ratio || before !== chart.options.devicePixelRatio) {
      chart.options.devicePixelRatio = before;
      chart.resize();
    }
    return url;
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

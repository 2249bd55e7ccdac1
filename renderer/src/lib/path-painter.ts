import type { Chart } from 'chart.js';
import { chartColors } from './chart-theme';
import { tracePolyline } from './chart-overlay';

export type Point = { x: number; y: number };

/** Length of the pointer's −∇f arrow, in pixels: it shows the direction, not the size. */
const ARROW_PX = 42;

/** The chart's pixel for a data point, when it has both scales. */
function pixel(target: Chart, p: Point): [number, number] | undefined {
  const { x, y } = target.scales;
  return x && y ? [x.getPixelForValue(p.x), y.getPixelForValue(p.y)] : undefined;
}

/** A path as a polyline with a dark halo (any run colour stays legible on any part of the colour map). */
export function strokePath(
  ctx: CanvasRenderingContext2D,
  target: Chart,
  points: readonly Point[],
  style: { color: string; width: number; dots: boolean },
): void {
  const { x: xScale, y: yScale } = target.scales;
  if (!xScale || !yScale || points.length === 0) return;
  ctx.beginPath();
  tracePolyline(
    ctx,
    points,
    (v) => xScale.getPixelForValue(v),
    (v) => yScale.getPixelForValue(v),
  );
  ctx.lineJoin = 'round';
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.lineWidth = style.width + 2.5;
  ctx.stroke();
  ctx.strokeStyle = style.color;
  ctx.lineWidth = style.width;
  ctx.stroke();
  if (!style.dots) return;
  ctx.fillStyle = style.color;
  for (const p of points) {
    ctx.beginPath();
    ctx.arc(xScale.getPixelForValue(p.x), yScale.getPixelForValue(p.y), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** The start: a white disc ringed in the run's colour (the legend's "Start"). */
export function paintStart(ctx: CanvasRenderingContext2D, target: Chart, p: Point | undefined, color: string): void {
  const at = p && pixel(target, p);
  if (!at) return;
  ctx.beginPath();
  ctx.arc(at[0], at[1], 6, 0, 2 * Math.PI);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = color;
  ctx.stroke();
}

/** The current point: a yellow diamond (the legend's "Current point"). */
export function paintCurrent(ctx: CanvasRenderingContext2D, target: Chart, p: Point | undefined): void {
  const at = p && pixel(target, p);
  if (!at) return;
  const [x, y] = at;
  ctx.beginPath();
  ctx.moveTo(x, y - 7);
  ctx.lineTo(x + 7, y);
  ctx.lineTo(x, y + 7);
  ctx.lineTo(x - 7, y);
  ctx.closePath();
  ctx.fillStyle = '#ffd400';
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#111111';
  ctx.stroke();
}

/** The −∇f arrow at a point (`px`, `py` its pixel): the way down from there, as it looks on this chart. */
export function paintArrow(
  ctx: CanvasRenderingContext2D,
  target: Chart,
  at: { x: number; y: number; px: number; py: number; gradient: readonly number[] },
): void {
  const xScale = target.scales.x;
  const yScale = target.scales.y;
  if (!xScale || !yScale) return;
  const [gx = Number.NaN, gy = Number.NaN] = at.gradient;
  // Pixels per unit along each axis, so the arrow is −∇f as it looks on this chart.
  const ux = xScale.getPixelForValue(at.x + 1) - xScale.getPixelForValue(at.x);
  const uy = yScale.getPixelForValue(at.y + 1) - yScale.getPixelForValue(at.y);
  const dx = -gx * ux;
  const dy = -gy * uy;
  const length = Math.hypot(dx, dy);
  if (!Number.isFinite(length) || length === 0) return;
  const ex = at.px + (dx / length) * ARROW_PX;
  const ey = at.py + (dy / length) * ARROW_PX;
  const angle = Math.atan2(ey - at.py, ex - at.px);
  ctx.save();
  ctx.lineWidth = 2.5;
  ctx.strokeStyle = chartColors().overlay;
  ctx.fillStyle = chartColors().overlay;
  ctx.shadowColor = 'rgba(0, 0, 0, 0.6)';
  ctx.shadowBlur = 3;
  ctx.beginPath();
  ctx.moveTo(at.px, at.py);
  ctx.lineTo(ex, ey);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(ex, ey);
  ctx.lineTo(ex - 9 * Math.cos(angle - 0.4), ey - 9 * Math.sin(angle - 0.4));
  ctx.lineTo(ex - 9 * Math.cos(angle + 0.4), ey - 9 * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}

/** Whether a pixel lies in the plot area (not on the axes or the legend). */
export function insidePlot(target: Chart, px: number, py: number): boolean {
  const area = target.chartArea;
  return px >= area.left && px <= area.right && py >= area.top && py <= area.bottom;
}

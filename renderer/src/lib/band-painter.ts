import type { Chart } from 'chart.js';
import type { BandRaster, ContourResult } from './contours';

/**
 * The contour chart's bands and isolines, painted once into an offscreen canvas and then copied
 * on every frame: a 256² grid's isolines have tens of thousands of vertices, far too many to
 * stroke 60 times a second while a path streams in. Repainted only when the contours, the plot
 * area or the ranges change.
 */
export class BandPainter {
  private fill: { key: string; canvas: HTMLCanvasElement } | undefined;
  private fillFor: ContourResult | undefined;
  /** The band raster on a canvas, made once per result (resizing and zooming only rescale it). */
  private raster: { for: BandRaster; canvas: HTMLCanvasElement } | undefined;

  /** Draws `result` under the chart's datasets; true when it is a result not drawn before. */
  draw(target: Chart, result: ContourResult): boolean {
    const { x, y } = target.scales;
    if (!x || !y) return false;
    const { width, height } = target.canvas;
    const area = target.chartArea;
    const key = [width, height, area.left, area.top, area.right, area.bottom, x.min, x.max, y.min, y.max].join(' ');
    let fresh = false;
    if (!this.fill || this.fill.key !== key || this.fillFor !== result) {
      const canvas = this.fill?.canvas ?? document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d');
      if (!context) return false;
      // The same device-pixel scaling as the chart's own canvas.
      context.setTransform(target.currentDevicePixelRatio, 0, 0, target.currentDevicePixelRatio, 0, 0);
      context.clearRect(0, 0, width, height);
      this.paint(target, result, context);
      this.fill = { key, canvas };
      fresh = this.fillFor !== result;
      this.fillFor = result;
    }
    const { ctx } = target;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.fill.canvas, 0, 0);
    ctx.restore();
    return fresh;
  }

  /** The band raster's pixels on a canvas, to be scaled onto the plot. */
  private rasterCanvas(raster: BandRaster): HTMLCanvasElement | undefined {
    if (this.raster?.for === raster) return this.raster.canvas;
    const canvas = document.createElement('canvas');
    canvas.width = raster.size;
    canvas.height = raster.size;
    const context = canvas.getContext('2d');
    if (!context) return undefined;
    context.putImageData(new ImageData(raster.pixels, raster.size), 0, raster.first);
    this.raster = { for: raster, canvas };
    return canvas;
  }

  private paint(target: Chart, result: ContourResult, into: CanvasRenderingContext2D): void {
    const { chartArea, scales } = target;
    const xScale = scales.x;
    const yScale = scales.y;
    if (!xScale || !yScale) return;
    into.save();
    into.beginPath();
    into.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    into.clip();
    // The contours' data rectangle in pixels. Data to pixels is linear on both axes, so it also
    // gives the transform under which the isolines' path is built: the canvas maps the points
    // rather than a scale call per point, and the stroke comes after the transform is undone, so
    // the line width is in pixels.
    const [xa, xb] = result.bounds.x;
    const [ya, yb] = result.bounds.y;
    const left = xScale.getPixelForValue(xa);
    const right = xScale.getPixelForValue(xb);
    const top = yScale.getPixelForValue(yb);
    const bottom = yScale.getPixelForValue(ya);
    const image = this.rasterCanvas(result.raster);
    if (image) into.drawImage(image, left, top, right - left, bottom - top);
    // Every isoline in one path: one stroke, not one per level.
    const kx = (right - left) / (xb - xa);
    const ky = (top - bottom) / (yb - ya);
    into.save();
    into.transform(kx, 0, 0, ky, left - kx * xa, bottom - ky * ya);
    into.beginPath();
    for (const line of result.isolines) {
      const points = line.coordinates;
      let p = 0;
      for (const size of line.lineSizes) {
        into.moveTo(points[p] as number, points[p + 1] as number);
        for (let k = 1; k < size; k++) into.lineTo(points[p + 2 * k] as number, points[p + 2 * k + 1] as number);
        p += 2 * size;
      }
    }
    into.restore();
    into.strokeStyle = 'rgba(255, 255, 255, 0.35)';
    into.lineWidth = 0.75;
    into.stroke();
    into.restore();
  }
}

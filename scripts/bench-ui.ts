/**
 * `npm run bench:ui`: the window's responsiveness, measured in Chromium on the web target (the
 * built renderer driving the real main-side services). Not part of `npm test`: timings depend on
 * the machine. Each figure is printed beside a baseline measured in the same run.
 *
 *   1. Frame times while a one-million-step run streams (goal: 95th percentile < 20 ms),
 *      beside the same page's frame times at rest.
 *   2. Contour recompute after an edit on a 256×256 grid (goal < 50 ms, off the UI thread), in a
 *      window at rest and again just after the million-step run (its history still being saved):
 *      request to the new contours painted on the chart, the workers' answer within it, the slowest
 *      contour worker, and the longest UI frame meanwhile;
 *      beside the same sampling and contouring on one thread (Node, here), which is what the UI
 *      thread would have blocked for.
 *   3. Launch to an interactive window (the preview server started, the page loaded, its stores
 *      filled), beside Chromium loading a blank page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumExecutable, repoRoot } from '../e2e/support/target';
import { parseOrThrow } from '../shared/engine/expression';
import { evaluateGrid } from '../shared/engine/grid';
import { computeContours } from '../renderer/src/lib/contour-compute';
import { TIMING } from '../renderer/src/lib/probe';

const RESOLUTION = 256;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const ms = (v: number): string => `${v.toFixed(1).padStart(7)} ms`;

async function startPreview(dataDir: string): Promise<{ url: string; child: ChildProcess; startedMs: number }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'out/main/web-preview.js'), '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Descent Lab web preview: (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`web preview exited (${code}); run npm run build first`)));
  });
  return { url, child, startedMs: performance.now() - t0 };
}

/**
 * Records rAF-to-rAF intervals in the page while `during` runs; returns them sorted. The page-side
 * code is a string: tsx's name-keeping helper does not exist in the page.
 */
async function frameTimes(page: Page, during: () => Promise<void>): Promise<number[]> {
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__recording = true;
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await during();
  const frames = await page.evaluate<number[]>(`(() => {
    window.__recording = false;
    return window.__frames.slice(1);
  })()`);
  return frames.sort((a, b) => a - b);
}

interface Recompute {
  /** The first edit of the series, not counted in the figures below it. */
  first: number;
  onScreen: number[];
  answered: number[];
  contourWorker: number[];
  longestFrame: number[];
}

/**
 * Eight edits of the function after four to warm up, each timed by the page from the request to
 * the new contours painted on the chart, with the workers' answer and the slowest worker within
 * it, and the longest frame meanwhile; and the series' first edit on its own.
 */
async function recomputeAfterEdits(page: Page, firstCoefficient: number): Promise<Recompute> {
  const out: Recompute = { first: Number.NaN, onScreen: [], answered: [], contourWorker: [], longestFrame: [] };
  // Four edits first, not counted: by then the worker's and the chart's code is compiled and the
  // figure is the window's steady state. The very first edit after launch is printed apart.
  for (let i = -4; i < 8; i++) {
    const edited = await page.evaluate<number>('performance.now()');
    const frames = await frameTimes(page, async () => {
      await page.getByLabel('Function').fill(`(1 - x)^2 + ${firstCoefficient + i} (y - x^2)^2`);
      // Recomputed for this edit, and the new contours painted on the chart (the window's own
      // User Timing entries: see renderer/src/lib/probe.ts).
      await page.waitForFunction(
        ([since, answeredName, paintedName]) => {
          const answered = performance.getEntriesByName(answeredName).at(-1);
          const painted = performance.getEntriesByName(paintedName).at(-1);
          return !!answered && !!painted && answered.startTime > since && painted.startTime >= answered.startTime;
        },
        [edited, TIMING.contoursAnswered, TIMING.contoursPainted] as const,
      );
    });
    const timing = await page.evaluate(
      ([answeredName, workerName, paintedName]) => {
        const answered = performance.getEntriesByName(answeredName).at(-1);
        const painted = performance.getEntriesByName(paintedName).at(-1);
        return {
          onScreen: (painted?.startTime ?? Number.NaN) - (answered?.startTime ?? Number.NaN),
          answered: answered?.duration ?? Number.NaN,
          worker: performance.getEntriesByName(workerName).at(-1)?.duration ?? Number.NaN,
        };
      },
      [TIMING.contoursAnswered, TIMING.contoursWorker, TIMING.contoursPainted] as const,
    );
    if (i === -4) out.first = timing.onScreen;
    if (i < 0) continue;
    out.onScreen.push(timing.onScreen);
    out.answered.push(timing.answered);
    out.contourWorker.push(timing.worker);
    out.longestFrame.push(frames[frames.length - 1] ?? Number.NaN);
  }
  return out;
}

async function main(): Promise<void> {
  const executablePath = chromiumExecutable();
  if (!executablePath) throw new Error('No Chromium found (set CHROMIUM_PATH)');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-bench-ui-'));
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  const results: string[] = [];
  let previewChild: ChildProcess | undefined;
  try {
    // 3. Launch to interactive, beside a blank page.
    const blankContext = await browser.newContext();
    const blank = await blankContext.newPage();
    const b0 = performance.now();
    await blank.goto('about:blank');
    await blank.evaluate('new Promise((resolve) => requestAnimationFrame(resolve))');
    const blankMs = performance.now() - b0;
    await blankContext.close();

    const l0 = performance.now();
    const preview = await startPreview(dataDir);
    previewChild = preview.child;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(preview.url);
    await page.locator('[data-ready="true"]').waitFor();
    const launchMs = performance.now() - l0;
    // The contour workers split the levels, one per core up to four: the figure depends on it.
    const cores = await page.evaluate<number>('navigator.hardwareConcurrency');

    // 1. Frames at rest.
    const idle = await frameTimes(page, () => page.waitForTimeout(2000));
    await page.getByLabel('Preset').selectOption('rosenbrock');
    // 2a. Contour recompute after an edit, the window otherwise at rest.
    const atRest = await recomputeAfterEdits(page, 86);
    // 1 (continued). Frames while a million-step run streams.
    await page.getByLabel('Optimizer').selectOption('adam');
    await page.getByLabel('Learning rate', { exact: true }).fill('0.001');
    await page.getByLabel('Steps').fill('1000000');
    // The article's central differences: a few seconds of streaming, so the figure is about
    // streaming rather than the run's first and last frames.
    await page.getByLabel('Gradient').selectOption('central');
    // No stop rule: all one million steps are taken.
    await page.getByText('Schedule and stop rules').click();
    await page.getByLabel('Stop when ‖∇f‖ <').fill('0');
    const r0 = performance.now();
    const running = await frameTimes(page, async () => {
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      // A plain selector polled four times a second: Playwright's role queries would themselves
      // cost the page frames (they walk the accessibility tree) and skew the figure.
      await page.waitForFunction(
        () =>
          document.querySelector('[role="status"][data-status="max-steps"], [role="status"][data-status="converged"]'),
        undefined,
        { polling: 250, timeout: 120_000 },
      );
    });
    const runMs = performance.now() - r0;

    // 2b. The same edits just after that run (its history still being saved).
    const afterRun = await recomputeAfterEdits(page, 112);
    // The same sampling and contouring on one main thread: what the UI would block for without
    // the workers.
    const inline: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      const parsed = parseOrThrow(`(1 - x)^2 + ${101 + i} (y - x^2)^2`);
      const grid = evaluateGrid({
        tree: parsed.tree,
        dimension: parsed.variables.length,
        axes: [0, 1],
        point: [0, 0],
        bounds: { x: [-2, 2], y: [-1, 3] },
        resolution: RESOLUTION,
      });
      computeContours({ values: grid.values, resolution: RESOLUTION, bounds: { x: [-2, 2], y: [-1, 3] } });
      inline.push(performance.now() - t0);
    }
    const median = (v: number[]): number =>
      quantile(
        [...v].sort((a, b) => a - b),
        0.5,
      );

    results.push(
      `Frame times (${running.length} frames over a ${(runMs / 1000).toFixed(1)} s one-million-step run; goal p95 < 20 ms)`,
      `  while streaming   median ${ms(quantile(running, 0.5))}   p95 ${ms(quantile(running, 0.95))}   max ${ms(running[running.length - 1] ?? Number.NaN)}`,
      `  at rest (base)    median ${ms(quantile(idle, 0.5))}   p95 ${ms(quantile(idle, 0.95))}   max ${ms(idle[idle.length - 1] ?? Number.NaN)}`,
      '',
      `Contour recompute after an edit, ${RESOLUTION}×${RESOLUTION} grid (median of 8 after 4 to warm up; goal < 50 ms, off the UI thread;`,
      `grid and contours in ${Math.max(1, Math.min(4, cores - 1))} Web Worker(s), ${cores} cores)`,
      '                                window at rest   just after the 1M-step run',
      ...(
        [
          ['edit → bands on screen      ', 'onScreen'],
          ["  of which the workers' answer", 'answered'],
          ['  of which the slowest worker ', 'contourWorker'],
          ['longest UI frame meanwhile  ', 'longestFrame'],
        ] as const
      ).map(([label, key]) => `  ${label} ${ms(median(atRest[key]))}       ${ms(median(afterRun[key]))}`),
      `  the series' first edit      ${ms(atRest.first)}       ${ms(afterRun.first)}   (at rest: the first after launch, code not yet compiled)`,
      `  same sampling and contouring on one thread (base) ${ms(median(inline))}   (what the UI would block for)`,
      '',
      'Launch to an interactive window (web target)',
      `  server up ${ms(preview.startedMs)}   window ready ${ms(launchMs)}   Chromium blank page (base) ${ms(blankMs)}`,
    );
    await context.close();
  } finally {
    if (previewChild && previewChild.exitCode === null) {
      // Let the server finish its last autosave before the folder is removed.
      const exited = new Promise((resolve) => previewChild?.once('exit', resolve));
      previewChild.kill('SIGTERM');
      await exited;
    }
    await browser.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(results.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

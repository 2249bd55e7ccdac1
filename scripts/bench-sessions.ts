/**
 * `npm run bench:sessions [-- --mb 1024]`: main's responsiveness with a large session.
 *
 * Builds a working copy of about `--mb` megabytes (runs with 100,000-row paths), then measures
 * main's event-loop delay — how late a cheap call would be answered — over the same few seconds
 * in three conditions: idle (the baseline), while four runs stream their paths into the history
 * and end, and while that happens during a Save of the whole session. Also times opening it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RunRecord } from '../shared/session/run-record';
import { JobSpecSchema } from '../shared/spec';
import { SessionStore, WORKING_COPY_FILE } from '../main/services/session-store';
import { sessionThreadScript } from '../main/services/session-thread-client';

// The session thread as the app runs it: built (`npm run build`) into out/main.
const thread = sessionThreadScript(path.join(__dirname, '..', 'out', 'main', 'session-thread.js'));

const { values } = parseArgs({ options: { mb: { type: 'string' }, seconds: { type: 'string' } } });
const targetBytes = Number(values.mb ?? 1024) * 1024 * 1024;
const seconds = Number(values.seconds ?? 4);
const ROWS = 100_000;
const spec = JobSpecSchema.parse({ expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'adam', lr: 0.01 } });

function run(id: string, status: RunRecord['status'], rows = ROWS): RunRecord {
  return {
    id,
    name: id,
    createdAt: new Date().toISOString(),
    spec,
    status,
    summary: { steps: rows, x: [0, 0], value: 0, gradientNorm: 0, reason: 'bench' },
    path: {
      dimension: 2,
      thinned: true,
      count: rows,
      steps: Float64Array.from({ length: rows }, (_, i) => i * 3),
      points: Float64Array.from({ length: rows * 2 }, () => Math.random()),
      values: Float64Array.from({ length: rows }, () => Math.random()),
      gradientNorms: Float64Array.from({ length: rows }, () => Math.random()),
    },
  };
}

const batch = (rows: number): Parameters<SessionStore['appendPath']>[1] => ({
  count: rows,
  dimension: 2,
  steps: Float64Array.from({ length: rows }, (_, i) => i),
  points: Float64Array.from({ length: rows * 2 }, () => Math.random()),
  values: Float64Array.from({ length: rows }, () => Math.random()),
  gradientNorms: Float64Array.from({ length: rows }, () => Math.random()),
});

interface Delay {
  p50: number;
  p95: number;
  max: number;
}

/** Main's event-loop delay (ms) while `work` runs for `ms`, sampled every millisecond. */
async function delayDuring(ms: number, work: (until: number) => Promise<void>): Promise<Delay> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await work(performance.now() + ms);
  histogram.disable();
  const toMs = (ns: number): number => Math.round(ns / 1e4) / 100;
  return { p50: toMs(histogram.percentile(50)), p95: toMs(histogram.percentile(95)), max: toMs(histogram.max) };
}

const idle = async (until: number): Promise<void> => {
  while (performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 16));
};

/** How long each new run took to be recorded (committed, so a crash would keep it), in ms. */
const acknowledged: number[] = [];

function start(store: SessionStore, id: string): void {
  const t = performance.now();
  void store.upsert({ ...run(id, 'running', 1), path: undefined }).then(() => acknowledged.push(performance.now() - t));
}

/** Four runs streaming display batches (512 rows, ~60 a second each); each ends with its 100k-row path. */
function streaming(store: SessionStore, tag: string, finished: RunRecord) {
  return async (until: number): Promise<void> => {
    let n = 0;
    const live = Array.from({ length: 4 }, (_, k) => `${tag}-${k}-${n}`);
    for (const id of live) start(store, id);
    while (performance.now() < until) {
      for (const id of live) store.appendPath(id, batch(512));
      if (++n % 60 === 0) {
        // One run ends (its final path replaces what streamed) and another starts.
        const done = live.shift() ?? '';
        void store.upsert({ ...finished, id: done, name: done });
        const next = `${tag}-${n}`;
        start(store, next);
        live.push(next);
      }
      await new Promise((resolve) => setTimeout(resolve, 16));
    }
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-bench-sessions-'));
  try {
    const dataDir = path.join(dir, 'data');
    let store = new SessionStore({ dataDir, appVersion: 'bench', thread });
    await store.load();
    const file = path.join(dataDir, WORKING_COPY_FILE);
    const building = performance.now();
    // Each run's path is ROWS × (2 coordinates + step, f, ‖∇f‖) doubles.
    const perRun = ROWS * 5 * 8;
    for (let k = 0; k * perRun < targetBytes; k++) {
      await store.upsert(run(`history-${k}`, 'max-steps'));
    }
    await store.close();
    const bytes = (await stat(file)).size;
    console.log(
      `working copy: ${(bytes / 1024 ** 2).toFixed(0)} MB, ${store.list().length} runs of ${ROWS} rows, built in ${((performance.now() - building) / 1000).toFixed(1)} s`,
    );

    store = new SessionStore({ dataDir, appVersion: 'bench', thread });
    const loading = performance.now();
    await store.load();
    console.log(
      `open at start-up, wall time (quick_check runs in a worker thread): ${(performance.now() - loading).toFixed(0)} ms`,
    );

    // The finished runs' paths are made beforehand: what is timed is the store, not this script.
    const finished = run('template', 'max-steps');
    const rows: [string, Delay][] = [];
    rows.push(['idle (baseline)', await delayDuring(seconds * 1000, idle)]);
    rows.push(['4 runs streaming and ending', await delayDuring(seconds * 1000, streaming(store, 'a', finished))]);
    rows.push([
      'the same, during a Save of the whole session',
      await delayDuring(seconds * 1000, async (until) => {
        const saving = store.saveTo(path.join(dir, 'saved.dlab'));
        await streaming(store, 'b', finished)(until);
        await saving;
      }),
    ]);
    await store.flush();
    const notice = store.state().notice;
    if (notice) console.log(`notice: ${notice.code} ${JSON.stringify(notice.params ?? {})}`);
    console.log('\nmain event-loop delay (ms)            p50     p95     max');
    for (const [name, delay] of rows)
      console.log(
        `${name.padEnd(46)} ${String(delay.p50).padStart(6)} ${String(delay.p95).padStart(7)} ${String(delay.max).padStart(7)}`,
      );
    acknowledged.sort((a, b) => a - b);
    const at = (q: number): string => (acknowledged[Math.floor(q * (acknowledged.length - 1))] ?? 0).toFixed(1);
    console.log(
      `\na run start recorded (committed in the session thread, fsync included), ms over ${acknowledged.length}: p50 ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)}`,
    );
    await store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSessionDatabase } from './session-db';
import { SessionStore, WORKING_COPY_FILE } from './session-store';
import { testSessionThread } from '../test/worker-harness';

let dir: string;
let script: string;
let thread: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-store-crash-'));
  script = path.join(dir, 'store-loop.cjs');
  thread = path.join(dir, 'session-thread.cjs');
  // Bundled to plain JS, the victim and its session thread, so each victim starts in milliseconds.
  for (const [entry, outfile] of [
    ['../test/store-loop.ts', script],
    ['./session-thread.ts', thread],
  ] as const) {
    await build({
      entryPoints: [path.join(__dirname, entry)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      logLevel: 'silent',
      alias: { '@shared': path.join(__dirname, '../../shared') },
    });
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a victim until its first acknowledgement plus `ms`, kills it, and returns what it acknowledged. */
async function killWhileWriting(
  dataDir: string,
  round: number,
  ms: number,
): Promise<{ acked: string[]; done: string[] }> {
  const child = spawn(process.execPath, [script, dataDir, String(round), thread], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let out = '';
  const first = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      resolve();
    }),
  );
  await first;
  await new Promise((resolve) => setTimeout(resolve, ms));
  child.kill('SIGKILL');
  await exited;
  // Only whole lines count: a line cut by the kill was not yet said.
  const lines = out.split('\n').slice(0, -1);
  return {
    acked: lines.filter((line) => line.startsWith('ack ')).map((line) => line.slice(4)),
    done: lines.filter((line) => line.startsWith('done ')).map((line) => line.slice(5)),
  };
}

describe('the working copy under SIGKILL', () => {
  it('holds every acknowledged run, and opens cleanly, after 150 kills at random moments', async () => {
    const dataDir = path.join(dir, 'data');
    const acked: string[] = [];
    const done: string[] = [];
    for (let round = 0; round < 150; round++) {
      const said = await killWhileWriting(dataDir, round, Math.floor(Math.random() * 40));
      acked.push(...said.acked);
      done.push(...said.done);
      await checkSessionDatabase(path.join(dataDir, WORKING_COPY_FILE));
    }
    const store = new SessionStore({ dataDir, appVersion: 'test', thread: testSessionThread() });
    await store.load();
    const ids = new Set(store.list().map((run) => run.id));
    expect(acked.filter((id) => !ids.has(id))).toEqual([]);
    expect(acked.length).toBeGreaterThan(150);
    for (const id of done.slice(-20)) expect((await store.get(id))?.path?.steps).toHaveLength(2000);
    // Whatever was running at a kill is interrupted now, not running.
    expect(store.list().filter((run) => run.status === 'running')).toEqual([]);
    await store.close();
    // The saved document, if the victims got that far, is always a whole database.
    const saved = path.join(dir, 'saved.dlab');
    if (existsSync(saved)) await checkSessionDatabase(saved);
    expect((await readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // A save killed half-way left its temporary file; the next save of that file removes it.
    const again = new SessionStore({ dataDir, appVersion: 'test', thread: testSessionThread() });
    await again.load();
    await again.saveTo(saved);
    await again.close();
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 180_000);
});

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let script: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-crash-'));
  script = path.join(dir, 'save-loop.cjs');
  // Bundled to plain JS so each victim starts in milliseconds.
  await build({
    entryPoints: [path.join(__dirname, '../test/save-loop.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts a saver, lets it write for `ms` after its first save, then kills it with SIGKILL. */
async function killWhileSaving(file: string, firstVersion: number, ms: number): Promise<void> {
  const child = spawn(process.execPath, [script, file, String(firstVersion)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, ms));
  child.kill('SIGKILL');
  await exited;
}

describe('writeFileAtomic under SIGKILL', () => {
  it('leaves a whole old or new file every time, over two hundred kills at random moments', async () => {
    const file = path.join(dir, 'session.dlab');
    let newest = -1;
    for (let round = 0; round < 200; round++) {
      // Each saver numbers its versions from round × 1e6, so a file shows which saver wrote it.
      await killWhileSaving(file, round * 1e6, Math.floor(Math.random() * 12));
      const document = JSON.parse(await readFile(file, 'utf8')) as { version: number; sha: string; payload: string };
      expect(createHash('sha256').update(document.payload).digest('hex')).toBe(document.sha);
      // Old or new, never older than what was already there: no save is ever lost backwards.
      expect(document.version).toBeGreaterThanOrEqual(newest);
      expect(document.version).toBeLessThan((round + 1) * 1e6);
      newest = document.version;
    }
  }, 120_000);
});

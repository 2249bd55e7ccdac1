import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
let scratch = '';

afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('npm start', () => {
  it('where Electron’s binary cannot be downloaded, stops at once with one clear line', async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-start-'));
    const started = Date.now();
    // No binary (an empty dist folder), an empty download cache and a mirror nobody answers on:
    // what a fresh clone sees offline, even on a machine where Electron is installed.
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/start-desktop.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        ELECTRON_OVERRIDE_DIST_PATH: scratch,
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: scratch,
      },
    });
    const lines = `${result.stdout}${result.stderr}`.trim().split('\n');
    expect(result.status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Descent Lab: Electron \d+\.\d+\.\d+ could not be downloaded \(.+\): run `npm start` again/,
    );
    expect(lines[0]).not.toMatch(/Electron uninstall|\s+at /);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 70_000);
});

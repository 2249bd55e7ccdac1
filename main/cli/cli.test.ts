import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, runCommand } from './run-command';

const root = path.resolve(__dirname, '..', '..');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli/index.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'main/tsconfig.json') },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('descent-lab run', () => {
  it('streams a long --trace instead of holding the path: two million steps in a 48 MB heap', () => {
    const traced = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=48',
        path.join(root, 'out/main/cli.js'),
        'run',
        '--f',
        'x^2 + y^2',
        '--start',
        '1,2',
        '--lr',
        '1e-9',
        '--steps',
        '2000000',
        '--trace',
      ],
      { encoding: 'utf8', maxBuffer: 1024 ** 3 },
    );
    expect(traced.stderr).toBe('');
    expect(traced.status).toBe(0);
    const output = traced.stdout;
    expect(output.startsWith('{"path":[[1,2],')).toBe(true);
    const tail = JSON.parse(`{${output.slice(output.lastIndexOf('],"status"') + 2)}`) as { steps: number };
    expect(tail.steps).toBe(2_000_000);
    expect(output.split('],[').length).toBe(2_000_001);
  }, 120_000);

  it("prints the article's result as JSON", () => {
    const { stdout } = runCommand(['--f', 'x^2 + y^2', '--start', '-3,4', '--lr', '0.1', '--gradient', 'central']);
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      status: 'max-steps',
      steps: 100,
      x: [-6.111107928998789e-10, 8.148143905314271e-10],
    });
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['status', 'steps', 'x', 'f', 'gradNorm', 'elapsedMs']));
  });

  it('adds the path with --trace and prints CSV with --format csv', () => {
    const traced = JSON.parse(
      runCommand(['--f', 'x^2', '--start', '2', '--lr', '0.25', '--steps', '2', '--trace']).stdout,
    ) as {
      path: number[][];
    };
    expect(traced.path).toEqual([[2], [1], [0.5]]);
    const csv = runCommand([
      '--f',
      'x^2 + y^2',
      '--start',
      '1,1',
      '--lr',
      '0.25',
      '--steps',
      '1',
      '--format',
      'csv',
    ]).stdout;
    expect(csv.trim().split('\n')).toEqual([
      'step,x,y,f,gradNorm',
      `0,1,1,2,${Math.sqrt(8)}`,
      `1,0.5,0.5,0.5,${Math.sqrt(2)}`,
    ]);
  });

  it('passes PyTorch hyper-parameters through', () => {
    const result = JSON.parse(
      runCommand([
        '--f',
        'x^2 + y^2',
        '--start',
        '-3,4',
        '--optimizer',
        'sgd',
        '--lr',
        '0.1',
        '--momentum',
        '0.9',
        '--nesterov',
      ]).stdout,
    ) as { x: number[] };
    expect(result.x[0]).toBeCloseTo(1.8268564e-7, 13);
  });

  it('sets every hyper-parameter the form sets: Adagrad’s initial accumulator, the line search’s c1 and shrink', () => {
    const run = (args: string[]): { x: number[]; steps: number } =>
      JSON.parse(runCommand(['--f', 'x^2', '--start', '3', '--steps', '1', ...args]).stdout) as {
        x: number[];
        steps: number;
      };
    // g = 6; sum = 3 + 36 = 39; x = 3 − 0.5·6 / (√39 + 1e-10).
    expect(run(['--optimizer', 'adagrad', '--lr', '0.5', '--initial-accumulator-value', '3']).x[0]).toBe(
      3 + (-0.5 * 6) / (Math.sqrt(39) + 1e-10),
    );
    // α = 1: f(3 − 6) = 9 is not below 9 − c1·1·36, so α shrinks by 0.25 to 0.25: f(1.5) = 2.25 is.
    expect(run(['--optimizer', 'linesearch', '--lr', '1', '--c1', '0.5', '--shrink', '0.25']).x[0]).toBe(1.5);
  });

  it.each([
    [['--start', '1'], /--f is required/],
    [['--f', 'x^2'], /--start is required/],
    [['--f', 'x^2', '--start', '1', '--optimizer', 'lbfgs'], /--optimizer must be one of/],
    [['--f', 'x^2', '--start', 'a,b'], /--start must be a number, got "a"/],
    [['--f', 'x^2', '--start', '1', '--lr', '-1'], /learning rate must be > 0, got -1/],
    [['--f', 'x^2', '--start', '1', '--steps', '1e12'], /steps must be ≤ 100000000/],
    [['--f', 'import("fs")', '--start', '1'], /not allowed|not available/],
    [['--f', 'x^2', '--start', '1', '--bogus'], /Unknown option '--bogus'/],
    [['--f', 'x^2', '--start', '1', '--steps', '0x10'], /--steps must be a number, got "0x10"/],
    [['--f', 'x^2', '--start', '0b1'], /--start must be a number, got "0b1"/],
    [['--f', 'x^2', '--start', '1', '--lr', '0.1', '--lr', '0.2'], /--lr is given more than once/],
  ])('rejects %j with a specific message', (args, message) => {
    expect(() => runCommand(args)).toThrow(UsageError);
    expect(() => runCommand(args)).toThrow(message);
  });

  it('exits 2 with one line on stderr for bad input, never a stack trace', () => {
    const { status, stdout, stderr } = cli(['run', '--f', 'x^2 + [1]', '--start', '1']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^descent-lab: A matrix or list is not allowed/);
    expect(cli(['frobnicate']).status).toBe(2);
  });

  it('prints the usage on stdout when asked (exit 0), on stderr when a command is missing (exit 2)', () => {
    const asked = cli(['--help']);
    expect(asked.status).toBe(0);
    expect(asked.stdout).toMatch(/^Usage: descent-lab replay/);
    expect(asked.stderr).toBe('');
    const replayHelp = cli(['replay', '--help']);
    expect(replayHelp.status).toBe(0);
    expect(replayHelp.stdout).toMatch(/^Usage: descent-lab replay/);
    const none = cli([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^Usage: descent-lab replay/);
  });
});

describe('descent-lab replay', () => {
  const fixture = path.join(root, 'shared/session/fixtures/v1.dlab');

  it('re-runs every run of a session and reports that it matches', async () => {
    const { replayCommand } = await import('./replay-command');
    const { stdout, exitCode } = await replayCommand([fixture]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^✓ Run 1 · sgd \[x\^2 \+ y\^2\]: matches \(max-steps, 100 steps/m);
    expect(stdout).toContain('1 of 1 runs match');
  });

  it('reports a run whose stored result differs, with exit code 1', async () => {
    const { mkdtemp, readFile, writeFile, rm } = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-replay-'));
    const tampered = path.join(dir, 'tampered.dlab');
    await writeFile(
      tampered,
      (await readFile(fixture, 'utf8')).replace('-6.111107928998789e-10, 8.148143905314271e-10]', '-6.1e-10, 8.1e-10]'),
    );
    const result = cli(['replay', tampered]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /✗ Run 1 · sgd .*differs — stored max-steps after 100 steps at \(-6\.1e-10, 8\.1e-10\)/,
    );
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 2 with one line for a bad file', () => {
    const result = cli(['replay', path.join(root, 'package.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/package\.json cannot be opened: this is not a Descent Lab session/);
    expect(cli(['replay', '/nonexistent/x.dlab']).stderr).toMatch(/x\.dlab could not be read \(no such file\)/);
  });
});
